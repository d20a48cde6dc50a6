import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * `agent_conversion_stats` (stats/agent-conversion-stats.entity.ts): one row per
 * agent and product line; the primary key serves both "stats of these agents"
 * and the upsert of one row.
 */
export class CreateAgentConversionStats1732400400001 implements MigrationInterface {
  name = 'CreateAgentConversionStats1732400400001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'agent_conversion_stats',
        columns: [
          { name: 'agent_id', type: 'char', length: '36', isPrimary: true },
          { name: 'product_line', type: 'varchar', length: '32', isPrimary: true },
          { name: 'leads', type: 'int', default: 0 },
          { name: 'contacted', type: 'int', default: 0 },
          { name: 'quoted', type: 'int', default: 0 },
          { name: 'bound', type: 'int', default: 0 },
          { name: 'lost', type: 'int', default: 0 },
          { name: 'updated_at', type: 'datetime', precision: 3 },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('agent_conversion_stats', true);
  }
}
