import { Field, Float, ID, InputType } from 'type-graphql';
import { OutcomeType } from '../../../lib/domain/enums';

@InputType('RecordOutcomeInput')
export class RecordOutcomeInput {
  @Field(() => ID)
  leadId!: string;

  @Field(() => OutcomeType)
  type!: OutcomeType;

  @Field(() => Float, { nullable: true, description: 'USD, in whole cents; required for QUOTED and BOUND.' })
  premium?: number | null;

  @Field(() => String, { nullable: true, description: 'Required for LOST; a note for the other types.' })
  reason?: string | null;

  @Field(() => Date, { nullable: true, description: 'Defaults to now; may not be in the future.' })
  occurredAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'Required for BOUND, and only allowed there.' })
  policyNumber?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      "The agent the outcome is attributed to; defaults to the agent of the lead's assignment. An agent may name only itself.",
  })
  agentId?: string | null;
}
