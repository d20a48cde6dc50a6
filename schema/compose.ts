import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { printSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { loadConfig } from '../lib/config';
import { createDataSource } from '../lib/db/data-source';
import { InProcessEventBus } from '../lib/events/event-bus';
import { SUBGRAPHS } from '../subgraphs';
import { SUPERGRAPH_PATH } from './supergraph';

/**
 * Composes the subgraphs' SDL into the supergraph with @apollo/composition.
 * Building a subgraph schema reads no data, so an unopened data source will do.
 */
export async function composeSupergraph(): Promise<string> {
  const config = loadConfig({ NODE_ENV: 'development' });
  const dataSource = createDataSource({ url: 'sqlite::memory:', entities: [] });
  const services = [];
  for (const module of SUBGRAPHS) {
    const { schema } = await module.build(dataSource, config, { events: new InProcessEventBus() });
    services.push({
      name: module.name,
      url: config.subgraphUrls[module.name],
      typeDefs: parse(printSubgraphSchema(schema)),
    });
  }
  const result = composeServices(services);
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map((error) => error.message).join('\n')}`);
  }
  return result.supergraphSdl;
}

if (require.main === module) {
  composeSupergraph()
    .then((sdl) => {
      writeFileSync(SUPERGRAPH_PATH, sdl);
      console.log(`Wrote ${SUPERGRAPH_PATH}`);
    })
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
