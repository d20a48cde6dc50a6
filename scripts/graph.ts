import 'reflect-metadata';
import type { DataSource, Logger as TypeOrmLogger } from 'typeorm';
import type { Config, SubgraphName } from '../lib/config';
import { createDataSource } from '../lib/db/data-source';
import { createEventBus } from '../lib/events/create-event-bus';
import { migrateSubgraph } from '../lib/db/migrate';
import type { BackgroundWorker } from '../lib/federation/subgraph-module';
import type { Logger } from '../lib/logger';
import { serveSubgraph, type RunningSubgraph } from '../lib/server/serve-subgraph';
import { closeInOrder } from '../lib/server/shutdown';
import { serveGateway, type RunningGateway } from '../gateway/gateway';
import { readSupergraph } from '../schema/supergraph';
import { SUBGRAPHS } from '../subgraphs';

export interface RunningGraph {
  gateway: RunningGateway;
  subgraphs: Record<SubgraphName, RunningSubgraph>;
  /** The one connection pool the in-process subgraphs share. */
  dataSource: DataSource;
  close(): Promise<void>;
}

/**
 * The whole graph in one process: migrations, the four subgraphs and the
 * gateway. Used by `npm start`, the in-process test suites and benchmarks; in
 * production each part runs as its own process (`dist/<part>/main.js`).
 * Sharing one pool matters for the embedded SQLite file, which allows one writer.
 */
export async function startGraph(
  config: Config,
  logger: Logger,
  options: { sqlLogger?: TypeOrmLogger; startWorkers?: boolean } = {},
): Promise<RunningGraph> {
  for (const module of SUBGRAPHS) await migrateSubgraph(module, config.databaseUrl);
  const dataSource = createDataSource({
    url: config.databaseUrl,
    entities: [...new Set(SUBGRAPHS.flatMap((module) => module.entities as Function[]))],
    logger: options.sqlLogger,
    poolSize: config.databasePoolSize,
  });
  await dataSource.initialize();
  const events = createEventBus(config.redisUrl, logger);

  const subgraphs = {} as Record<SubgraphName, RunningSubgraph>;
  const workers: BackgroundWorker[] = [];
  // Every subgraph finishes closing before the pool goes, even when one of them fails to.
  const closeSubgraphs = async () => {
    const closed = await Promise.allSettled(Object.values(subgraphs).map((server) => server.close()));
    const failed = closed.find((outcome) => outcome.status === 'rejected');
    if (failed) throw failed.reason;
  };
  const resources = [() => dataSource.destroy(), () => events.close()];
  try {
    for (const module of SUBGRAPHS) {
      const built = await module.build(dataSource, config, { events });
      const { schema, createLoaders } = built;
      workers.push(...(built.workers ?? []));
      subgraphs[module.name] = await serveSubgraph({
        name: module.name,
        schema,
        port: config.subgraphPorts[module.name],
        host: config.host,
        jwtSecret: config.jwtSecret,
        logger: logger.child({ subgraph: module.name }),
        createLoaders,
        isReady: async () => dataSource.query('SELECT 1').then(() => true),
      });
    }
    if (options.startWorkers !== false) for (const worker of workers) worker.start();
    const gateway = await serveGateway({
      supergraphSdl: readSupergraph(),
      subgraphUrls: Object.fromEntries(
        Object.entries(subgraphs).map(([name, server]) => [name, server.graphqlUrl]),
      ) as Record<SubgraphName, string>,
      port: config.port,
      host: config.host,
      jwtSecret: config.jwtSecret,
      logger: logger.child({ service: 'gateway' }),
      apolloTelemetry: config.apolloTelemetry,
    });
    return {
      gateway,
      subgraphs,
      dataSource,
      close: () =>
        closeInOrder({
          // The gateway first: what it still forwards needs the subgraphs.
          servers: [() => gateway.close(), closeSubgraphs],
          workers,
          resources,
        }),
    };
  } catch (error) {
    await closeInOrder({ servers: [closeSubgraphs], workers, resources });
    throw error;
  }
}
