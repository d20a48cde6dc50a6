import { NotFoundError } from '../../../lib/errors';

export class LeadNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('Lead', id);
  }
}
