import { Field, InputType, Int } from 'type-graphql';
import { AgentStatus, AgentTier, ProductLine } from '../../../lib/domain/enums';
import { LicenseInput } from '../license/license.inputs';

@InputType('WorkingHoursInput', { description: '1 = Monday; "09:00" to "17:30", agent\'s local time' })
export class WorkingHoursInput {
  @Field(() => Int)
  isoWeekday!: number;

  @Field(() => String)
  start!: string;

  @Field(() => String)
  end!: string;
}

@InputType('CreateAgentInput')
export class CreateAgentInput {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  email!: string;

  @Field(() => AgentTier)
  tier!: AgentTier;

  @Field(() => String)
  timezone!: string;

  @Field(() => [LicenseInput], { nullable: true })
  licenses?: LicenseInput[] | null;

  @Field(() => [String], { nullable: true })
  appointments?: string[] | null;

  @Field(() => [ProductLine], { nullable: true })
  certifications?: ProductLine[] | null;

  @Field(() => Int)
  maxOpen!: number;

  @Field(() => Int)
  dailyCap!: number;

  @Field(() => AgentStatus, { nullable: true, description: 'Defaults to OFFLINE' })
  status?: AgentStatus | null;

  @Field(() => [WorkingHoursInput], { nullable: true, description: 'Absent: available whenever ONLINE' })
  workingHours?: WorkingHoursInput[] | null;
}

@InputType('UpdateAgentInput')
export class UpdateAgentInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => AgentTier, { nullable: true })
  tier?: AgentTier | null;

  @Field(() => Int, { nullable: true })
  maxOpen?: number | null;

  @Field(() => Int, { nullable: true })
  dailyCap?: number | null;

  @Field(() => String, { nullable: true })
  timezone?: string | null;

  @Field(() => [String], { nullable: true, description: 'Replaces the whole list; empty: appointed with no carrier' })
  appointments?: string[] | null;

  @Field(() => [WorkingHoursInput], {
    nullable: true,
    description: 'Replaces the whole list; empty: available whenever ONLINE',
  })
  workingHours?: WorkingHoursInput[] | null;
}
