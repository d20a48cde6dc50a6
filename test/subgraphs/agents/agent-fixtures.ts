import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { OutboxEventEntity } from '../../../lib/events/outbox-event.entity';
import type { TopicName } from '../../../lib/events/topics';
import { agentsSubgraph } from '../../../subgraphs/agents';
import { createTestDatabase } from '../../support/mysql';
import { dataOf } from '../../support/graphql-client';
import { startTestSubgraph, type TestSubgraph } from '../../support/subgraph';
import { adminToken } from '../../support/tokens';

export type Engine = 'sqlite' | 'mariadb';
export const ENGINES: readonly Engine[] = ['sqlite', 'mariadb'];

/** The agents subgraph over a fresh database of the engine; `close()` removes both. */
export async function startAgentsSubgraph(engine: Engine): Promise<TestSubgraph> {
  const database = engine === 'mariadb' ? await createTestDatabase() : undefined;
  try {
    const graph = await startTestSubgraph(agentsSubgraph, { databaseUrl: database?.url });
    return {
      ...graph,
      close: async () => {
        await graph.close();
        await database?.drop();
      },
    };
  } catch (error) {
    await database?.drop();
    throw error;
  }
}

export const AGENT_FIELDS = `
  id name email tier status timezone appointments certifications
  licenses { state line expiresOn }
  capacity { agentId maxOpen dailyCap open assignedToday remaining }
  workingHours { isoWeekday start end }
`;

export interface AgentView {
  id: string;
  name: string;
  email: string;
  tier: string;
  status: string;
  timezone: string;
  appointments: string[];
  certifications: string[];
  licenses: Array<{ state: string; line: string; expiresOn: string | null }>;
  capacity: {
    agentId: string;
    maxOpen: number;
    dailyCap: number;
    open: number;
    assignedToday: number;
    remaining: number;
  };
  workingHours: Array<{ isoWeekday: number; start: string; end: string }>;
}

export const CREATE_AGENT = `mutation ($input: CreateAgentInput!) { createAgent(input: $input) { ${AGENT_FIELDS} } }`;
export const AGENT = `query ($id: ID!) { agent(id: $id) { ${AGENT_FIELDS} } }`;
export const AGENTS = `query ($status: AgentStatus, $first: Int, $after: String) {
  agents(status: $status, first: $first, after: $after) { id name status }
}`;

/** A valid CreateAgentInput with an email no other test uses. */
export function agentInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Dana Whitfield',
    email: `dana.${randomBytes(4).toString('hex')}@example.com`,
    tier: 'STANDARD',
    timezone: 'America/Chicago',
    maxOpen: 5,
    dailyCap: 20,
    ...overrides,
  };
}

/** The outbox events of one topic about one aggregate, oldest first. */
export function outboxEvents(
  dataSource: DataSource,
  topic: TopicName,
  aggregateId: string,
): Promise<OutboxEventEntity[]> {
  return dataSource.getRepository(OutboxEventEntity).find({ where: { topic, aggregateId }, order: { id: 'ASC' } });
}

/** Creates an agent as ADMIN from `agentInput(overrides)` and returns its view. */
export async function createAgentIn(graph: TestSubgraph, overrides: Record<string, unknown> = {}): Promise<AgentView> {
  const response = await graph.request<{ createAgent: AgentView }>(
    CREATE_AGENT,
    { input: agentInput(overrides) },
    adminToken(),
  );
  return dataOf(response).createAgent;
}
