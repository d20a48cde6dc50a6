import { dataOf, errorCode } from '../../support/graphql-client';
import { adminToken, agentToken, managerToken, partnerToken } from '../../support/tokens';
import {
  ASSIGN_TERRITORY,
  CREATE_TERRITORY,
  ENGINES,
  errorField,
  startTerritories,
  type CreatedTerritory,
  type TerritoriesUnderTest,
} from './harness';

interface AssignedTerritory {
  id: string;
  name: string;
  members: Array<{ agent: { __typename: string; id: string }; role: string; weight: number }>;
}

const UNKNOWN_ID = '0190a0d4-0000-7000-8000-000000000000';

describe.each(ENGINES)('territory members on %s', (engine) => {
  let subgraph: TerritoriesUnderTest;
  let austin: string;
  let dallas: string;
  let alice: string;
  let bob: string;

  const assign = (variables: Record<string, unknown>, token = adminToken()) =>
    subgraph.request<{ assignTerritory: AssignedTerritory }>(ASSIGN_TERRITORY, variables, token);
  const membersOf = async (territoryId: string) =>
    dataOf(
      await subgraph.request<{ territory: AssignedTerritory }>(
        'query One($id: ID!) { territory(id: $id) { members { agent { __typename id } role weight } } }',
        { id: territoryId },
        managerToken(),
      ),
    ).territory.members;

  beforeAll(async () => {
    subgraph = await startTerritories(engine);
    const create = async (name: string, input: Record<string, unknown>): Promise<string> =>
      dataOf(
        await subgraph.request<{ createTerritory: CreatedTerritory }>(
          CREATE_TERRITORY,
          { input: { name, ...input } },
          adminToken(),
        ),
      ).createTerritory.id;
    austin = await create('Austin', { zipPrefixes: ['787'] });
    dallas = await create('Dallas', { zipPrefixes: ['752'] });
    alice = await subgraph.createAgent();
    bob = await subgraph.createAgent();
  });

  afterAll(async () => {
    await subgraph?.close();
  });

  it('adds a member as PRIMARY with weight 1 by default', async () => {
    const territory = dataOf(await assign({ territoryId: austin, agentId: alice })).assignTerritory;
    expect(territory).toEqual({
      id: austin,
      name: 'Austin',
      members: [{ agent: { __typename: 'Agent', id: alice }, role: 'PRIMARY', weight: 1 }],
    });
  });

  it('lists members in the order they joined, with their role and weight', async () => {
    dataOf(await assign({ territoryId: austin, agentId: bob, role: 'BACKUP', weight: 0.5 }, managerToken()));
    expect(await membersOf(austin)).toEqual([
      { agent: { __typename: 'Agent', id: alice }, role: 'PRIMARY', weight: 1 },
      { agent: { __typename: 'Agent', id: bob }, role: 'BACKUP', weight: 0.5 },
    ]);
  });

  it('updates the role and weight of an agent assigned again instead of adding it twice', async () => {
    const territory = dataOf(
      await assign({ territoryId: austin, agentId: alice, role: 'OVERFLOW', weight: 2.5 }),
    ).assignTerritory;
    expect(territory.members).toEqual([
      { agent: { __typename: 'Agent', id: alice }, role: 'OVERFLOW', weight: 2.5 },
      { agent: { __typename: 'Agent', id: bob }, role: 'BACKUP', weight: 0.5 },
    ]);
    // Omitted role and weight go back to the defaults rather than keeping the old values.
    dataOf(await assign({ territoryId: austin, agentId: alice }));
    expect((await membersOf(austin))[0]).toEqual({
      agent: { __typename: 'Agent', id: alice },
      role: 'PRIMARY',
      weight: 1,
    });
    expect(await membersOf(dallas)).toEqual([]);
  });

  it('resolves Agent.territories through the agent reference', async () => {
    dataOf(await assign({ territoryId: dallas, agentId: alice, role: 'BACKUP' }));
    const response = await subgraph.request<{ _entities: Array<{ id: string; territories: Array<{ name: string }> }> }>(
      'query Refs($representations: [_Any!]!) { _entities(representations: $representations) { ... on Agent { id territories { name } } } }',
      { representations: [alice, bob, UNKNOWN_ID].map((id) => ({ __typename: 'Agent', id })) },
      agentToken(bob),
    );
    expect(dataOf(response)._entities).toEqual([
      { id: alice, territories: [{ name: 'Austin' }, { name: 'Dallas' }] },
      { id: bob, territories: [{ name: 'Austin' }] },
      { id: UNKNOWN_ID, territories: [] },
    ]);
  });

  it.each([
    ['zero', 0],
    ['negative', -1],
    // Would make the agent's scores infinite.
    ['huge', 1e308],
  ])('rejects a %s weight naming weight, changing nothing', async (_case, weight) => {
    const before = await membersOf(dallas);
    const response = await assign({ territoryId: dallas, agentId: bob, weight });
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
    expect(errorField(response)).toBe('weight');
    expect(await membersOf(dallas)).toEqual(before);
  });

  it('answers NOT_FOUND for an unknown territory or agent', async () => {
    const before = await subgraph.rowCounts();
    expect(errorCode(await assign({ territoryId: UNKNOWN_ID, agentId: alice }))).toBe('NOT_FOUND');
    expect(errorCode(await assign({ territoryId: 'nonsense', agentId: alice }))).toBe('NOT_FOUND');
    const unknownAgent = await assign({ territoryId: austin, agentId: UNKNOWN_ID });
    expect(errorCode(unknownAgent)).toBe('NOT_FOUND');
    expect(unknownAgent.errors?.[0]?.extensions).toMatchObject({ entity: 'Agent', id: UNKNOWN_ID });
    expect(errorCode(await assign({ territoryId: austin, agentId: 'nonsense' }))).toBe('NOT_FOUND');
    expect(await subgraph.rowCounts()).toEqual(before);
  });

  it('lets only ADMIN and MANAGER assign', async () => {
    const before = await membersOf(dallas);
    for (const token of [agentToken(bob), partnerToken('partner-1')]) {
      expect(errorCode(await assign({ territoryId: dallas, agentId: bob }, token))).toBe('FORBIDDEN');
    }
    expect(await membersOf(dallas)).toEqual(before);
  });

  it('hides members and agent territories from partners', async () => {
    const partner = partnerToken('partner-1');
    const members = await subgraph.request(
      'query One($id: ID!) { territory(id: $id) { members { role } } }',
      { id: austin },
      partner,
    );
    expect(errorCode(members)).toBe('FORBIDDEN');
    const agentTerritories = await subgraph.request(
      'query Refs($representations: [_Any!]!) { _entities(representations: $representations) { ... on Agent { territories { name } } } }',
      { representations: [{ __typename: 'Agent', id: alice }] },
      partner,
    );
    expect(errorCode(agentTerritories)).toBe('FORBIDDEN');
  });
});
