import { isStaff, partnerIdProblem, Role, type Viewer } from '../../../lib/auth';
import { BadUserInputError, ForbiddenError } from '../../../lib/errors';
import { AssignmentStatus } from '../assignment/assignment-status';
import type { AssignmentEntity } from '../assignment/assignment.entity';

/**
 * Who may see and do what with leads. Staff see everything; a partner its own
 * leads; an agent follows from its assignments: it sees a lead once the lead
 * has been offered to it, and the contact while the offer stands or once it
 * accepted (a lead is worth most in its first minutes), not after it passed
 * nor after staff ended the lead before it answered.
 */

interface OwnedLead {
  partnerId: string;
}

/** One offer of the lead, as far as access depends on it. */
export type LeadOffer = Pick<AssignmentEntity, 'agentId' | 'status' | 'respondedAt'>;

/** The lead's offers, as far as access depends on them. */
export type LeadOffers = ReadonlyArray<LeadOffer>;

/**
 * Whether the agent accepted the offer: ACCEPTED, or CLOSED after it was. An
 * outcome also CLOSES an offer still unanswered (staff ending the lead), which
 * leaves its respondedAt null; accepting is what sets it on an offer that can be closed.
 */
export const wasAccepted = (offer: Pick<LeadOffer, 'status' | 'respondedAt'>): boolean =>
  offer.status === AssignmentStatus.ACCEPTED ||
  (offer.status === AssignmentStatus.CLOSED && offer.respondedAt !== null);

/** Whether the agent may work the lead under this offer, and so needs to reach the consumer. */
const isWorkingOffer = (offer: LeadOffer): boolean => offer.status === AssignmentStatus.OFFERED || wasAccepted(offer);

const ownsLead = (viewer: Viewer, lead: OwnedLead): boolean =>
  viewer.role === Role.PARTNER && viewer.partnerId === lead.partnerId;

const offersToViewer = (viewer: Viewer, offers: LeadOffers): LeadOffers =>
  viewer.role === Role.AGENT ? offers.filter((offer) => offer.agentId === viewer.agentId) : [];

/** Whether the lead's access for this viewer depends on its offers (only an agent's does). */
export const needsOffers = (viewer: Viewer): boolean => viewer.role === Role.AGENT;

/**
 * Staff see every lead; a partner only its own; an agent the leads offered to it,
 * whatever became of the offer. Others read as absent, so their existence does not leak.
 */
export function canSeeLead(viewer: Viewer, lead: OwnedLead, offers: LeadOffers = []): boolean {
  return isStaff(viewer) || ownsLead(viewer, lead) || offersToViewer(viewer, offers).length > 0;
}

/**
 * Contact PII: staff, the submitting partner, and the agent holding the offer
 * or that accepted the lead (also once an outcome closed it).
 */
export function canSeeContact(viewer: Viewer, lead: OwnedLead, offers: LeadOffers = []): boolean {
  return isStaff(viewer) || ownsLead(viewer, lead) || offersToViewer(viewer, offers).some(isWorkingOffer);
}

/**
 * Whose entries of a decision's candidate list the viewer sees: staff every
 * agent's; an agent (who sees only the decisions that chose it) its own entry,
 * since the others' exclusion reasons and scores say how its colleagues are
 * licensed, loaded and converting; a partner none.
 */
export function canSeeCandidate(viewer: Viewer, candidateAgentId: string): boolean {
  return isStaff(viewer) || (viewer.role === Role.AGENT && viewer.agentId === candidateAgentId);
}

/**
 * The partner a lead list is restricted to: staff may ask for any partner or
 * none; a partner always gets its own and may not ask for another's.
 */
export function listingPartnerId(viewer: Viewer, requested: string | null | undefined): string | undefined {
  if (isStaff(viewer)) return requested ?? undefined;
  if (viewer.role === Role.PARTNER) {
    if (requested != null && requested !== viewer.partnerId) {
      throw new ForbiddenError('A partner may list only its own leads');
    }
    return viewer.partnerId;
  }
  // An agent's list is restricted to the leads offered to it (LeadService.list); it may narrow it by partner.
  return requested ?? undefined;
}

/**
 * The partner a submitted lead belongs to: a partner's comes from its token
 * (naming another is FORBIDDEN); an admin submitting on a partner's behalf must name it.
 */
export function submittingPartnerId(viewer: Viewer, requested: string | null | undefined): string {
  if (viewer.role === Role.PARTNER && viewer.partnerId) {
    if (requested != null && requested !== viewer.partnerId) {
      throw new ForbiddenError('A partner may submit leads only under its own partnerId');
    }
    return viewer.partnerId;
  }
  if (viewer.role === Role.ADMIN) {
    const partnerId = requested?.trim() ?? '';
    if (!partnerId) throw new BadUserInputError('input.partnerId', 'is required when an admin submits a lead');
    const problem = partnerIdProblem(partnerId);
    if (problem) throw new BadUserInputError('input.partnerId', problem);
    return partnerId;
  }
  throw new ForbiddenError('Only partners and admins may submit leads');
}
