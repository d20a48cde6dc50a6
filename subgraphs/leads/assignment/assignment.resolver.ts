import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../../lib/context';
import { agentReference, AgentReference } from '../agent/agent-reference.type';
import type { DecisionEntity } from '../decision/decision.entity';
import { RoutingDecision } from '../decision/decision.type';
import type { LeadEntity } from '../lead/lead.entity';
import { Lead } from '../lead/lead.type';
import type { LeadsLoaders } from '../loaders';
import type { AssignmentEntity } from './assignment.entity';
import type { AssignmentService } from './assignment.service';
import { Assignment } from './assignment.type';

type Context = RequestContext<LeadsLoaders>;

@Resolver(() => Assignment)
export class AssignmentResolver {
  constructor(private readonly assignmentService: AssignmentService) {}

  @Mutation(() => Assignment, {
    description: 'The offered AGENT: takes the lead (lead ASSIGNED). CONFLICT when the offer expired or was answered.',
  })
  acceptAssignment(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<AssignmentEntity> {
    return this.assignmentService.accept(ctx, id);
  }

  @Mutation(() => Assignment, {
    description:
      'The offered AGENT: turns the lead down; it is offered to the next best agent who has not had it, or QUEUED. CONFLICT when the offer expired or was answered.',
  })
  declineAssignment(
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String, { nullable: true, description: 'At most 500 characters.' }) reason: string | null,
    @Ctx() ctx: Context,
  ): Promise<AssignmentEntity> {
    return this.assignmentService.decline(ctx, id, reason);
  }

  @FieldResolver(() => Lead)
  lead(@Root() assignment: AssignmentEntity, @Ctx() ctx: Context): Promise<LeadEntity> {
    return ctx.loaders.leadById.load(assignment.leadId);
  }

  @FieldResolver(() => AgentReference)
  agent(@Root() assignment: AssignmentEntity): AgentReference {
    return agentReference(assignment.agentId);
  }

  @FieldResolver(() => RoutingDecision, { description: 'The routing decision that made the offer.' })
  decision(@Root() assignment: AssignmentEntity, @Ctx() ctx: Context): Promise<DecisionEntity> {
    return ctx.loaders.decisionById.load(assignment.decisionId);
  }
}
