import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * `outcomes` (outcome/outcome.entity.ts). No foreign keys to `leads` or
 * `agents`: those tables belong to other subgraphs, which deploy and migrate
 * independently; the service checks both before it writes.
 */
export class CreateOutcomes1732400400000 implements MigrationInterface {
  name = 'CreateOutcomes1732400400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'outcomes',
        columns: [
          { name: 'id', type: 'char', length: '36', isPrimary: true },
          { name: 'lead_id', type: 'char', length: '36' },
          { name: 'agent_id', type: 'char', length: '36', isNullable: true },
          { name: 'partner_id', type: 'varchar', length: '64' },
          { name: 'product_line', type: 'varchar', length: '32' },
          { name: 'type', type: 'varchar', length: '16' },
          { name: 'premium', type: 'decimal', precision: 14, scale: 2, isNullable: true },
          { name: 'reason', type: 'varchar', length: '500', isNullable: true },
          { name: 'policy_number', type: 'varchar', length: '64', isNullable: true },
          { name: 'occurred_at', type: 'datetime', precision: 3 },
          { name: 'recorded_at', type: 'datetime', precision: 3 },
          { name: 'recorded_by', type: 'varchar', length: '255' },
        ],
        indices: [
          // Lead.outcomes in order, and an agent's earlier outcomes for a lead when recording.
          new TableIndex({ name: 'ix_outcomes_lead_occurred', columnNames: ['lead_id', 'occurred_at'] }),
          // Outcomes of an agent per product line (conversion statistics, rebalancing).
          new TableIndex({ name: 'ix_outcomes_agent_line', columnNames: ['agent_id', 'product_line'] }),
          // Metrics by source over a time window.
          new TableIndex({ name: 'ix_outcomes_partner_occurred', columnNames: ['partner_id', 'occurred_at'] }),
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('outcomes', true);
  }
}
