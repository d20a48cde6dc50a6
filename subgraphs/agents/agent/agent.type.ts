import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { AgentStatus, AgentTier, ProductLine } from '../../../lib/domain/enums';
import type { AgentEntity } from './agent.entity';
import { capacityOf } from './capacity';

@ObjectType('AgentCapacity')
export class AgentCapacity {
  @Field(() => ID)
  agentId!: string;

  @Field(() => Int)
  maxOpen!: number;

  @Field(() => Int)
  dailyCap!: number;

  @Field(() => Int, { description: 'Offered or accepted assignments holding capacity' })
  open!: number;

  @Field(() => Int, { description: "Assignments made today, in the agent's time zone" })
  assignedToday!: number;

  @Field(() => Int, { description: 'How many more leads the agent can take now' })
  remaining!: number;
}

@ObjectType('WorkingHours', { description: "A weekly availability window in the agent's time zone" })
export class WorkingHours {
  @Field(() => Int, { description: '1 = Monday … 7 = Sunday' })
  isoWeekday!: number;

  @Field(() => String, { description: '"HH:MM", 24-hour clock' })
  start!: string;

  @Field(() => String, { description: '"HH:MM", 24-hour clock' })
  end!: string;
}

/** `licenses` is resolved per request through the licensesByAgentId loader (agent.resolver.ts). */
@ObjectType('Agent')
@Directive('@key(fields: "id")')
export class Agent {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  email!: string;

  @Field(() => AgentTier)
  tier!: AgentTier;

  @Field(() => AgentStatus)
  status!: AgentStatus;

  @Field(() => String, { description: 'IANA time zone name' })
  timezone!: string;

  @Field(() => [String], { description: 'Carriers the agent is appointed with' })
  appointments!: string[];

  @Field(() => [ProductLine])
  certifications!: ProductLine[];

  @Field(() => AgentCapacity)
  capacity!: AgentCapacity;

  @Field(() => [WorkingHours], { description: 'Empty: available whenever ONLINE' })
  workingHours!: WorkingHours[];

  /** The API view of a stored agent, its capacity as of `now`. */
  static fromEntity(entity: AgentEntity, now: Date = new Date()): Agent {
    return Object.assign(new Agent(), {
      id: entity.id,
      name: entity.name,
      email: entity.email,
      tier: entity.tier,
      status: entity.status,
      timezone: entity.timezone,
      appointments: entity.appointments,
      certifications: entity.certifications,
      capacity: Object.assign(new AgentCapacity(), capacityOf(entity, now)),
      workingHours: entity.workingHours.map((window) => Object.assign(new WorkingHours(), window)),
    });
  }
}
