import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { ID_COLUMN } from '../../../lib/db/columns';
import { LineOfAuthority } from '../../../lib/domain/enums';

/** A state producer license for one line of authority. */
@Entity('agent_licenses')
@Index('uq_agent_licenses_agent_state_line', ['agentId', 'state', 'line'], { unique: true })
@Index('ix_agent_licenses_state_line_agent', ['state', 'line', 'agentId'])
export class AgentLicenseEntity {
  @PrimaryColumn(ID_COLUMN)
  id!: string;

  @Column({ name: 'agent_id', ...ID_COLUMN })
  agentId!: string;

  /** USPS code, upper case. */
  @Column({ type: 'varchar', length: 2 })
  state!: string;

  @Column({ type: 'varchar', length: 32 })
  line!: LineOfAuthority;

  /** ISO date (YYYY-MM-DD); null when the license does not expire or the date is unknown. */
  @Column({ name: 'expires_on', type: 'varchar', length: 10, nullable: true })
  expiresOn!: string | null;
}
