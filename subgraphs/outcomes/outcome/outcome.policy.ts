import { Role, type Viewer } from '../../../lib/auth';
import { ForbiddenError } from '../../../lib/errors';

/**
 * Who may record an outcome:
 * - ADMIN and MANAGER: for any lead, attributed to any agent (or to none).
 * - AGENT: only for a lead currently assigned to it. Leads are assigned by the
 *   routing engine, which does not exist yet, so no lead is assigned to any
 *   agent and this rule refuses every agent. Routing extends it: it will pass
 *   the lead's current assignment here and allow the assigned agent, with the
 *   outcome attributed to that agent.
 * - PARTNER: never; partners submit leads, they do not work them.
 */
export function assertMayRecordOutcome(viewer: Viewer): void {
  switch (viewer.role) {
    case Role.ADMIN:
    case Role.MANAGER:
      return;
    case Role.AGENT:
      throw new ForbiddenError('An agent may record outcomes only for leads assigned to it');
    case Role.PARTNER:
      throw new ForbiddenError('Partners may not record outcomes');
    default:
      throw new ForbiddenError();
  }
}
