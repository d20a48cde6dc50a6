import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { DATETIME } from '../../../lib/db/columns';
import { TerritoryRole } from '../../../lib/domain/enums';
import { TerritoryEntity } from '../territory/territory.entity';
import { ID_COLUMN } from '../../../lib/db/columns';

/**
 * An agent's membership of a territory. The primary key (territory, agent) makes
 * an agent a member at most once and serves routing's "members of these
 * territories"; the agent index serves `Agent.territories`.
 */
@Entity('territory_members')
@Index('ix_territory_members_agent', ['agentId', 'territoryId'])
export class TerritoryMemberEntity {
  @PrimaryColumn({ ...ID_COLUMN, name: 'territory_id' })
  territoryId!: string;

  /** An agent of the agents subgraph (no foreign key: that table is not ours). */
  @PrimaryColumn({ ...ID_COLUMN, name: 'agent_id' })
  agentId!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: TerritoryRole;

  @Column({ type: 'double' })
  weight!: number;

  @Column({ ...DATETIME, name: 'created_at' })
  createdAt!: Date;

  @Column({ ...DATETIME, name: 'updated_at' })
  updatedAt!: Date;

  @ManyToOne(() => TerritoryEntity, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'territory_id' })
  territory?: TerritoryEntity;
}
