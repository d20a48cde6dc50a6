import { isStaff, Role, type Viewer } from '../../../lib/auth';
import { BadUserInputError, ForbiddenError } from '../../../lib/errors';

/**
 * Who may see and do what with leads. Agents see nothing yet: what an agent may
 * see follows from its assignments, which arrive with routing.
 */

interface OwnedLead {
  partnerId: string;
}

const ownsLead = (viewer: Viewer, lead: OwnedLead): boolean =>
  viewer.role === Role.PARTNER && viewer.partnerId === lead.partnerId;

/** Staff see every lead; a partner only its own (others read as absent, so their existence does not leak). */
export function canSeeLead(viewer: Viewer, lead: OwnedLead): boolean {
  return isStaff(viewer) || ownsLead(viewer, lead);
}

/** Contact PII: staff and the submitting partner. */
export function canSeeContact(viewer: Viewer, lead: OwnedLead): boolean {
  return isStaff(viewer) || ownsLead(viewer, lead);
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
  throw new ForbiddenError('Agents cannot list leads');
}

export const MAX_PARTNER_ID_LENGTH = 64;

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
    if (partnerId.length > MAX_PARTNER_ID_LENGTH) {
      throw new BadUserInputError('input.partnerId', `must be at most ${MAX_PARTNER_ID_LENGTH} characters`);
    }
    return partnerId;
  }
  throw new ForbiddenError('Only partners and admins may submit leads');
}
