import { Field, Float, Int, ObjectType } from 'type-graphql';

@ObjectType('AgentPerformance', {
  description: 'Conversion of the leads an agent has outcomes for; each lead counts once per stage it reached.',
})
export class AgentPerformance {
  @Field(() => Int, { description: 'Distinct leads the agent has at least one outcome for.' })
  leads!: number;

  @Field(() => Int, { description: 'Leads contacted (or quoted or bound) by the agent.' })
  contacted!: number;

  @Field(() => Int, { description: 'Leads quoted (or bound) by the agent.' })
  quoted!: number;

  @Field(() => Int)
  bound!: number;

  @Field(() => Int)
  lost!: number;

  @Field(() => Float, { description: 'bound / leads; 0 without leads.' })
  bindRate!: number;

  @Field(() => Float, {
    description:
      "bound / leads shrunk toward the product line's pooled bind rate (Beta-Binomial posterior mean); that rate is itself shrunk toward the overall rate (which is shrunk toward 10%), so it is never 0 before a line's first bind. Routing's propensity is the same posterior with a prior per certification status, so it differs.",
  })
  estimatedBindRate!: number;
}
