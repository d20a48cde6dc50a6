import { loadConfig, type Config } from '../../lib/config';
import { StatementCounter } from '../../lib/db/statement-counter';
import { createLogger } from '../../lib/logger';
import { startGraph, type RunningGraph } from '../../scripts/graph';
import { postGraphQL, type GraphQLRequester } from './graphql-client';
import { tempSqliteUrl } from './sqlite';
import { TEST_JWT_SECRET } from './tokens';

export interface TestGraph {
  graph: RunningGraph;
  config: Config;
  /** Counts SQL statements of all four in-process subgraphs. */
  statements: StatementCounter;
  request: GraphQLRequester;
  close(): Promise<void>;
}

/** The whole graph in this process on free ports, over a temp SQLite file unless `databaseUrl` is given. */
export async function startTestGraph(
  options: { databaseUrl?: string; startWorkers?: boolean } = {},
): Promise<TestGraph> {
  const sqlite = options.databaseUrl ? undefined : tempSqliteUrl();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: options.databaseUrl ?? sqlite!.url,
    JWT_SECRET: TEST_JWT_SECRET,
    PORT: '0',
    LEADS_PORT: '0',
    AGENTS_PORT: '0',
    TERRITORIES_PORT: '0',
    OUTCOMES_PORT: '0',
  });
  const statements = new StatementCounter();
  const graph = await startGraph(config, createLogger('silent', 'test'), {
    sqlLogger: statements,
    startWorkers: options.startWorkers,
  });
  return {
    graph,
    config,
    statements,
    request: (query, variables, token) => postGraphQL(graph.gateway.graphqlUrl, query, variables, token),
    close: async () => {
      await graph.close();
      sqlite?.remove();
    },
  };
}
