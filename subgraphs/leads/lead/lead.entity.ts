import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DATETIME, decimalToNumber, ID_COLUMN } from '../../../lib/db/columns';
import { CustomerType, LeadStatus, ProductLine } from '../../../lib/domain/enums';

/**
 * A submitted lead. Owned by the leads subgraph; the outcomes subgraph moves
 * its `status` forward in the same database transaction as an outcome.
 */
@Entity('leads')
@Index('uq_leads_partner_external', ['partnerId', 'externalId'], { unique: true })
@Index('ix_leads_phone_line_created', ['phone', 'productLine', 'createdAt'])
@Index('ix_leads_email_line_created', ['email', 'productLine', 'createdAt'])
@Index('ix_leads_status', ['status', 'id'])
@Index('ix_leads_status_created', ['status', 'createdAt'])
@Index('ix_leads_partner', ['partnerId', 'id'])
// (status, created_at, estimated_premium DESC): a descending column TypeORM cannot declare; the migration makes it.
@Index('ix_leads_queue_value', { synchronize: false })
export class LeadEntity {
  /** UUIDv7 made when the lead is stored (LeadService.prepare), so ordering by id is the order leads were stored in. */
  @PrimaryColumn(ID_COLUMN)
  id!: string;

  @Column({ name: 'partner_id', type: 'varchar', length: 64 })
  partnerId!: string;

  @Column({ name: 'external_id', type: 'varchar', length: 128 })
  externalId!: string;

  @Column({ name: 'product_line', type: 'varchar', length: 32 })
  productLine!: ProductLine;

  @Column({ name: 'customer_type', type: 'varchar', length: 16 })
  customerType!: CustomerType;

  @Column({ type: 'varchar', length: 16 })
  status!: LeadStatus;

  @Column({ name: 'duplicate_of_id', ...ID_COLUMN, nullable: true })
  duplicateOfId!: string | null;

  @Column({ name: 'postal_code', type: 'varchar', length: 5 })
  postalCode!: string;

  @Column({ type: 'varchar', length: 2 })
  state!: string;

  @Column({ type: 'varchar', length: 64 })
  county!: string;

  @Column({ type: 'varchar', length: 64 })
  city!: string;

  @Column({ type: 'double' })
  latitude!: number;

  @Column({ type: 'double' })
  longitude!: number;

  @Column({ type: 'varchar', length: 64 })
  timezone!: string;

  @Column({
    name: 'estimated_premium',
    type: 'decimal',
    precision: 14,
    scale: 2,
    nullable: true,
    transformer: decimalToNumber,
  })
  estimatedPremium!: number | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  carrier!: string | null;

  @Column({ name: 'first_name', type: 'varchar', length: 100 })
  firstName!: string;

  @Column({ name: 'last_name', type: 'varchar', length: 100 })
  lastName!: string;

  /** Lower-cased, for duplicate matching. */
  @Column({ type: 'varchar', length: 254, nullable: true })
  email!: string | null;

  /** E.164, for duplicate matching. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  phone!: string | null;

  @Column({ name: 'consent_at', ...DATETIME, nullable: true })
  consentAt!: Date | null;

  @Column({ name: 'created_at', ...DATETIME })
  createdAt!: Date;

  @Column({ name: 'updated_at', ...DATETIME })
  updatedAt!: Date;
}
