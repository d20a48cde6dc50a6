import { isStaff, Role, type Viewer } from '../../../lib/auth';
import type { AssignmentEntity } from './assignment.entity';
import type { DecisionEntity } from '../decision/decision.entity';

/**
 * Routing internals (assignments, decisions and their candidates) are for
 * staff; an agent sees its own assignments and the decisions that made them;
 * partners see none (their leads' routing fields read as null or empty).
 */
export function canSeeAssignment(viewer: Viewer, assignment: Pick<AssignmentEntity, 'agentId'>): boolean {
  return isStaff(viewer) || (viewer.role === Role.AGENT && viewer.agentId === assignment.agentId);
}

/** A decision that chose an agent made that agent's assignment. */
export function canSeeDecision(viewer: Viewer, decision: Pick<DecisionEntity, 'chosenAgentId'>): boolean {
  return isStaff(viewer) || (viewer.role === Role.AGENT && viewer.agentId === decision.chosenAgentId);
}
