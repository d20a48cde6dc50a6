import { QueryFailedError, type DataSource, type EntityManager } from 'typeorm';
import { changedRows, type Statement } from '../../../lib/db/plain-sql';

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
export function writeTransaction<T>(dataSource: DataSource, work: (em: EntityManager) => Promise<T>): Promise<T> {
  const mysql = dataSource.options.type === 'mysql';
  return againAfterDeadlock(() =>
    mysql ? dataSource.transaction('READ COMMITTED', work) : dataSource.transaction(work),
  );
}

/** Runs `transaction`, again from the start while the database chooses it as a deadlock victim, up to ATTEMPTS times. */
async function againAfterDeadlock<T>(transaction: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await transaction();
    } catch (error) {
      if (attempt >= ATTEMPTS || !isDeadlock(error)) throw error;
      // A little jitter so that the two parties of one deadlock do not collide again.
      await pause(Math.floor(Math.random() * 10 * attempt));
    }
  }
}

/**
 * Statements that batchTransaction sends together, and whether the
 * transaction goes on after them, judged by the rows each changed (a
 * conditional write's count tells whether its condition held).
 */
export interface BatchStep {
  statements: readonly Statement[];
  proceed(changed: readonly number[]): boolean;
}

/** What batchTransaction did: committed every step, or rolled back at the first whose `proceed` failed. */
export type BatchOutcome = { committed: true } | { committed: false; step: number };

/** The part of a mysql2 connection (callback API, as TypeORM holds it) that runs a multi-statement query. */
interface QueryingConnection {
  query(sql: string, values: unknown[], callback: (error: Error | null, result: unknown) => void): void;
}

/** Ends the SQLite transaction of batchTransaction without committing. */
class StepRefused extends Error {
  constructor(readonly step: number) {
    super(`batch step ${step} refused; rolled back`);
  }
}

/**
 * Runs `steps` in one READ COMMITTED transaction, each only if every earlier
 * one's `proceed` held, and commits if the last one's holds; otherwise rolls
 * everything back. On MySQL each step is ONE round trip (a multi-statement
 * query; the first also starts the transaction) and COMMIT one more: a
 * routed submission had waited for nine, each a wake-up of the database and
 * of this process that, on a busy machine, queued behind everything else.
 * A step ends where a later statement must not run unless an earlier one
 * changed what it should (a claim another routing won). On SQLite, in
 * process, the statements run one by one. A deadlock victim is run again,
 * as in writeTransaction.
 */
export function batchTransaction(dataSource: DataSource, steps: readonly BatchStep[]): Promise<BatchOutcome> {
  const mysql = dataSource.options.type === 'mysql';
  return againAfterDeadlock(() => (mysql ? mysqlBatch(dataSource, steps) : sqliteBatch(dataSource, steps)));
}

async function sqliteBatch(dataSource: DataSource, steps: readonly BatchStep[]): Promise<BatchOutcome> {
  try {
    return await dataSource.transaction(async (em) => {
      for (const [index, { statements, proceed }] of steps.entries()) {
        const changed: number[] = [];
        for (const { sql, parameters } of statements) changed.push(await changedRows(em, sql, parameters));
        if (!proceed(changed)) throw new StepRefused(index);
      }
      return { committed: true } as const;
    });
  } catch (error) {
    if (error instanceof StepRefused) return { committed: false, step: error.step };
    throw error;
  }
}

const plain = (sql: string): Statement => ({ sql, parameters: [] });
const START_TRANSACTION = [plain('SET TRANSACTION ISOLATION LEVEL READ COMMITTED'), plain('START TRANSACTION')];
const COMMIT = plain('COMMIT');
const ROLLBACK = plain('ROLLBACK');

async function mysqlBatch(dataSource: DataSource, steps: readonly BatchStep[]): Promise<BatchOutcome> {
  const runner = dataSource.createQueryRunner('master');
  const logger = dataSource.logger;
  const connection = (await runner.connect()) as QueryingConnection;
  /** Sends `statements` as one query, and answers with the rows each changed. */
  const send = async (statements: readonly Statement[]): Promise<number[]> => {
    for (const statement of statements) logger.logQuery(statement.sql, statement.parameters, runner);
    const sql = statements.map((statement) => statement.sql).join(';\n');
    const parameters = statements.flatMap((statement) => statement.parameters);
    try {
      const result = await query(connection, sql, parameters);
      // mysql2 answers a single statement with its result, several with an array of them.
      const results = (statements.length === 1 ? [result] : result) as Array<{ affectedRows?: number }>;
      return results.map((one) => one.affectedRows ?? 0);
    } catch (error) {
      logger.logQueryError(error as Error, sql, parameters, runner);
      throw new QueryFailedError(sql, parameters, error as Error);
    }
  };
  let open = false;
  try {
    for (const [index, { statements, proceed }] of steps.entries()) {
      const start = open ? [] : START_TRANSACTION;
      open = true;
      const changed = await send([...start, ...statements]);
      if (!proceed(changed.slice(start.length))) {
        await send([ROLLBACK]);
        return { committed: false, step: index };
      }
    }
    await send([COMMIT]);
    return { committed: true };
  } catch (error) {
    // A statement failed: MySQL ran none after it, and the transaction it started is still open.
    if (open) await query(connection, 'ROLLBACK', []).catch(() => undefined);
    throw error;
  } finally {
    await runner.release();
  }
}

function query(connection: QueryingConnection, sql: string, values: unknown[]): Promise<unknown> {
  return new Promise((resolve, reject) =>
    connection.query(sql, values, (error, result) => (error ? reject(error) : resolve(result))),
  );
}
