import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * territories, their areas and their members. Names compare case-insensitively
 * on both engines (MySQL's unicode_ci, SQLite's NOCASE), so "Texas" and "texas"
 * cannot both exist whichever database runs.
 */
export class CreateTerritories1732400300000 implements MigrationInterface {
  name = 'CreateTerritories1732400300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const caseInsensitive = queryRunner.connection.options.type === 'mysql' ? 'utf8mb4_unicode_ci' : 'NOCASE';
    await queryRunner.createTable(
      new Table({
        name: 'territories',
        columns: [
          { name: 'id', type: 'char', length: '36', isPrimary: true },
          { name: 'name', type: 'varchar', length: '100', collation: caseInsensitive },
          { name: 'created_at', type: 'datetime', precision: 3 },
        ],
        indices: [new TableIndex({ name: 'uq_territories_name', columnNames: ['name'], isUnique: true })],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'territory_areas',
        columns: [
          { name: 'territory_id', type: 'char', length: '36', isPrimary: true },
          { name: 'kind', type: 'varchar', length: '16', isPrimary: true },
          { name: 'value', type: 'varchar', length: '5', isPrimary: true },
        ],
        indices: [
          new TableIndex({ name: 'ix_territory_areas_kind_value', columnNames: ['kind', 'value', 'territory_id'] }),
        ],
        foreignKeys: [
          {
            name: 'fk_territory_areas_territory',
            columnNames: ['territory_id'],
            referencedTableName: 'territories',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'territory_members',
        columns: [
          { name: 'territory_id', type: 'char', length: '36', isPrimary: true },
          { name: 'agent_id', type: 'char', length: '36', isPrimary: true },
          { name: 'role', type: 'varchar', length: '16' },
          { name: 'weight', type: 'double' },
          { name: 'created_at', type: 'datetime', precision: 3 },
          { name: 'updated_at', type: 'datetime', precision: 3 },
        ],
        indices: [new TableIndex({ name: 'ix_territory_members_agent', columnNames: ['agent_id', 'territory_id'] })],
        foreignKeys: [
          {
            name: 'fk_territory_members_territory',
            columnNames: ['territory_id'],
            referencedTableName: 'territories',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('territory_members', true);
    await queryRunner.dropTable('territory_areas', true);
    await queryRunner.dropTable('territories', true);
  }
}
