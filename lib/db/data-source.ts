import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  DataSource,
  QueryFailedError,
  type Logger as TypeOrmLogger,
  type LoggerOptions,
  type MixedList,
} from 'typeorm';
import { DEFAULT_DATABASE_POOL_SIZE } from '../config';
import { serializeSqliteTransactions } from './sqlite-transactions';

export interface DataSourceSpec {
  /** `mysql://…` (through mysql2) or `sqlite:<path>` / `sqlite::memory:` (through better-sqlite3). */
  url: string;
  entities: MixedList<Function>;
  migrations?: MixedList<Function>;
  /** Each subgraph keeps its own migrations table so that subgraphs deploy independently. */
  migrationsTableName?: string;
  logger?: TypeOrmLogger;
  /** MySQL connections at most (Config.databasePoolSize); SQLite has one. */
  poolSize?: number;
}

export const isMysqlUrl = (url: string): boolean => /^(mysql|mariadb):\/\//.test(url);

export function createDataSource(spec: DataSourceSpec): DataSource {
  const common = {
    entities: spec.entities,
    migrations: spec.migrations ?? [],
    migrationsTableName: spec.migrationsTableName ?? 'migrations',
    // Each migration in its own transaction where the engine supports transactional DDL.
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    logger: spec.logger,
    logging: (spec.logger ? ['query', 'error'] : false) as LoggerOptions,
  };
  if (isMysqlUrl(spec.url)) {
    return new DataSource({
      ...common,
      type: 'mysql',
      connectorPackage: 'mysql2',
      url: spec.url.replace(/^mariadb:/, 'mysql:'),
      charset: 'utf8mb4_unicode_ci',
      // Store and read every DATETIME as UTC, whatever the server's zone.
      timezone: 'Z',
      poolSize: spec.poolSize ?? DEFAULT_DATABASE_POOL_SIZE,
      // Hot-path writes outside routing's batches are prepared statements (lib/db/plain-sql), a handful
      // of shapes per connection; the bound keeps every process far below max_prepared_stmt_count.
      // Multi-statement queries carry a routing's writes in one round trip (leads' batchTransaction).
      // mysql2 escapes their values into the text, as it does for every TypeORM query; no SQL in
      // Leadflow is built from a caller's input, which is what would make multi-statements dangerous.
      extra: { maxPreparedStatements: 64, multipleStatements: true },
    });
  }
  const database = spec.url.replace(/^sqlite:/, '') || ':memory:';
  if (database !== ':memory:') mkdirSync(dirname(database), { recursive: true });
  const dataSource = new DataSource({
    ...common,
    type: 'better-sqlite3',
    database,
    // WAL lets readers proceed while one writer commits; the timeout absorbs short write contention.
    prepareDatabase: (db: { pragma(source: string): unknown }) => {
      db.pragma('journal_mode = WAL');
      db.pragma('busy_timeout = 5000');
      db.pragma('foreign_keys = ON');
    },
  });
  serializeSqliteTransactions(dataSource);
  return dataSource;
}

/** True when a write failed on a UNIQUE index or primary key (MySQL/MariaDB or SQLite). */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = (error as QueryFailedError & { driverError?: { code?: string; errno?: number } }).driverError;
  const code = driverError?.code ?? '';
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
