import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

/**
 * TypeORM's better-sqlite3 driver runs every query of the process on one
 * connection, so two requests' transactions would interleave as savepoints of
 * one another, and one's rollback could undo the other's writes. This makes
 * `dataSource.transaction` take turns, and holds back other requests' queries
 * while a transaction is open; queries from inside the transaction (found via
 * AsyncLocalStorage) run at once. SQLite allows one writer anyway; MySQL
 * connections come from a pool and need none of this.
 */
export function serializeSqliteTransactions(dataSource: DataSource): void {
  const owner = new AsyncLocalStorage<symbol>();
  let holder: symbol | undefined;
  let released: Promise<void> = Promise.resolve();
  let queue: Promise<void> = Promise.resolve();

  const manager = dataSource.manager;
  const transaction = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
  manager.transaction = (async (...args: unknown[]) => {
    if (holder && owner.getStore() === holder) return transaction(...args);
    const token = Symbol('transaction');
    const previous = queue;
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    queue = previous.then(() => done);
    await previous;
    holder = token;
    released = done;
    try {
      return await owner.run(token, () => transaction(...args));
    } finally {
      holder = undefined;
      release();
    }
  }) as EntityManager['transaction'];

  const driver = dataSource.driver as { createQueryRunner(mode: string): QueryRunner };
  const createQueryRunner = driver.createQueryRunner.bind(driver);
  const patched = new WeakSet<QueryRunner>();
  driver.createQueryRunner = (mode: string) => {
    const runner = createQueryRunner(mode);
    if (!patched.has(runner)) {
      patched.add(runner);
      const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
      runner.query = (async (...args: unknown[]) => {
        while (holder && owner.getStore() !== holder) await released;
        return query(...args);
      }) as QueryRunner['query'];
    }
    return runner;
  };
}
