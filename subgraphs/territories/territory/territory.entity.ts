import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DATETIME } from '../../../lib/db/columns';
import { ID_COLUMN } from '../../../lib/db/columns';

/** A named area that leads are routed within; its areas and members live in their own tables. */
@Entity('territories')
@Index('uq_territories_name', ['name'], { unique: true })
export class TerritoryEntity {
  /** UUIDv7 from `newId()`. */
  @PrimaryColumn(ID_COLUMN)
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ ...DATETIME, name: 'created_at' })
  createdAt!: Date;
}
