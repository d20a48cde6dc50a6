import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { loadConfig, type Config } from '../../lib/config';
import { createDataSource } from '../../lib/db/data-source';
import { migrateSubgraph } from '../../lib/db/migrate';
import { StatementCounter } from '../../lib/db/statement-counter';
import { createEventBus } from '../../lib/events/create-event-bus';
import type { EventBus } from '../../lib/events/event-bus';
import type { SubgraphModule } from '../../lib/federation/subgraph-module';
import { createLogger } from '../../lib/logger';
import { serveSubgraph, type RunningSubgraph } from '../../lib/server/serve-subgraph';
import { postGraphQL, type GraphQLRequester } from './graphql-client';
import { tempSqliteUrl } from './sqlite';
import { TEST_JWT_SECRET } from './tokens';

export interface TestSubgraph {
  server: RunningSubgraph;
  dataSource: DataSource;
  /** Counts the SQL statements the subgraph runs (reset it before the part you measure). */
  statements: StatementCounter;
  config: Config;
  /** The process's event bus (in-process unless `env` sets REDIS_URL). */
  events: EventBus;
  request: GraphQLRequester;
  close(): Promise<void>;
}

/**
 * Starts one subgraph on a free port over a fresh database (a temp SQLite file
 * unless `databaseUrl` is given), migrated as in production. `close()` removes everything.
 */
export async function startTestSubgraph(
  module: SubgraphModule,
  options: {
    databaseUrl?: string;
    env?: NodeJS.ProcessEnv;
    startWorkers?: boolean;
    /** An event bus shared with other test subgraphs, as subgraphs of one process share theirs. */
    events?: EventBus;
  } = {},
): Promise<TestSubgraph> {
  const sqlite = options.databaseUrl ? undefined : tempSqliteUrl();
  const databaseUrl = options.databaseUrl ?? sqlite!.url;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    JWT_SECRET: TEST_JWT_SECRET,
    // Silent unless TEST_LOG_LEVEL asks: the server, its workers and its event bus alike.
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...options.env,
  });
  await migrateSubgraph(module, databaseUrl);
  const statements = new StatementCounter();
  const dataSource = createDataSource({
    url: databaseUrl,
    entities: module.entities,
    logger: statements,
    poolSize: config.databasePoolSize,
  });
  await dataSource.initialize();
  const events = options.events ?? createEventBus(config.redisUrl, createLogger(config.logLevel, 'events'));
  const { schema, createLoaders, workers = [] } = await module.build(dataSource, config, { events });
  const server = await serveSubgraph({
    name: module.name,
    schema,
    port: 0,
    jwtSecret: config.jwtSecret,
    logger: createLogger(config.logLevel, module.name),
    createLoaders,
    isReady: async () => true,
  });
  // Off by default: tests drive background work step by step through the worker's own API.
  if (options.startWorkers) for (const worker of workers) worker.start();
  return {
    server,
    dataSource,
    statements,
    config,
    events,
    request: (query, variables, token) => postGraphQL(server.graphqlUrl, query, variables, token),
    close: async () => {
      if (options.startWorkers) await Promise.all(workers.map((worker) => worker.stop()));
      await server.close();
      await dataSource.destroy();
      if (!options.events) await events.close();
      sqlite?.remove();
    },
  };
}
