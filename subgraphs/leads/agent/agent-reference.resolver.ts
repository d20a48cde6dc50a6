import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { requireStaffOrAgent } from '../../../lib/auth';
import type { RequestContext } from '../../../lib/context';
import { AssignmentStatus } from '../assignment/assignment-status';
import type { AssignmentEntity } from '../assignment/assignment.entity';
import { Assignment } from '../assignment/assignment.type';
import { agentAssignmentsKey, type LeadsLoaders } from '../loaders';
import { AgentReference } from './agent-reference.type';

@Resolver(() => AgentReference)
export class AgentAssignmentsResolver {
  @FieldResolver(() => [Assignment], {
    description: 'Newest first, optionally only those in `status`. Staff: any agent. AGENT: only its own.',
  })
  assignments(
    @Root() agent: AgentReference,
    @Arg('status', () => AssignmentStatus, { nullable: true }) status: AssignmentStatus | null,
    @Ctx() ctx: RequestContext<LeadsLoaders>,
  ): Promise<AssignmentEntity[]> {
    requireStaffOrAgent(ctx.viewer, agent.id);
    return ctx.loaders.assignmentsByAgent.load(agentAssignmentsKey(agent.id, status));
  }
}
