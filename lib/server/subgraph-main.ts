import 'reflect-metadata';
import { loadConfig } from '../config';
import { createDataSource } from '../db/data-source';
import { createEventBus } from '../events/create-event-bus';
import { migrateSubgraph } from '../db/migrate';
import type { SubgraphModule } from '../federation/subgraph-module';
import { createLogger } from '../logger';
import { serveSubgraph } from './serve-subgraph';
import { closeInOrder, closeOnSignals } from './shutdown';

/** Entry point of a subgraph deployed on its own: `node --max-semi-space-size=64 dist/subgraphs/<name>/main.js` (README, Layout). */
export async function runSubgraphMain(module: SubgraphModule): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, module.name);
  await migrateSubgraph(module, config.databaseUrl);
  const dataSource = createDataSource({
    url: config.databaseUrl,
    entities: module.entities,
    poolSize: config.databasePoolSize,
  });
  await dataSource.initialize();
  const events = createEventBus(config.redisUrl, logger);
  const { schema, createLoaders, workers = [] } = await module.build(dataSource, config, { events });
  const server = await serveSubgraph({
    name: module.name,
    schema,
    port: config.subgraphPorts[module.name],
    host: config.host,
    jwtSecret: config.jwtSecret,
    logger,
    createLoaders,
    isReady: async () => dataSource.query('SELECT 1').then(() => true),
  });
  for (const worker of workers) worker.start();
  closeOnSignals(() =>
    closeInOrder({
      servers: [() => server.close()],
      workers,
      resources: [() => dataSource.destroy(), () => events.close()],
    }),
  );
}
