import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../../lib/context';
import { agentReference, AgentReference } from '../agent/agent-reference.type';
import type { LeadEntity } from '../lead/lead.entity';
import { canSeeCandidate } from '../lead/lead.policy';
import { Lead } from '../lead/lead.type';
import type { LeadsLoaders } from '../loaders';
import type { DecisionEntity } from './decision.entity';
import { Candidate, RoutingDecision } from './decision.type';

type Context = RequestContext<LeadsLoaders>;

@Resolver(() => RoutingDecision)
export class DecisionResolver {
  @FieldResolver(() => Lead)
  lead(@Root() decision: DecisionEntity, @Ctx() ctx: Context): Promise<LeadEntity> {
    return ctx.loaders.leadById.load(decision.leadId);
  }

  @FieldResolver(() => AgentReference, { nullable: true, description: 'Null when the lead was queued.' })
  chosenAgent(@Root() decision: DecisionEntity): AgentReference | null {
    return decision.chosenAgentId ? agentReference(decision.chosenAgentId) : null;
  }

  @FieldResolver(() => [Candidate], {
    description:
      'Every agent considered: eligible ones by score first, then the excluded with their reason. An AGENT sees only its own entry.',
  })
  candidates(@Root() decision: DecisionEntity, @Ctx() ctx: Context): Candidate[] {
    const visible = decision.candidates.filter((candidate) => canSeeCandidate(ctx.viewer, candidate.agentId));
    return visible.map((candidate) =>
      Object.assign(new Candidate(), {
        agent: agentReference(candidate.agentId),
        eligible: candidate.eligible,
        excludedBy: candidate.excludedBy,
        score: candidate.score,
        components: candidate.components,
      }),
    );
  }
}
