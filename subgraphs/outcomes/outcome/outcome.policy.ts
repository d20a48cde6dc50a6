import { Role, type Viewer } from '../../../lib/auth';
import { ForbiddenError } from '../../../lib/errors';
import { AssignmentStatus } from '../../leads/assignment/assignment-status';
import type { AssignmentEntity } from '../../leads/assignment/assignment.entity';
import { wasAccepted } from '../../leads/lead/lead.policy';

/**
 * Who may record an outcome:
 * - ADMIN and MANAGER: for any lead, attributed to any agent (or to none).
 * - AGENT: only for a lead whose current assignment it has ACCEPTED, and only
 *   in its own name. An offer not yet accepted does not make the lead the
 *   agent's to work. (Once its own BOUND or LOST closed the lead, a further
 *   outcome is a CONFLICT rather than FORBIDDEN: the lead was the agent's. One
 *   staff ended while merely offered to it never was: FORBIDDEN.)
 * - PARTNER: never; partners submit leads, they do not work them.
 */

/** The role check, made before the input is read or the database touched. */
export function assertMayRecordOutcomes(viewer: Viewer): void {
  switch (viewer.role) {
    case Role.ADMIN:
    case Role.MANAGER:
    case Role.AGENT:
      return;
    case Role.PARTNER:
      throw new ForbiddenError('Partners may not record outcomes');
    default:
      throw new ForbiddenError();
  }
}

export interface OutcomeTarget {
  /** The lead's open assignment, or when none is open its latest ACCEPTED or CLOSED one. */
  assignment: Pick<AssignmentEntity, 'agentId' | 'status' | 'respondedAt'> | null;
  /** The lead is BOUND or LOST. */
  leadClosed: boolean;
  /** The agent the input attributes the outcome to, if it names one. */
  requestedAgentId: string | null;
}

/** The check for one lead, made inside the transaction that records the outcome. */
export function assertMayRecordOutcomeFor(viewer: Viewer, target: OutcomeTarget): void {
  assertMayRecordOutcomes(viewer);
  if (viewer.role !== Role.AGENT) return;
  if (target.requestedAgentId !== null && target.requestedAgentId !== viewer.agentId) {
    throw new ForbiddenError('An agent may record outcomes only in its own name');
  }
  const { assignment } = target;
  const worksTheLead =
    assignment !== null &&
    assignment.agentId === viewer.agentId &&
    wasAccepted(assignment) &&
    (assignment.status === AssignmentStatus.ACCEPTED || target.leadClosed);
  if (!worksTheLead) throw new ForbiddenError('An agent may record outcomes only for leads it has accepted');
}
