import { Entity, Index, PrimaryColumn } from 'typeorm';
import { ID_COLUMN } from '../../../lib/db/columns';

/** How a territory area matches a ZIP code. */
export enum AreaKind {
  STATE = 'STATE',
  ZIP = 'ZIP',
  ZIP_PREFIX = 'ZIP_PREFIX',
  COUNTY = 'COUNTY',
}

/**
 * One area of a territory. The primary key serves "areas of these territories";
 * the (kind, value) index serves "territories containing this ZIP", which must
 * stay an indexed lookup however many territories exist.
 */
@Entity('territory_areas')
@Index('ix_territory_areas_kind_value', ['kind', 'value', 'territoryId'])
export class TerritoryAreaEntity {
  @PrimaryColumn({ ...ID_COLUMN, name: 'territory_id' })
  territoryId!: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  kind!: AreaKind;

  /** A state code, a 5-digit ZIP, a 1–4 digit ZIP prefix or a 5-digit county FIPS code. */
  @PrimaryColumn({ type: 'varchar', length: 5 })
  value!: string;
}
