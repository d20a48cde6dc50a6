import type { DataSource } from 'typeorm';
import { createDataSource } from '../../lib/db/data-source';
import { migrateSubgraph } from '../../lib/db/migrate';
import type { SubgraphModule } from '../../lib/federation/subgraph-module';
import { createTestDatabase } from './mysql';
import { tempSqliteUrl } from './sqlite';

/** A database to run against, and how to remove it. */
interface TestDatabase {
  url: string;
  remove(): Promise<void>;
}

/** Both engines, each a fresh database: a SQLite file and a MariaDB database. */
export const DATABASE_ENGINES: Array<[string, () => Promise<TestDatabase>]> = [
  [
    'SQLite',
    async () => {
      const sqlite = tempSqliteUrl();
      return { url: sqlite.url, remove: async () => sqlite.remove() };
    },
  ],
  [
    'MariaDB',
    async () => {
      const database = await createTestDatabase();
      return { url: database.url, remove: () => database.drop() };
    },
  ],
];

/**
 * For the enclosing describe: a fresh database with `subgraph`'s tables,
 * removed afterwards, and a data source on it (at most `poolSize` MySQL connections).
 */
export function migratedDatabase(
  create: () => Promise<TestDatabase>,
  subgraph: SubgraphModule,
  poolSize?: number,
): () => DataSource {
  let database: TestDatabase | undefined;
  let dataSource: DataSource | undefined;

  beforeAll(async () => {
    database = await create();
    await migrateSubgraph(subgraph, database.url);
    dataSource = createDataSource({ url: database.url, entities: subgraph.entities, poolSize });
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.remove();
  });

  return () => dataSource!;
}
