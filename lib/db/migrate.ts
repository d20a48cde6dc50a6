import type { SubgraphModule } from '../federation/subgraph-module';
import { createDataSource } from './data-source';

export const migrationsTableOf = (module: SubgraphModule): string => `migrations_${module.name}`;

/** Brings the subgraph's tables up to date; safe to run at every start. */
export async function migrateSubgraph(module: SubgraphModule, databaseUrl: string): Promise<void> {
  const dataSource = createDataSource({
    url: databaseUrl,
    entities: module.entities,
    migrations: module.migrations,
    migrationsTableName: migrationsTableOf(module),
    poolSize: 1,
  });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations();
  } finally {
    await dataSource.destroy();
  }
}
