import { requireStaffOrAgent, type Viewer } from '../../../lib/auth';

/**
 * What a viewer may read of an agent it reached by any path: `agent(id:)`, a
 * territory's members, a decision's candidates, an outcome's agent, or an
 * `_entities` call made straight to a subgraph. Staff read everything. Anyone
 * else, an agent included, reads only the `id` and `name` of another agent:
 * enough to show who a colleague or a lead's agent is, not how to reach them,
 * how loaded or licensed they are, or how they convert. An agent reads its
 * own record in full.
 *
 * The rule sits on the fields rather than on the queries because references
 * from other subgraphs bring the agent here without passing any query's check.
 * A refused field is FORBIDDEN, never an empty or made-up value.
 */
export function requireAgentDetailReader(viewer: Viewer, agentId: string): void {
  requireStaffOrAgent(viewer, agentId, "Only staff and the agent itself may read an agent's details");
}
