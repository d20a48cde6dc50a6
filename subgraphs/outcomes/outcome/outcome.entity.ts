import { Directive, Field, Float, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DATETIME, decimalToNumber, ID_COLUMN } from '../../../lib/db/columns';
import { OutcomeType, ProductLine } from '../../../lib/domain/enums';

/**
 * One recorded step of a lead's way to a sale (or its loss). The lead's source
 * (partner) and product line are copied from the lead when recorded, so metrics
 * by source and product line never need to join the leads table.
 * `lead` and `agent` are added by OutcomeResolver as federation references.
 */
@Directive('@key(fields: "id")')
@ObjectType('Outcome')
@Entity('outcomes')
@Index('ix_outcomes_lead_occurred', ['leadId', 'occurredAt'])
@Index('ix_outcomes_agent_line', ['agentId', 'productLine'])
@Index('ix_outcomes_partner_occurred', ['partnerId', 'occurredAt'])
export class OutcomeEntity {
  @Field(() => ID)
  @PrimaryColumn(ID_COLUMN)
  id!: string;

  @Column({ ...ID_COLUMN, name: 'lead_id' })
  leadId!: string;

  /** The agent the outcome is attributed to, when known. */
  @Column({ ...ID_COLUMN, name: 'agent_id', nullable: true })
  agentId!: string | null;

  @Column({ name: 'partner_id', type: 'varchar', length: 64 })
  partnerId!: string;

  @Column({ name: 'product_line', type: 'varchar', length: 32 })
  productLine!: ProductLine;

  @Field(() => OutcomeType)
  @Column({ type: 'varchar', length: 16 })
  type!: OutcomeType;

  @Field(() => Float, { nullable: true, description: 'USD; required (more than 0) for QUOTED and BOUND.' })
  @Column({ type: 'decimal', precision: 14, scale: 2, nullable: true, transformer: decimalToNumber })
  premium!: number | null;

  @Field(() => String, { nullable: true, description: 'Why the lead was lost (required for LOST), or a note.' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  reason!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The bound policy (BOUND only); null when the sale was recorded without one.',
  })
  @Column({ name: 'policy_number', type: 'varchar', length: 64, nullable: true })
  policyNumber!: string | null;

  @Field(() => Date, { description: 'When it happened, as reported by whoever recorded it.' })
  @Column({ ...DATETIME, name: 'occurred_at' })
  occurredAt!: Date;

  @Field(() => Date, { description: 'When it was recorded in Leadflow.' })
  @Column({ ...DATETIME, name: 'recorded_at' })
  recordedAt!: Date;

  /** The `sub` of whoever recorded it, for audit. */
  @Column({ name: 'recorded_by', type: 'varchar', length: 255 })
  recordedBy!: string;
}
