import { ConflictError, NotFoundError } from '../../../lib/errors';
import type { LeadStatus } from '../../../lib/domain/enums';

export class LeadNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('Lead', id);
  }
}

export class AgentNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('Agent', id);
  }
}

export class OutcomeNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('Outcome', id);
  }
}

/** BOUND and LOST end a lead's life; nothing more happens to it. */
export class LeadClosedError extends ConflictError {
  constructor(id: string, status: LeadStatus) {
    super(`Lead ${id} is closed (${status}); no further outcome can be recorded`);
  }
}

export class DuplicateLeadError extends ConflictError {
  constructor(id: string) {
    super(`Lead ${id} is a duplicate; record outcomes on the lead it duplicates`);
  }
}

/** The lead's status changed between reading and moving it; the whole outcome was rolled back. */
export class LeadChangedConcurrentlyError extends ConflictError {
  constructor(id: string) {
    super(`Lead ${id} changed while the outcome was being recorded; try again`);
  }
}

/**
 * A lead offered to an agent who has not answered yet is that agent's to
 * accept or decline: a CONTACTED or QUOTED recorded now would move the lead
 * past OFFERED, and a decline or expiry afterwards would leave it with no
 * agent and out of the queue. Ending it (BOUND, LOST) withdraws the offer.
 */
export class LeadOfferPendingError extends ConflictError {
  constructor(id: string, agentId: string) {
    super(
      `Lead ${id} is offered to agent ${agentId}, who has not answered yet; record CONTACTED or QUOTED once the offer is accepted, or BOUND or LOST to end it`,
    );
  }
}
