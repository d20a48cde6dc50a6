import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../lib/db/data-source';
import { migrateSubgraph, migrationsTableOf } from '../../lib/db/migrate';
import type { ScratchDatabase } from '../../lib/db/scratch-database';
import { SUBGRAPHS } from '../../subgraphs';
import { agentsSubgraph } from '../../subgraphs/agents';
import { createTestDatabase } from '../support/mysql';

interface ColumnRow {
  table: string;
  column: string;
  collation: string;
}

/** Every CHAR(36) column (the UUIDs) with its collation. */
async function uuidColumns(dataSource: DataSource): Promise<ColumnRow[]> {
  const rows: ColumnRow[] = await dataSource.query(
    `SELECT TABLE_NAME AS \`table\`, COLUMN_NAME AS \`column\`, COLLATION_NAME AS collation
       FROM information_schema.COLUMNS
      WHERE TABLE_SCHEMA = DATABASE() AND DATA_TYPE = 'char' AND CHARACTER_MAXIMUM_LENGTH = 36`,
  );
  const key = (row: ColumnRow): string => `${row.table}.${row.column}`;
  return rows.sort((a, b) => (key(a) < key(b) ? -1 : 1));
}

async function foreignKeys(dataSource: DataSource): Promise<string[]> {
  const rows: Array<{ name: string; rule: string }> = await dataSource.query(
    `SELECT CONSTRAINT_NAME AS name, DELETE_RULE AS rule FROM information_schema.REFERENTIAL_CONSTRAINTS
      WHERE CONSTRAINT_SCHEMA = DATABASE() ORDER BY 1`,
  );
  return rows.map(({ name, rule }) => `${name} ON DELETE ${rule}`);
}

describe('UUID columns on MariaDB', () => {
  let database: ScratchDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    for (const module of SUBGRAPHS) await migrateSubgraph(module, database.url);
    dataSource = createDataSource({ url: database.url, entities: [] });
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('compares every id of every subgraph byte by byte, foreign keys kept', async () => {
    const columns = await uuidColumns(dataSource);
    expect(columns.length).toBeGreaterThanOrEqual(20);
    expect(columns.filter((column) => column.collation !== 'utf8mb4_bin')).toEqual([]);
    expect(await foreignKeys(dataSource)).toEqual([
      'fk_agent_licenses_agent ON DELETE CASCADE',
      'fk_territory_areas_territory ON DELETE CASCADE',
      'fk_territory_members_territory ON DELETE CASCADE',
    ]);
  });

  it('rolls back to Unicode ids, and forward again with ids typed in capitals lowercased, still joined and licenses copied', async () => {
    const agentId = '01900000-0000-7000-8000-00000000abcd';
    const agents = createDataSource({
      url: database.url,
      entities: agentsSubgraph.entities,
      migrations: agentsSubgraph.migrations,
      migrationsTableName: migrationsTableOf(agentsSubgraph),
    });
    await agents.initialize();
    try {
      // Back past AddRoutingLicenses too, which comes after the ids' migration; forward, it copies the licenses.
      await agents.undoLastMigration();
      await agents.undoLastMigration();
      const undone = (await uuidColumns(dataSource)).filter((column) => column.table.startsWith('agent'));
      expect(undone.filter((column) => column.table !== 'agent_conversion_stats')).toEqual([
        { table: 'agent_licenses', column: 'agent_id', collation: 'utf8mb4_unicode_ci' },
        { table: 'agent_licenses', column: 'id', collation: 'utf8mb4_unicode_ci' },
        { table: 'agents', column: 'id', collation: 'utf8mb4_unicode_ci' },
      ]);
      // Under the old collation a license could name its agent in capitals, and did if a caller typed it so.
      await dataSource.query(
        `INSERT INTO agents (id, name, email, tier, status, timezone, max_open, daily_cap, open_count, assigned_today,
                             appointments, certifications, working_hours, created_at, updated_at)
         VALUES (?, 'Ada', 'ada@example.com', 'SENIOR', 'ONLINE', 'America/Chicago', 5, 20, 0, 0, '[]', '[]', '[]', NOW(3), NOW(3))`,
        [agentId],
      );
      await dataSource.query(
        `INSERT INTO agent_licenses (id, agent_id, state, line) VALUES ('01900000-0000-7000-8000-000000000002', ?, 'TX', 'PROPERTY')`,
        [agentId.toUpperCase()],
      );
      await agents.runMigrations();
    } finally {
      await agents.destroy();
    }
    expect((await uuidColumns(dataSource)).filter((column) => column.collation !== 'utf8mb4_bin')).toEqual([]);
    expect(
      await dataSource.query('SELECT l.agent_id FROM agent_licenses l JOIN agents a ON a.id = l.agent_id'),
    ).toEqual([{ agent_id: agentId }]);
    expect(await dataSource.query('SELECT routing_licenses FROM agents WHERE id = ?', [agentId])).toEqual([
      { routing_licenses: '[["TX","PROPERTY",null]]' },
    ]);
    await dataSource.query('DELETE FROM agents WHERE id = ?', [agentId]);
    expect(await dataSource.query('SELECT id FROM agent_licenses')).toEqual([]);
  });

  it('finds nothing, and fails nothing, for an id in capitals or outside ASCII', async () => {
    await dataSource.query(
      `INSERT INTO territories (id, name, created_at) VALUES ('01900000-0000-7000-8000-0000000000ef', 'North', NOW(3))`,
    );
    const lookup = (ids: string[]) =>
      dataSource.query(`SELECT id FROM territories WHERE id IN (${ids.map(() => '?').join(', ')})`, ids);
    expect(await lookup(['01900000-0000-7000-8000-0000000000ef'])).toHaveLength(1);
    expect(await lookup(['01900000-0000-7000-8000-0000000000EF', 'é-not-an-id'])).toEqual([]);
  });
});
