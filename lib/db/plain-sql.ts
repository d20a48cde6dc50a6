import {
  QueryFailedError,
  QueryRunnerAlreadyReleasedError,
  type EntityManager,
  type EntityTarget,
  type ObjectLiteral,
} from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/*
 * Statements on the hot paths (every routed submission, every relay poll),
 * written without TypeORM's query builders: building a statement cost more
 * CPU than MariaDB spent running it. Values still pass through the entity's
 * column metadata, so they are converted exactly as TypeORM would.
 */

/**
 * Inserts rows of an entity in one statement, with the values TypeORM's own
 * insert would send (the same transformers and driver conversions) but without
 * its query builder: building the statements cost the leads subgraph about a
 * tenth of its CPU per routed submission, which inserts a lead, a decision,
 * an assignment and two events.
 *
 * A column is written when the rows give it a value; one that every row leaves
 * undefined gets the table's default (auto-increment ids, nullable columns). A
 * column some rows set and others leave undefined is refused: SQLite has no
 * DEFAULT inside VALUES to stand for the missing ones. So is an entity with
 * columns TypeORM fills itself (create/update dates, versions, generated
 * UUIDs), which this insert would leave empty.
 */
export async function insertRows<T extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<T>,
  rows: readonly T[],
): Promise<void> {
  if (rows.length === 0) return;
  const { sql, parameters } = insertStatement(em, target, rows);
  if (em.queryRunner) await write(em, sql, parameters);
  else await em.query(sql, parameters);
}

/** A statement and its parameters, to run later or with others (the leads subgraph's batchTransaction). */
export interface Statement {
  sql: string;
  parameters: unknown[];
}

/** The statement insertRows runs, for rows.length > 0. */
export function insertStatement<T extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<T>,
  rows: readonly T[],
): Statement {
  const driver = em.connection.driver;
  const metadata = em.connection.getMetadata(target);
  const columns: ColumnMetadata[] = [];
  for (const column of metadata.columns) {
    if (column.isCreateDate || column.isUpdateDate || column.isVersion || column.generationStrategy === 'uuid') {
      throw new Error(`insertRows: TypeORM fills ${metadata.tableName}.${column.databaseName}; use its insert`);
    }
    if (!column.isInsert) continue;
    const given = rows.filter((row) => column.getEntityValue(row) !== undefined).length;
    if (given === rows.length) columns.push(column);
    else if (given > 0)
      throw new Error(`insertRows: ${metadata.tableName}.${column.databaseName} is set in some rows only`);
  }
  const parameters: unknown[] = [];
  for (const row of rows) {
    for (const column of columns) parameters.push(driver.preparePersistentValue(column.getEntityValue(row), column));
  }
  return { sql: statementFor(em, metadata.tableName, columns, rows.length), parameters };
}

function statementFor(em: EntityManager, table: string, columns: readonly ColumnMetadata[], rowCount: number): string {
  const escape = (name: string): string => em.connection.driver.escape(name);
  const placeholders = `(${columns.map(() => '?').join(', ')})`;
  return (
    `INSERT INTO ${escape(table)} (${columns.map((column) => escape(column.databaseName)).join(', ')}) ` +
    `VALUES ${Array.from({ length: rowCount }, () => placeholders).join(', ')}`
  );
}

/**
 * Entities of `target` from `SELECT <its columns> FROM <its table> <rest>`,
 * hydrated column by column as TypeORM would (dates, JSON, transformers).
 */
export async function selectEntities<T extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<T>,
  rest: string,
  parameters: unknown[] = [],
): Promise<T[]> {
  const metadata = em.connection.getMetadata(target);
  const driver = em.connection.driver;
  const escape = (name: string): string => driver.escape(name);
  const rows: Array<Record<string, unknown>> = await em.query(
    `SELECT ${metadata.columns.map((column) => escape(column.databaseName)).join(', ')} FROM ${escape(metadata.tableName)} ${rest}`,
    parameters,
  );
  return rows.map((row) => {
    const entity = metadata.create() as T;
    for (const column of metadata.columns) {
      column.setEntityValue(entity, driver.prepareHydratedValue(row[column.databaseName], column));
    }
    return entity;
  });
}

