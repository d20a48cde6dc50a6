import { Directive, Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { JSONScalar } from '../../../lib/domain/scalars';
import { AgentReference } from '../agent/agent-reference.type';

/**
 * The audit record of one routing. Resolvers return DecisionEntity rows (or,
 * for previewRouting, one that was never stored); `lead`, `chosenAgent` and
 * `candidates` are field resolvers (DecisionResolver).
 */
@Directive('@key(fields: "id")')
@ObjectType('RoutingDecision')
export class RoutingDecision {
  @Field(() => ID, { description: 'For previewRouting: the id the decision would get; no decision has it.' })
  id!: string;

  @Field(() => Int, { description: 'The rule set version the decision applied.' })
  ruleSetVersion!: number;

  @Field(() => String, {
    nullable: true,
    description: "The rule set's rule that matched the lead; null when only its defaults applied.",
  })
  ruleName!: string | null;

  @Field(() => Float, {
    nullable: true,
    description: 'The probability with which the policy picked the chosen agent (fair rotation among near-equals).',
  })
  chosenProbability!: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'Why the lead was queued: a reason code, with the exclusion counts. Null when an agent was chosen.',
  })
  queuedReason!: string | null;

  @Field(() => String, { description: 'What started the routing: SUBMIT, ROUTE, DECLINE, EXPIRY, QUEUE or PREVIEW.' })
  trigger!: string;

  @Field(() => Date)
  createdAt!: Date;
}

/** One agent as the decision saw it. */
@ObjectType('Candidate')
export class Candidate {
  @Field(() => AgentReference)
  agent!: AgentReference;

  @Field(() => Boolean)
  eligible!: boolean;

  @Field(() => String, { nullable: true, description: 'Reason code of the hard rule that excluded the agent.' })
  excludedBy!: string | null;

  @Field(() => Float, { nullable: true, description: 'The expected value the agent was ranked by, when scored.' })
  score!: number | null;

  @Field(() => JSONScalar, {
    nullable: true,
    description: 'Score parts: propensity, premium, load discount, weight, …',
  })
  components!: Record<string, unknown> | null;
}
