import { randomBytes } from 'node:crypto';
import { mapConcurrently } from '../lib/concurrency';
import type { GraphClient } from './graph-client';

/**
 * The agents, territories and memberships the throughput and subscription
 * benchmarks route to, created through the graph as an operator would.
 */

const SEED_CONCURRENCY = 16;

/** Ten states, each with a real downtown ZIP the leads come from. */
export const MARKETS = [
  { state: 'TX', zip: '78701', timezone: 'America/Chicago' },
  { state: 'CA', zip: '90012', timezone: 'America/Los_Angeles' },
  { state: 'FL', zip: '33130', timezone: 'America/New_York' },
  { state: 'NY', zip: '10001', timezone: 'America/New_York' },
  { state: 'IL', zip: '60601', timezone: 'America/Chicago' },
  { state: 'GA', zip: '30303', timezone: 'America/New_York' },
  { state: 'AZ', zip: '85004', timezone: 'America/Phoenix' },
  { state: 'OH', zip: '43215', timezone: 'America/New_York' },
  { state: 'PA', zip: '19103', timezone: 'America/New_York' },
  { state: 'NC', zip: '28202', timezone: 'America/New_York' },
] as const;

export type Market = (typeof MARKETS)[number];

/** Lines every agent is licensed for, so every lead has its whole territory as candidates. */
const LICENSED_LINES = ['PROPERTY', 'CASUALTY', 'LIFE', 'ACCIDENT_HEALTH'];
const CERTIFICATION_SETS = [['HOMEOWNERS', 'LIFE'], ['PERSONAL_AUTO', 'HEALTH'], ['UMBRELLA'], []];
/** The validation's ceiling; far more than a run offers any agent. */
const UNLIMITED = 10_000;

export async function createAgents(
  client: GraphClient,
  count: number,
  marketOf: (index: number) => Market,
): Promise<string[]> {
  const ids: string[] = new Array(count);
  const tag = randomBytes(3).toString('hex');
  await mapConcurrently(
    Array.from({ length: count }, (_, index) => index),
    SEED_CONCURRENCY,
    async (index) => {
      const market = marketOf(index);
      const { createAgent } = await client.admin<{ createAgent: { id: string } }>(
        'mutation ($input: CreateAgentInput!) { createAgent(input: $input) { id } }',
        {
          input: {
            name: `Bench Agent ${index}`,
            email: `bench-${tag}-${index}@agency.example`,
            tier: ['ASSOCIATE', 'STANDARD', 'SENIOR', 'SPECIALIST'][index % 4],
            timezone: market.timezone,
            status: 'ONLINE',
            licenses: LICENSED_LINES.map((line) => ({ state: market.state, line, expiresOn: '2099-12-31' })),
            certifications: CERTIFICATION_SETS[index % CERTIFICATION_SETS.length],
            maxOpen: UNLIMITED,
            dailyCap: UNLIMITED,
          },
        },
      );
      ids[index] = createAgent.id;
    },
  );
  return ids;
}

export async function createTerritory(client: GraphClient, input: Record<string, unknown>): Promise<string> {
  const { createTerritory } = await client.admin<{ createTerritory: { id: string } }>(
    'mutation ($input: CreateTerritoryInput!) { createTerritory(input: $input) { id } }',
    { input },
  );
  return createTerritory.id;
}

export async function assignMembers(
  client: GraphClient,
  memberships: Array<[territoryId: string, agentId: string]>,
): Promise<void> {
  await mapConcurrently(memberships, SEED_CONCURRENCY, async ([territoryId, agentId]) => {
    await client.admin('mutation ($t: ID!, $a: ID!) { assignTerritory(territoryId: $t, agentId: $a) { id } }', {
      t: territoryId,
      a: agentId,
    });
  });
}

/** `count` agents spread over the ten states, each state one statewide territory (all PRIMARY). */
export async function seedStatewideMarkets(client: GraphClient, count: number): Promise<string[]> {
  const agentIds = await createAgents(client, count, (index) => MARKETS[index % MARKETS.length]);
  const territoryIds: string[] = [];
  for (const market of MARKETS) {
    territoryIds.push(await createTerritory(client, { name: `Bench ${market.state}`, states: [market.state] }));
  }
  await assignMembers(
    client,
    agentIds.map((agentId, index) => [territoryIds[index % MARKETS.length], agentId]),
  );
  return agentIds;
}
