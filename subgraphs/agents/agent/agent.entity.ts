import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DATETIME, ID_COLUMN } from '../../../lib/db/columns';
import { AgentStatus, AgentTier, ProductLine } from '../../../lib/domain/enums';
import type { RoutingLicense } from '../license/routing-licenses';

/** One weekly availability window, in the agent's own time zone. */
export interface WorkingHoursWindow {
  /** 1 = Monday … 7 = Sunday (ISO 8601). */
  isoWeekday: number;
  /** "HH:MM", 24-hour clock. */
  start: string;
  /** "HH:MM", 24-hour clock, after `start`. */
  end: string;
}

/**
 * An agent, owned by the agents subgraph. The capacity counters are written by
 * routing with conditional updates (`open_count < max_open`), never by
 * read-modify-write, so several instances cannot push an agent past capacity.
 */
@Entity('agents')
@Index('ix_agents_status', ['status', 'id'])
@Index('uq_agents_email', ['email'], { unique: true })
export class AgentEntity {
  /** UUIDv7, so ordering by id is ordering by creation time. */
  @PrimaryColumn(ID_COLUMN)
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** Lower-cased, unique. */
  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @Column({ type: 'varchar', length: 16 })
  tier!: AgentTier;

  @Column({ type: 'varchar', length: 16 })
  status!: AgentStatus;

  /** IANA name; working hours and the daily cap count in this zone. */
  @Column({ type: 'varchar', length: 64 })
  timezone!: string;

  @Column({ name: 'max_open', type: 'int' })
  maxOpen!: number;

  @Column({ name: 'daily_cap', type: 'int' })
  dailyCap!: number;

  /** OFFERED or ACCEPTED assignments holding capacity. */
  @Column({ name: 'open_count', type: 'int', default: 0 })
  openCount!: number;

  /** Assignments made on `assignedDay`; stale (and read as 0) once that day has passed. */
  @Column({ name: 'assigned_today', type: 'int', default: 0 })
  assignedToday!: number;

  /** The agent-local date (YYYY-MM-DD) that `assignedToday` counts for. */
  @Column({ name: 'assigned_day', type: 'varchar', length: 10, nullable: true })
  assignedDay!: string | null;

  /** Carriers the agent is appointed with. */
  @Column({ type: 'simple-json' })
  appointments!: string[];

  @Column({ type: 'simple-json' })
  certifications!: ProductLine[];

  /** Empty: available whenever ONLINE. */
  @Column({ name: 'working_hours', type: 'simple-json' })
  workingHours!: WorkingHoursWindow[];

  /**
   * A copy of the agent's agent_licenses rows, rewritten with them, so that
   * routing reads a candidate from this row alone (license/routing-licenses.ts).
   * Null only on a row no writer has copied to, which routing reads as unlicensed.
   */
  @Column({ name: 'routing_licenses', type: 'simple-json', nullable: true })
  routingLicenses!: RoutingLicense[] | null;

  @Column({ name: 'created_at', ...DATETIME })
  createdAt!: Date;

  @Column({ name: 'updated_at', ...DATETIME })
  updatedAt!: Date;
}
