import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../../lib/context';
import { AgentReference } from '../agent/agent.type';
import { LeadReference } from '../lead/lead.type';
import type { OutcomesLoaders } from '../loaders';
import { OutcomeEntity } from './outcome.entity';
import { RecordOutcomeInput } from './outcome.inputs';
import type { OutcomeService } from './outcome.service';

@Resolver(() => OutcomeEntity)
export class OutcomeResolver {
  constructor(private readonly outcomes: OutcomeService) {}

  /** ADMIN, MANAGER; an AGENT for leads it has accepted (see outcome.policy.ts). */
  @Mutation(() => OutcomeEntity)
  recordOutcome(
    @Arg('input', () => RecordOutcomeInput) input: RecordOutcomeInput,
    @Ctx() ctx: RequestContext<OutcomesLoaders>,
  ): Promise<OutcomeEntity> {
    return this.outcomes.record(ctx, input);
  }

  @FieldResolver(() => LeadReference)
  lead(@Root() outcome: OutcomeEntity): LeadReference {
    return { id: outcome.leadId };
  }

  @FieldResolver(() => AgentReference, { nullable: true, description: 'The agent the outcome is attributed to.' })
  agent(@Root() outcome: OutcomeEntity): AgentReference | null {
    return outcome.agentId ? { id: outcome.agentId } : null;
  }
}
