import { ConflictError, ForbiddenError, NotFoundError } from '../../../lib/errors';
import type { AssignmentStatus } from './assignment-status';

export class AssignmentNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('Assignment', id);
  }
}

export class NotTheOfferedAgentError extends ForbiddenError {
  constructor() {
    super('Only the agent the lead was offered to may accept or decline the offer');
  }
}

export class OfferExpiredError extends ConflictError {
  constructor(id: string) {
    super(`Assignment ${id}: offer expired`);
  }
}

/** Accepting or declining an offer that is no longer OFFERED (answered, expired or closed). */
export class AssignmentNotOfferedError extends ConflictError {
  constructor(id: string, status: AssignmentStatus) {
    super(`Assignment ${id} is ${status}, not OFFERED`);
  }
}
