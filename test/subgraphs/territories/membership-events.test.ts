import { OutboxEventEntity } from '../../../lib/events/outbox-event.entity';
import { Topic } from '../../../lib/events/topics';
import { dataOf, errorCode } from '../../support/graphql-client';
import { adminToken } from '../../support/tokens';
import {
  ASSIGN_TERRITORY,
  CREATE_TERRITORY,
  ENGINES,
  startTerritories,
  type CreatedTerritory,
  type TerritoriesUnderTest,
} from './harness';

const UNKNOWN_ID = '0190a0d4-0000-7000-8000-000000000000';

/**
 * A membership can make an agent eligible for queued leads in the territory,
 * so it is written to the outbox with the change (routing wakes its queue on
 * it). The territories subgraph runs alone here: its own migrations make the
 * outbox table.
 */
describe.each(ENGINES)('territory membership outbox events on %s', (engine) => {
  let subgraph: TerritoriesUnderTest;
  let austin: string;
  let dallas: string;

  const assign = (variables: Record<string, unknown>) =>
    subgraph.request<{ assignTerritory: { id: string } }>(ASSIGN_TERRITORY, variables, adminToken());
  const eligibilityEvents = async (agentId: string): Promise<unknown[]> =>
    (
      await subgraph.dataSource.getRepository(OutboxEventEntity).find({
        where: { topic: Topic.AgentEligibilityChanged, aggregateId: agentId },
        order: { id: 'ASC' },
      })
    ).map((event) => event.payload);

  beforeAll(async () => {
    subgraph = await startTerritories(engine);
    const create = async (name: string, zipPrefix: string): Promise<string> =>
      dataOf(
        await subgraph.request<{ createTerritory: CreatedTerritory }>(
          CREATE_TERRITORY,
          { input: { name, zipPrefixes: [zipPrefix] } },
          adminToken(),
        ),
      ).createTerritory.id;
    austin = await create('Austin', '787');
    dallas = await create('Dallas', '752');
  });

  afterAll(async () => {
    await subgraph?.close();
  });

  it('records AgentEligibilityChanged (TERRITORY) for a new membership and for a new role or weight', async () => {
    const agentId = await subgraph.createAgent();
    dataOf(await assign({ territoryId: austin, agentId }));
    dataOf(await assign({ territoryId: dallas, agentId, role: 'BACKUP' }));
    dataOf(await assign({ territoryId: austin, agentId, role: 'OVERFLOW' }));
    dataOf(await assign({ territoryId: austin, agentId, role: 'OVERFLOW', weight: 2 }));

    const event = { agentId, reason: 'TERRITORY' };
    expect(await eligibilityEvents(agentId)).toEqual([event, event, event, event]);
  });

  it('records nothing when an assignment changes nothing', async () => {
    const agentId = await subgraph.createAgent();
    dataOf(await assign({ territoryId: austin, agentId, role: 'BACKUP', weight: 0.5 }));
    dataOf(await assign({ territoryId: austin, agentId, role: 'BACKUP', weight: 0.5 }));
    expect(await eligibilityEvents(agentId)).toHaveLength(1);
  });

  it('records nothing when the assignment is refused', async () => {
    const agentId = await subgraph.createAgent();
    expect(errorCode(await assign({ territoryId: UNKNOWN_ID, agentId }))).toBe('NOT_FOUND');
    expect(errorCode(await assign({ territoryId: austin, agentId, weight: 0 }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await assign({ territoryId: austin, agentId: UNKNOWN_ID }))).toBe('NOT_FOUND');
    expect(await eligibilityEvents(agentId)).toEqual([]);
    expect(await eligibilityEvents(UNKNOWN_ID)).toEqual([]);
  });
});
