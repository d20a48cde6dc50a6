import type { LeadStatus } from '../../../lib/domain/enums';
import { ConflictError } from '../../../lib/errors';

/** Routing applies to NEW and QUEUED leads; an offered or assigned lead is already someone's. */
export class LeadNotRoutableError extends ConflictError {
  constructor(leadId: string, status: LeadStatus) {
    super(`Lead ${leadId} is ${status}: only NEW or QUEUED leads can be routed`);
  }
}

/** Duplicates are never routed: the original lead is the one an agent works. */
export class DuplicateLeadNotRoutableError extends ConflictError {
  constructor(leadId: string) {
    super(`Lead ${leadId} is a DUPLICATE and is never routed`);
  }
}
