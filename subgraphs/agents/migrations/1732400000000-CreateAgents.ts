import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** `agents` and `agent_licenses` (agent/agent.entity.ts, license/license.entity.ts) with the indexes their lookups use. */
export class CreateAgents1732400000000 implements MigrationInterface {
  name = 'CreateAgents1732400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'agents',
        columns: [
          { name: 'id', type: 'char', length: '36', isPrimary: true },
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'email', type: 'varchar', length: '254' },
          { name: 'tier', type: 'varchar', length: '16' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'timezone', type: 'varchar', length: '64' },
          { name: 'max_open', type: 'int' },
          { name: 'daily_cap', type: 'int' },
          { name: 'open_count', type: 'int', default: 0 },
          { name: 'assigned_today', type: 'int', default: 0 },
          { name: 'assigned_day', type: 'varchar', length: '10', isNullable: true },
          { name: 'appointments', type: 'text' },
          { name: 'certifications', type: 'text' },
          { name: 'working_hours', type: 'text' },
          { name: 'created_at', type: 'datetime', precision: 3 },
          { name: 'updated_at', type: 'datetime', precision: 3 },
        ],
        indices: [
          new TableIndex({ name: 'uq_agents_email', columnNames: ['email'], isUnique: true }),
          // `agents(status:)`, paged by id.
          new TableIndex({ name: 'ix_agents_status', columnNames: ['status', 'id'] }),
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'agent_licenses',
        columns: [
          { name: 'id', type: 'char', length: '36', isPrimary: true },
          { name: 'agent_id', type: 'char', length: '36' },
          { name: 'state', type: 'varchar', length: '2' },
          { name: 'line', type: 'varchar', length: '32' },
          { name: 'expires_on', type: 'varchar', length: '10', isNullable: true },
        ],
        indices: [
          // One license per agent, state and line; also serves "licenses of these agents".
          new TableIndex({
            name: 'uq_agent_licenses_agent_state_line',
            columnNames: ['agent_id', 'state', 'line'],
            isUnique: true,
          }),
          // Routing: "agents licensed in this state for this line".
          new TableIndex({ name: 'ix_agent_licenses_state_line_agent', columnNames: ['state', 'line', 'agent_id'] }),
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'fk_agent_licenses_agent',
            columnNames: ['agent_id'],
            referencedTableName: 'agents',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('agent_licenses', true);
    await queryRunner.dropTable('agents', true);
  }
}
