import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../../lib/db/data-source';
import { migrateSubgraph, migrationsTableOf } from '../../../lib/db/migrate';
import { SUBGRAPHS } from '../../../subgraphs';
import { leadsSubgraph } from '../../../subgraphs/leads';
import { createTestDatabase } from '../../support/mysql';
import { tempSqliteUrl } from '../../support/sqlite';
import { ENGINES } from './harness';

const DECOMPOSED = 'jose\u0301@mail.example';
const COMPOSED = 'jos\u00e9@mail.example';

/** A lead row as an earlier version stored it, with `email` as given. */
async function insertLead(dataSource: DataSource, id: string, partnerId: string, email: string): Promise<void> {
  const at = '2026-01-05 10:00:00.000';
  await dataSource.query(
    `INSERT INTO leads (id, partner_id, external_id, product_line, customer_type, status, postal_code, state, county,
                        city, latitude, longitude, timezone, first_name, last_name, email, created_at, updated_at)
     VALUES (?, ?, ?, 'HOMEOWNERS', 'PERSONAL', 'QUEUED', '78701', 'TX', 'Travis', 'Austin', 30.27, -97.74,
             'America/Chicago', 'José', 'Núñez', ?, ?, ?)`,
    [id, partnerId, `order-${id.slice(-4)}`, email, at, at],
  );
}

describe.each(ENGINES)('the ExactPartnerAndEmail migration on %s', (engine) => {
  let url: string;
  let dropDatabase: () => Promise<void> | void;
  let leads: DataSource;

  beforeAll(async () => {
    const database = engine === 'MariaDB' ? await createTestDatabase() : tempSqliteUrl();
    url = database.url;
    dropDatabase = 'drop' in database ? () => database.drop() : () => database.remove();
    for (const module of SUBGRAPHS) await migrateSubgraph(module, url);
    leads = createDataSource({
      url,
      entities: leadsSubgraph.entities,
      migrations: leadsSubgraph.migrations,
      migrationsTableName: migrationsTableOf(leadsSubgraph),
    });
    await leads.initialize();
  });

  afterAll(async () => {
    await leads?.destroy();
    await dropDatabase?.();
  });

  it('composes the emails stored before it, so a duplicate check finds them byte by byte', async () => {
    // Back to just before it (and past any later migration, which runs again after it).
    const executed = async (): Promise<boolean> =>
      (
        await leads.query(`SELECT name FROM ${migrationsTableOf(leadsSubgraph)} WHERE name = ?`, [
          'ExactPartnerAndEmail1733200000000',
        ])
      ).length > 0;
    while (await executed()) await leads.undoLastMigration();
    await insertLead(leads, '01900000-0000-7000-8000-00000000e001', 'acme', DECOMPOSED);
    await insertLead(leads, '01900000-0000-7000-8000-00000000e002', 'acme', 'plain@mail.example');
    await leads.runMigrations();

    const rows: Array<{ email: string }> = await leads.query('SELECT email FROM leads ORDER BY id');
    expect(rows.map((row) => row.email)).toEqual([COMPOSED, 'plain@mail.example']);
    expect(await leads.query('SELECT id FROM leads WHERE email = ?', [COMPOSED])).toHaveLength(1);
  });

  if (engine === 'MariaDB') {
    it('compares partner ids and emails byte by byte, case and accents included', async () => {
      const columns: Array<{ column: string; collation: string }> = await leads.query(
        `SELECT COLUMN_NAME AS \`column\`, COLLATION_NAME AS collation FROM information_schema.COLUMNS
          WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'leads' AND COLUMN_NAME IN ('partner_id', 'email')
          ORDER BY 1`,
      );
      expect(columns).toEqual([
        { column: 'email', collation: 'utf8mb4_bin' },
        { column: 'partner_id', collation: 'utf8mb4_bin' },
      ]);
      expect(await leads.query('SELECT id FROM leads WHERE partner_id = ?', ['ACME'])).toEqual([]);
      expect(await leads.query('SELECT id FROM leads WHERE email = ?', ['jose@mail.example'])).toEqual([]);
    });
  }
});
