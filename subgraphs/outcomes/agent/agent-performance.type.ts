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
      'bound / leads shrunk toward the population bind rate of the product line (Beta-Binomial posterior mean); what routing uses.',
  })
  estimatedBindRate!: number;
}
