import { ConflictError, NotFoundError } from '../../../lib/errors';

export class AgentNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('Agent', id);
  }
}

export class AgentEmailTakenError extends ConflictError {
  constructor(email: string) {
    super(`input.email: another agent already uses ${email}`);
  }
}
