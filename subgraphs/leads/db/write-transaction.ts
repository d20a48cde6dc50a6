import { QueryFailedError, type DataSource, type EntityManager } from 'typeorm';

/** MySQL/MariaDB picks a victim when two transactions lock rows in crossing order; the victim is run again. */
const ATTEMPTS = 5;

export function isDeadlock(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = (error as QueryFailedError & { driverError?: { code?: string; errno?: number } }).driverError;
  return driverError?.code === 'ER_LOCK_DEADLOCK' || driverError?.errno === 1213;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` in one transaction, again from the start if the database chose
 * it as a deadlock victim (so `work` must only write inside `em`). On SQLite,
 * lib/db's data source already makes transactions take turns.
 *
 * On MySQL, READ COMMITTED: the leads subgraph's transactions decide with
 * conditional updates, never with reads they must repeat, and under READ
 * COMMITTED InnoDB releases the lock of a row whose condition failed (a full
 * agent) — unless the UPDATE had to wait for that row, when MariaDB keeps it;
 * routing therefore rolls back at a full agent rather than try the next one
 * (RoutingService.applyInPasses). Under REPEATABLE READ every such lock was
 * kept, and 200 concurrent submissions deadlocked each other past any retry budget.
 */
export async function writeTransaction<T>(dataSource: DataSource, work: (em: EntityManager) => Promise<T>): Promise<T> {
  const mysql = dataSource.options.type === 'mysql';
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await (mysql ? dataSource.transaction('READ COMMITTED', work) : dataSource.transaction(work));
    } catch (error) {
      if (attempt >= ATTEMPTS || !isDeadlock(error)) throw error;
      // A little jitter so that the two parties of one deadlock do not collide again.
      await pause(Math.floor(Math.random() * 10 * attempt));
    }
  }
}
