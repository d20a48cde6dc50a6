import { Role, type Viewer } from '../../../lib/auth';
import { TerritoryRole } from '../../../lib/domain/enums';
import { TerritoryService } from '../../../subgraphs/territories';
import { dataOf } from '../../support/graphql-client';
import { adminToken, managerToken } from '../../support/tokens';
import { ENGINES, startTerritories, type TerritoriesUnderTest } from './harness';

const ENTITIES = `query Refs($representations: [_Any!]!) { _entities(representations: $representations) { __typename SELECTION } }`;
const entitiesQuery = (selection: string): string => ENTITIES.replace('SELECTION', selection);

const staff: Viewer = { sub: 'seeder', role: Role.ADMIN };
const REFERENCES = 100;

describe.each(ENGINES)('federation references and the seeding API on %s', (engine) => {
  let subgraph: TerritoriesUnderTest;
  let service: TerritoryService;
  const territoryIds: string[] = [];
  const agentIds: string[] = [];

  beforeAll(async () => {
    subgraph = await startTerritories(engine);
    // What a demo seeder does: plain inputs and a staff viewer, no GraphQL.
    service = new TerritoryService(subgraph.dataSource);
    for (let index = 0; index < REFERENCES; index += 1) {
      const territory = await service.create(staff, {
        name: `Region ${String(index).padStart(3, '0')}`,
        states: [index % 2 === 0 ? 'TX' : 'CA'],
        zipPrefixes: [String(index % 10)],
      });
      territoryIds.push(territory.id);
      agentIds.push(await subgraph.createAgent());
    }
    // Agent i belongs to territories i and i+1, so each territory has two members.
    for (let index = 0; index < REFERENCES; index += 1) {
      await service.assign(staff, { territoryId: territoryIds[index], agentId: agentIds[index] });
      await service.assign(staff, {
        territoryId: territoryIds[(index + 1) % REFERENCES],
        agentId: agentIds[index],
        role: TerritoryRole.BACKUP,
        weight: 0.25,
      });
    }
  });

  afterAll(async () => {
    await subgraph?.close();
  });

  it('resolves 100 Agent references with their territories in at most 2 SQL statements', async () => {
    subgraph.statements.reset();
    const response = await subgraph.request<{ _entities: Array<{ territories: Array<{ name: string }> }> }>(
      entitiesQuery('... on Agent { id territories { id name } }'),
      { representations: agentIds.map((id) => ({ __typename: 'Agent', id })) },
      managerToken(),
    );
    const entities = dataOf(response)._entities;
    expect(subgraph.statements.count).toBeLessThanOrEqual(2);
    expect(entities).toHaveLength(REFERENCES);
    expect(entities[0]).toEqual({
      __typename: 'Agent',
      id: agentIds[0],
      territories: [
        { id: territoryIds[0], name: 'Region 000' },
        { id: territoryIds[1], name: 'Region 001' },
      ],
    });
    expect(entities[REFERENCES - 1].territories.map((territory) => territory.name)).toEqual([
      'Region 000',
      'Region 099',
    ]);
  });

  it('resolves 100 Territory references with their areas in at most 2 SQL statements', async () => {
    subgraph.statements.reset();
    const response = await subgraph.request<{ _entities: Array<{ id: string; name: string; states: string[] }> }>(
      entitiesQuery('... on Territory { id name states zipPrefixes }'),
      { representations: territoryIds.map((id) => ({ __typename: 'Territory', id })) },
      adminToken(),
    );
    const entities = dataOf(response)._entities;
    expect(subgraph.statements.count).toBeLessThanOrEqual(2);
    expect(entities).toHaveLength(REFERENCES);
    expect(entities[7]).toEqual({
      __typename: 'Territory',
      id: territoryIds[7],
      name: 'Region 007',
      states: ['CA'],
      zipPrefixes: ['7'],
    });
  });

  it('keeps the statement count flat when members and their territories are read too', async () => {
    subgraph.statements.reset();
    const response = await subgraph.request<{
      _entities: Array<{
        members: Array<{ role: string; weight: number; agent: { id: string; territories: Array<{ name: string }> } }>;
      }>;
    }>(
      entitiesQuery('... on Territory { name members { role weight agent { id territories { name } } } }'),
      { representations: territoryIds.map((id) => ({ __typename: 'Territory', id })) },
      adminToken(),
    );
    const entities = dataOf(response)._entities;
    // territories, members, then the members' territories: one statement each.
    expect(subgraph.statements.count).toBeLessThanOrEqual(3);
    // Agent 0 joined region 1 as BACKUP before agent 1 joined it as PRIMARY.
    expect(entities[1].members).toEqual([
      {
        role: 'BACKUP',
        weight: 0.25,
        agent: { id: agentIds[0], territories: [{ name: 'Region 000' }, { name: 'Region 001' }] },
      },
      {
        role: 'PRIMARY',
        weight: 1,
        agent: { id: agentIds[1], territories: [{ name: 'Region 001' }, { name: 'Region 002' }] },
      },
    ]);
  });

  it('answers NOT_FOUND for a Territory reference that does not exist, resolving the others', async () => {
    const response = await subgraph.request<{ _entities: Array<{ name: string } | null> }>(
      entitiesQuery('... on Territory { name }'),
      {
        representations: [territoryIds[0], '0190a0d4-0000-7000-8000-000000000000'].map((id) => ({
          __typename: 'Territory',
          id,
        })),
      },
      adminToken(),
    );
    expect(response.data?._entities).toEqual([{ __typename: 'Territory', name: 'Region 000' }, null]);
    expect(response.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('makes what the seeding API wrote visible through GraphQL', async () => {
    const response = await subgraph.request<{ territoriesFor: Array<{ name: string }> }>(
      '{ territoriesFor(postalCode: "78701") { name } }',
      {},
      adminToken(),
    );
    // 78701 is in TX (the even regions) and starts with 7 (regions 7, 17, …, 97, all odd).
    const names = dataOf(response).territoriesFor.map((territory) => territory.name);
    expect(names).toHaveLength(REFERENCES / 2 + REFERENCES / 10);
    expect(names.slice(0, 5)).toEqual(['Region 000', 'Region 002', 'Region 004', 'Region 006', 'Region 007']);
  });

  it('refuses the seeding API to a viewer who is not staff', async () => {
    const agent: Viewer = { sub: 'agent', role: Role.AGENT, agentId: agentIds[0] };
    await expect(service.create(agent, { name: 'Sneaky', states: ['TX'] })).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
    await expect(service.assign(agent, { territoryId: territoryIds[0], agentId: agentIds[0] })).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
  });
});
