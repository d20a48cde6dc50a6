import { Field, Float, ID, InputType } from 'type-graphql';
import { OutcomeType } from '../../../lib/domain/enums';

@InputType('RecordOutcomeInput')
export class RecordOutcomeInput {
  @Field(() => ID)
  leadId!: string;

  @Field(() => OutcomeType)
  type!: OutcomeType;

  @Field(() => Float, {
    nullable: true,
    description: 'USD, in whole cents; required for QUOTED and BOUND, and more than 0 there.',
  })
  premium?: number | null;

  @Field(() => String, { nullable: true, description: 'Required for LOST; a note for the other types.' })
  reason?: string | null;

  @Field(() => Date, {
    nullable: true,
    description: 'Defaults to now; may not be in the future, nor before the lead was created.',
  })
  occurredAt?: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'The bound policy: BOUND only, and optional there: it may be given with the sale or left out.',
  })
  policyNumber?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'The agent the outcome is attributed to; defaults to the agent that accepted the lead (no one while the lead is only offered). An agent may name only itself.',
  })
  agentId?: string | null;
}
