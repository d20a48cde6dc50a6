import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** The `leads` table of lead/lead.entity.ts with the indexes every lookup of the leads subgraph uses. */
export class CreateLeads1732400000000 implements MigrationInterface {
  name = 'CreateLeads1732400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const isMysql = queryRunner.connection.driver.options.type === 'mysql';
    await queryRunner.createTable(
      new Table({
        name: 'leads',
        columns: [
          { name: 'id', type: 'char', length: '36', isPrimary: true },
          { name: 'partner_id', type: 'varchar', length: '64' },
          // The partner's idempotency key is opaque: MySQL's default collation would
          // make "abc" and "ABC" the same key while SQLite keeps them apart.
          { name: 'external_id', type: 'varchar', length: '128', ...(isMysql ? { collation: 'utf8mb4_bin' } : {}) },
          { name: 'product_line', type: 'varchar', length: '32' },
          { name: 'customer_type', type: 'varchar', length: '16' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'duplicate_of_id', type: 'char', length: '36', isNullable: true },
          { name: 'postal_code', type: 'varchar', length: '5' },
          { name: 'state', type: 'varchar', length: '2' },
          { name: 'county', type: 'varchar', length: '64' },
          { name: 'city', type: 'varchar', length: '64' },
          { name: 'latitude', type: 'double' },
          { name: 'longitude', type: 'double' },
          { name: 'timezone', type: 'varchar', length: '64' },
          { name: 'estimated_premium', type: 'decimal', precision: 14, scale: 2, isNullable: true },
          { name: 'carrier', type: 'varchar', length: '128', isNullable: true },
          { name: 'first_name', type: 'varchar', length: '100' },
          { name: 'last_name', type: 'varchar', length: '100' },
          { name: 'email', type: 'varchar', length: '254', isNullable: true },
          { name: 'phone', type: 'varchar', length: '20', isNullable: true },
          { name: 'consent_at', type: 'datetime', precision: 3, isNullable: true },
          { name: 'created_at', type: 'datetime', precision: 3 },
          { name: 'updated_at', type: 'datetime', precision: 3 },
        ],
        indices: [
          // Idempotency: one lead per partner and external id, enforced by the database.
          new TableIndex({
            name: 'uq_leads_partner_external',
            columnNames: ['partner_id', 'external_id'],
            isUnique: true,
          }),
          // Duplicate detection: same phone or email, same product line, within a time window.
          new TableIndex({ name: 'ix_leads_phone_line_created', columnNames: ['phone', 'product_line', 'created_at'] }),
          new TableIndex({ name: 'ix_leads_email_line_created', columnNames: ['email', 'product_line', 'created_at'] }),
          // `leads(status:)` and `leads(partnerId:)`, paged by id.
          new TableIndex({ name: 'ix_leads_status', columnNames: ['status', 'id'] }),
          new TableIndex({ name: 'ix_leads_partner', columnNames: ['partner_id', 'id'] }),
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('leads', true);
  }
}
