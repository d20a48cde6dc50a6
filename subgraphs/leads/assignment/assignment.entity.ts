import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DATETIME, ID_COLUMN } from '../../../lib/db/columns';
import { AssignmentStatus } from './assignment-status';

/**
 * An offer of one lead to one agent. While OFFERED or ACCEPTED it holds one
 * unit of the agent's capacity, and `openLeadId` carries the lead id: its
 * unique index is the database's guarantee that a lead never has two open assignments.
 */
@Entity('assignments')
@Index('ix_assignments_lead', ['leadId', 'offeredAt'])
@Index('ix_assignments_agent_status', ['agentId', 'status'])
@Index('ix_assignments_status_expires', ['status', 'expiresAt'])
@Index('uq_assignments_open_lead', ['openLeadId'], { unique: true })
export class AssignmentEntity {
  @PrimaryColumn(ID_COLUMN)
  id!: string;

  @Column({ name: 'lead_id', ...ID_COLUMN })
  leadId!: string;

  @Column({ name: 'agent_id', ...ID_COLUMN })
  agentId!: string;

  @Column({ name: 'decision_id', ...ID_COLUMN })
  decisionId!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: AssignmentStatus;

  /** The lead id while the assignment is open (OFFERED, ACCEPTED); null once it ends. */
  @Column({ name: 'open_lead_id', ...ID_COLUMN, nullable: true })
  openLeadId!: string | null;

  @Column({ name: 'offered_at', ...DATETIME })
  offeredAt!: Date;

  /** When an unanswered offer lapses (the rule's offer timeout). */
  @Column({ name: 'expires_at', ...DATETIME, nullable: true })
  expiresAt!: Date | null;

  /** When the agent accepted or declined, or the offer expired. */
  @Column({ name: 'responded_at', ...DATETIME, nullable: true })
  respondedAt!: Date | null;

  @Column({ name: 'closed_at', ...DATETIME, nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'decline_reason', type: 'varchar', length: 500, nullable: true })
  declineReason!: string | null;
}