/**
 * Entities of `target` whose `property` is one of `keys`, ordered by
 * `orderBy` (ascending), in one statement: what a DataLoader's batch
 * function reads. The agents, territories and outcomes subgraphs resolve the
 * other subgraphs' entities through these on every live offer a gateway
 * delivers, where TypeORM's `findBy` spent about a fifth of their CPU
 * building the statement and mapping its rows.
 */
export function selectByKeys<T extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<T>,
  property: keyof T & string,
  keys: readonly unknown[],
  orderBy: ReadonlyArray<keyof T & string> = [],
): Promise<T[]> {
  if (keys.length === 0) return Promise.resolve([]);
  const escape = (name: string): string => em.connection.driver.escape(name);
  const columnOf = (name: string): string => {
    const column = em.connection.getMetadata(target).findColumnWithPropertyName(name);
    if (!column) throw new Error(`selectByKeys: no column for ${name}`);
    return escape(column.databaseName);
  };
  const order = orderBy.length > 0 ? ` ORDER BY ${orderBy.map(columnOf).join(', ')}` : '';
  return selectEntities(
    em,
    target,
    `WHERE ${columnOf(property)} IN (${keys.map(() => '?').join(', ')})${order}`,
    keys.map((key) => columnValue(em, target, property, key)),
  );
}

/** A value for a parameter compared with or written to `property`'s column, converted as TypeORM would. */
export function columnValue<T extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<T>,
  property: keyof T & string,
  value: unknown,
): unknown {
  const column = em.connection.getMetadata(target).findColumnWithPropertyName(property);
  if (!column) throw new Error(`columnValue: no column for ${property}`);
  return em.connection.driver.preparePersistentValue(value, column);
}

/**
 * Runs a conditional UPDATE or DELETE inside the caller's transaction and
 * returns how many rows it changed, on MySQL and SQLite alike: the count is
 * how a conditional write tells whether its condition held.
 */
export function changedRows(em: EntityManager, sql: string, parameters: unknown[]): Promise<number> {
  return write(em, sql, parameters);
}

/** The part of a mysql2 connection (callback API, as TypeORM holds it) that prepares statements. */
interface PreparingConnection {
  execute(
    sql: string,
    values: unknown[],
    callback: (error: Error | null, result: { affectedRows?: number }) => void,
  ): void;
}

/**
 * A write of a fixed shape in the caller's transaction; resolves to the rows
 * it changed. On MySQL it goes as a prepared statement (mysql2's `execute`,
 * cached per connection): values travel in binary, so neither the driver
 * escapes nor the server parses a decision's 14 KB audit inside the SQL text,
 * which halved that INSERT's cost on both sides. Logged like any query, so
 * statement counts stay true, and failures are TypeORM's QueryFailedError;
 * TypeORM's subscriber events, slow-query log and query timeout, none of
 * which Leadflow configures, do not see it.
 */
async function write(em: EntityManager, sql: string, parameters: unknown[]): Promise<number> {
  const runner = em.queryRunner;
  if (!runner) throw new Error('this write runs inside a transaction');
  // TypeORM's own query refuses a finished transaction's runner; its connection may be another request's by now.
  if (runner.isReleased) throw new QueryRunnerAlreadyReleasedError();
  const connection = (runner as unknown as { databaseConnection?: PreparingConnection }).databaseConnection;
  if (em.connection.options.type !== 'mysql' || !connection) {
    const result = await runner.query(sql, parameters, true);
    return result.affected ?? 0;
  }
  const logger = em.connection.logger;
  logger.logQuery(sql, parameters, runner);
  try {
    const result = await new Promise<{ affectedRows?: number }>((resolve, reject) =>
      connection.execute(sql, parameters, (error, outcome) => (error ? reject(error) : resolve(outcome))),
    );
    return result.affectedRows ?? 0;
  } catch (error) {
    logger.logQueryError(error as Error, sql, parameters, runner);
    throw new QueryFailedError(sql, parameters, error as Error);
  }
}
