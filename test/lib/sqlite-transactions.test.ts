import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../lib/db/data-source';
import { tempSqliteUrl } from '../support/sqlite';

/** The embedded SQLite engine shares one connection per process: concurrent transactions must not interleave. */
describe('transactions on the embedded SQLite database', () => {
  const sqlite = tempSqliteUrl();
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = createDataSource({ url: sqlite.url, entities: [] });
    await dataSource.initialize();
    await dataSource.query('CREATE TABLE rows (id INTEGER PRIMARY KEY, owner TEXT NOT NULL)');
  });

  afterAll(async () => {
    await dataSource.destroy();
    sqlite.remove();
  });

  const pause = () => new Promise((resolve) => setTimeout(resolve, 5));

  it("keeps one transaction's rollback from undoing another's writes", async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        dataSource.transaction(async (em) => {
          await em.query('INSERT INTO rows (owner) VALUES (?)', [`tx-${i}`]);
          await pause();
          await em.query('INSERT INTO rows (owner) VALUES (?)', [`tx-${i}`]);
          if (i % 2 === 1) throw new Error('roll back');
        }),
      ),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(10);
    const rows: Array<{ owner: string; n: number }> = await dataSource.query(
      'SELECT owner, COUNT(*) AS n FROM rows GROUP BY owner ORDER BY owner',
    );
    expect(rows.map((row) => row.owner).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `tx-${i * 2}`).sort());
    expect(rows.every((row) => Number(row.n) === 2)).toBe(true);
  });

  it('does not let a plain write from another request join an open transaction', async () => {
    await dataSource.query('DELETE FROM rows');
    const failing = dataSource
      .transaction(async (em) => {
        await em.query("INSERT INTO rows (owner) VALUES ('doomed')");
        await pause();
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await pause();
    await dataSource.query("INSERT INTO rows (owner) VALUES ('bystander')");
    await failing;
    const rows: Array<{ owner: string }> = await dataSource.query('SELECT owner FROM rows');
    expect(rows.map((row) => row.owner)).toEqual(['bystander']);
  });
});
