import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DATETIME, ID_COLUMN } from '../../../lib/db/columns';
import type { RuleSetDocument } from './rule-set.document';

/**
 * One published version of the routing rules. Versions only grow; the ACTIVE
 * one is the highest, so exactly one is active by construction and publishing
 * is a single insert (the unique version index settles concurrent publishes).
 */
@Entity('rule_sets')
export class RuleSetEntity {
  @PrimaryColumn(ID_COLUMN)
  id!: string;

  @Column({ type: 'int', unique: true })
  version!: number;

  @Column({ type: 'simple-json' })
  rules!: RuleSetDocument;

  @Column({ name: 'published_at', ...DATETIME })
  publishedAt!: Date;

  /** The `sub` of the ADMIN who published it (`system` for the seeded default). */
  @Column({ name: 'published_by', type: 'varchar', length: 128 })
  publishedBy!: string;
}
