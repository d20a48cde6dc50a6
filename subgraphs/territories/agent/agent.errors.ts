import { NotFoundError } from '../../../lib/errors';

export class AgentNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('Agent', id);
  }
}
