import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DATETIME, ID_COLUMN } from '../../../lib/db/columns';
import type { ProductLine } from '../../../lib/domain/enums';

/**
 * Running conversion counts per agent and product line, updated in the same
 * transaction as every attributed outcome, so that routing can estimate
 * P(bind | agent, product line) with one indexed read per decision.
 *
 * Definition of the counts, per (agent, product line):
 * - `leads`: distinct leads the agent has at least one outcome for; a lead is
 *   counted when the agent's first outcome for it is recorded.
 * - `contacted`, `quoted`, `bound`, `lost`: distinct leads that reached at least
 *   that stage with this agent. Stages imply the earlier ones (BOUND counts as
 *   quoted and contacted, QUOTED as contacted); LOST implies nothing else, since
 *   a lead can be lost before anyone reaches it. Each lead counts at most once
 *   per stage: a column grows only when an outcome takes the lead, for this
 *   agent, to a stage it had not reached with this agent before.
 * Hence contacted ≤ leads, quoted ≤ contacted, bound ≤ quoted, and bound / leads
 * is the agent's bind rate on that product line.
 */
@Entity('agent_conversion_stats')
export class AgentConversionStatsEntity {
  @PrimaryColumn({ ...ID_COLUMN, name: 'agent_id' })
  agentId!: string;

  @PrimaryColumn({ name: 'product_line', type: 'varchar', length: 32 })
  productLine!: ProductLine;

  @Column({ type: 'int', default: 0 })
  leads!: number;

  @Column({ type: 'int', default: 0 })
  contacted!: number;

  @Column({ type: 'int', default: 0 })
  quoted!: number;

  @Column({ type: 'int', default: 0 })
  bound!: number;

  @Column({ type: 'int', default: 0 })
  lost!: number;

  /** Whether the agent held a certification for the product line at its latest outcome: routing pools priors by it. */
  @Column({ type: 'boolean', default: false })
  certified!: boolean;

  @Column({ ...DATETIME, name: 'updated_at' })
  updatedAt!: Date;
}
