import { Role, type Viewer } from '../../../lib/auth';
import { AgentStatus, AgentTier, LineOfAuthority, ProductLine } from '../../../lib/domain/enums';
import { BadUserInputError, ForbiddenError } from '../../../lib/errors';
import { AgentService, type CreateAgentInput } from '../../../subgraphs/agents';
import { dataOf, errorCode } from '../../support/graphql-client';
import type { TestSubgraph } from '../../support/subgraph';
import { adminToken, managerToken } from '../../support/tokens';
import { ENGINES, startAgentsSubgraph } from './agent-fixtures';

const ENTITIES = `query ($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Agent { id name licenses { state } } }
}`;
const UNKNOWN_ID = '01890000-0000-7000-8000-000000000000';
const SEEDER: Viewer = { sub: 'demo-seeder', role: Role.ADMIN };

/** What the demo seeder passes: a plain object, no GraphQL involved. */
const seedInput = (index: number): CreateAgentInput => ({
  name: `Seeded Agent ${index}`,
  email: `seeded.${index}@example.com`,
  tier: AgentTier.STANDARD,
  status: AgentStatus.ONLINE,
  timezone: 'America/Phoenix',
  maxOpen: 4,
  dailyCap: 12,
  licenses: [
    { state: 'AZ', line: LineOfAuthority.PROPERTY, expiresOn: '2028-01-31' },
    { state: 'NV', line: LineOfAuthority.CASUALTY },
  ],
  certifications: [ProductLine.HOMEOWNERS],
  workingHours: [{ isoWeekday: 1, start: '08:00', end: '16:00' }],
});

describe.each(ENGINES)('Agent references and AgentService on %s', (engine) => {
  let graph: TestSubgraph;
  let agentIds: string[];

  beforeAll(async () => {
    graph = await startAgentsSubgraph(engine);
    const service = new AgentService(graph.dataSource);
    agentIds = [];
    for (let index = 0; index < 100; index += 1) agentIds.push((await service.create(SEEDER, seedInput(index))).id);
  });

  afterAll(async () => {
    await graph?.close();
  });

  it('resolves 100 Agent references with their licenses in at most 2 SQL statements', async () => {
    graph.statements.reset();
    const response = await graph.request<{
      _entities: Array<{ id: string; name: string; licenses: Array<{ state: string }> }>;
    }>(ENTITIES, { representations: agentIds.map((id) => ({ __typename: 'Agent', id })) }, adminToken());
    const entities = dataOf(response)._entities;
    // One SELECT of the agents, one of their licenses.
    expect(graph.statements.count).toBeGreaterThan(0);
    expect(graph.statements.count).toBeLessThanOrEqual(2);
    expect(entities.map((agent) => agent.id)).toEqual(agentIds);
    expect(entities[42]).toEqual({
      id: agentIds[42],
      name: 'Seeded Agent 42',
      licenses: [{ state: 'AZ' }, { state: 'NV' }],
    });
  });

  it('answers NOT_FOUND for a reference to an agent that does not exist, and still resolves the others', async () => {
    const response = await graph.request<{ _entities: Array<{ id: string } | null> }>(
      ENTITIES,
      {
        representations: [
          { __typename: 'Agent', id: agentIds[0] },
          { __typename: 'Agent', id: UNKNOWN_ID },
        ],
      },
      adminToken(),
    );
    expect(response.data?._entities[0]).toMatchObject({ id: agentIds[0] });
    expect(response.data?._entities[1]).toBeNull();
    expect(errorCode(response)).toBe('NOT_FOUND');
    expect(response.errors?.[0]?.path).toEqual(['_entities', 1]);
  });

  it('makes agents created with AgentService.create readable through GraphQL', async () => {
    const response = await graph.request<{ agent: Record<string, unknown> }>(
      `query ($id: ID!) { agent(id: $id) { email status licenses { state line expiresOn } certifications workingHours { isoWeekday start end } } }`,
      { id: agentIds[7] },
      managerToken(),
    );
    expect(dataOf(response).agent).toEqual({
      email: 'seeded.7@example.com',
      status: 'ONLINE',
      licenses: [
        { state: 'AZ', line: 'PROPERTY', expiresOn: '2028-01-31' },
        { state: 'NV', line: 'CASUALTY', expiresOn: null },
      ],
      certifications: ['HOMEOWNERS'],
      workingHours: [{ isoWeekday: 1, start: '08:00', end: '16:00' }],
    });
  });

  it('applies the same rules to AgentService callers as to GraphQL clients', async () => {
    const service = new AgentService(graph.dataSource);
    await expect(service.create({ sub: 'manager-1', role: Role.MANAGER }, seedInput(1000))).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    const unknownTier = { ...seedInput(1001), tier: 'WIZARD' as AgentTier };
    await expect(service.create(SEEDER, unknownTier)).rejects.toMatchObject({ field: 'input.tier' });
    await expect(service.create(SEEDER, { ...seedInput(1002), maxOpen: 2.5 })).rejects.toBeInstanceOf(
      BadUserInputError,
    );
    const listed = await service.list(SEEDER, { first: 500 });
    expect(listed.map((agent) => agent.id)).toEqual(agentIds);
  });
});
