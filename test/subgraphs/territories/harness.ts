import { newId } from '../../../lib/domain/ids';
import { territoriesSubgraph } from '../../../subgraphs/territories';
import type { GraphQLResponse } from '../../support/graphql-client';
import { createTestDatabase } from '../../support/mysql';
import { startTestSubgraph, type TestSubgraph } from '../../support/subgraph';

export type Engine = 'SQLite' | 'MariaDB';
export const ENGINES: Engine[] = ['SQLite', 'MariaDB'];

export interface TerritoriesUnderTest extends TestSubgraph {
  /** Inserts an agent id into the stand-in `agents` table. */
  createAgent(): Promise<string>;
  /** Rows in each table the subgraph owns, to prove a failed write left nothing behind. */
  rowCounts(): Promise<Record<string, number>>;
}

/**
 * The territories subgraph over a fresh database of the given engine. The
 * agents subgraph owns `agents`; a test-only one-column stand-in lets
 * `assignTerritory` check that an agent exists without starting that subgraph.
 */
export async function startTerritories(engine: Engine): Promise<TerritoriesUnderTest> {
  const database = engine === 'MariaDB' ? await createTestDatabase() : undefined;
  let subgraph: TestSubgraph;
  try {
    subgraph = await startTestSubgraph(territoriesSubgraph, { databaseUrl: database?.url });
  } catch (error) {
    await database?.drop();
    throw error;
  }
  const { dataSource } = subgraph;
  await dataSource.query('CREATE TABLE agents (id char(36) NOT NULL PRIMARY KEY)');
  return {
    ...subgraph,
    createAgent: async () => {
      const id = newId();
      await dataSource.query('INSERT INTO agents (id) VALUES (?)', [id]);
      return id;
    },
    rowCounts: async () => {
      const counts: Record<string, number> = {};
      for (const table of ['territories', 'territory_areas', 'territory_members']) {
        const [row] = (await dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`)) as Array<{ n: number | string }>;
        counts[table] = Number(row.n);
      }
      return counts;
    },
    close: async () => {
      try {
        await subgraph.close();
      } finally {
        await database?.drop();
      }
    },
  };
}

/** `extensions.field` of the first error: the input path a BAD_USER_INPUT names. */
export const errorField = (response: GraphQLResponse<unknown>): unknown => response.errors?.[0]?.extensions?.field;

export const CREATE_TERRITORY = `
  mutation Create($input: CreateTerritoryInput!) {
    createTerritory(input: $input) { id name states postalCodes zipPrefixes counties members { role } }
  }`;

export const ASSIGN_TERRITORY = `
  mutation Assign($territoryId: ID!, $agentId: ID!, $role: TerritoryRole, $weight: Float) {
    assignTerritory(territoryId: $territoryId, agentId: $agentId, role: $role, weight: $weight) {
      id name members { agent { __typename id } role weight }
    }
  }`;

export const TERRITORIES_FOR = `
  query For($postalCode: String!) { territoriesFor(postalCode: $postalCode) { name } }`;

export interface CreatedTerritory {
  id: string;
  name: string;
  states: string[];
  postalCodes: string[];
  zipPrefixes: string[];
  counties: string[];
  members: Array<{ role: string }>;
}
