import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DATETIME, ID_COLUMN } from '../../../lib/db/columns';
import { candidateAuditTransformer } from './candidate-audit';

/** One candidate as the decision saw it: the hard rule that excluded it, or its score and why. */
export interface CandidateRecord {
  agentId: string;
  eligible: boolean;
  /** Stable reason code of the first hard rule the agent failed. */
  excludedBy: string | null;
  score: number | null;
  components: Record<string, unknown> | null;
}

/** What started a routing: the submission, a manager, a decline, an expiry, or the queue. */
export type RoutingTrigger = 'SUBMIT' | 'ROUTE' | 'DECLINE' | 'EXPIRY' | 'QUEUE';

/**
 * The audit record of one routing. Immutable once written: it says which rule
 * set version ran, every candidate considered, whom it chose and with what
 * probability (so policies can be evaluated offline), or why it queued the lead.
 */
@Entity('routing_decisions')
@Index('ix_routing_decisions_lead', ['leadId', 'createdAt'])
export class DecisionEntity {
  @PrimaryColumn(ID_COLUMN)
  id!: string;

  @Column({ name: 'lead_id', ...ID_COLUMN })
  leadId!: string;

  @Column({ name: 'rule_set_version', type: 'int' })
  ruleSetVersion!: number;

  /** The rule of the rule set that matched the lead; null when only the defaults applied. */
  @Column({ name: 'rule_name', type: 'varchar', length: 100, nullable: true })
  ruleName!: string | null;

  @Column({ name: 'chosen_agent_id', ...ID_COLUMN, nullable: true })
  chosenAgentId!: string | null;

  /** The probability with which the policy picked the chosen agent among near-equal candidates. */
  @Column({ name: 'chosen_probability', type: 'double', nullable: true })
  chosenProbability!: number | null;

  @Column({ name: 'queued_reason', type: 'varchar', length: 500, nullable: true })
  queuedReason!: string | null;

  @Column({ type: 'varchar', length: 16 })
  trigger!: RoutingTrigger;

  @Column({ type: 'simple-json', transformer: candidateAuditTransformer })
  candidates!: CandidateRecord[];

  @Column({ name: 'created_at', ...DATETIME })
  createdAt!: Date;
}
