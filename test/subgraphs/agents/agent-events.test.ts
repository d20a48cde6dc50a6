import { Topic } from '../../../lib/events/topics';
import { dataOf, errorCode } from '../../support/graphql-client';
import type { TestSubgraph } from '../../support/subgraph';
import { agentToken, managerToken } from '../../support/tokens';
import { ENGINES, outboxEvents, startAgentsSubgraph, type AgentView, createAgentIn } from './agent-fixtures';

const UPDATE_AGENT = `mutation ($id: ID!, $input: UpdateAgentInput!) {
  updateAgent(id: $id, input: $input) { id capacity { maxOpen dailyCap } }
}`;
const ADD_LICENSE = `mutation ($agentId: ID!, $input: LicenseInput!) { addLicense(agentId: $agentId, input: $input) { id } }`;
const ADD_CERTIFICATION = `mutation ($agentId: ID!, $productLine: ProductLine!) {
  addCertification(agentId: $agentId, productLine: $productLine) { id certifications }
}`;
const SET_STATUS = `mutation ($agentId: ID!, $status: AgentStatus!) { setAgentStatus(agentId: $agentId, status: $status) { id status } }`;

/** Agent changes that can wake routing's queue are written to the outbox with the change. */
describe.each(ENGINES)('agent outbox events on %s', (engine) => {
  let graph: TestSubgraph;

  beforeAll(async () => {
    graph = await startAgentsSubgraph(engine);
  });

  afterAll(async () => {
    await graph?.close();
  });

  const createAgent = (overrides: Record<string, unknown> = {}): Promise<AgentView> => createAgentIn(graph, overrides);

  const eligibilityReasons = async (agentId: string): Promise<unknown[]> =>
    (await outboxEvents(graph.dataSource, Topic.AgentEligibilityChanged, agentId)).map((event) => event.payload);
  const capacityPayloads = async (agentId: string): Promise<unknown[]> =>
    (await outboxEvents(graph.dataSource, Topic.CapacityChanged, agentId)).map((event) => event.payload);

  describe('AgentEligibilityChanged', () => {
    it('is recorded when an agent is created ONLINE, and not when created OFFLINE or AWAY', async () => {
      const online = await createAgent({ status: 'ONLINE' });
      const offline = await createAgent();
      const away = await createAgent({ status: 'AWAY' });
      expect(await eligibilityReasons(online.id)).toEqual([{ agentId: online.id, reason: 'ONLINE' }]);
      expect(await eligibilityReasons(offline.id)).toEqual([]);
      expect(await eligibilityReasons(away.id)).toEqual([]);
    });

    it('is recorded each time an agent comes ONLINE from another status, by itself or by staff', async () => {
      const agent = await createAgent();
      const setStatus = async (status: string, token: string) =>
        dataOf(await graph.request(SET_STATUS, { agentId: agent.id, status }, token));

      await setStatus('ONLINE', agentToken(agent.id));
      await setStatus('ONLINE', agentToken(agent.id)); // already ONLINE: nothing new
      await setStatus('AWAY', agentToken(agent.id));
      await setStatus('OFFLINE', managerToken());
      await setStatus('ONLINE', managerToken());

      expect(await eligibilityReasons(agent.id)).toEqual([
        { agentId: agent.id, reason: 'ONLINE' },
        { agentId: agent.id, reason: 'ONLINE' },
      ]);
    });

    it('is recorded for a new license and for a renewed one', async () => {
      const agent = await createAgent({ licenses: [{ state: 'TX', line: 'LIFE', expiresOn: '2025-01-31' }] });
      const addLicense = async (input: Record<string, unknown>) =>
        dataOf(await graph.request(ADD_LICENSE, { agentId: agent.id, input }, managerToken()));

      await addLicense({ state: 'OK', line: 'PROPERTY' });
      await addLicense({ state: 'TX', line: 'LIFE', expiresOn: '2028-01-31' });

      expect(await eligibilityReasons(agent.id)).toEqual([
        { agentId: agent.id, reason: 'LICENSE' },
        { agentId: agent.id, reason: 'LICENSE' },
      ]);
    });

    it('is recorded for a certification the agent did not have, and not for one it had', async () => {
      const agent = await createAgent({ certifications: ['BOP'] });
      const addCertification = async (productLine: string) =>
        dataOf(await graph.request(ADD_CERTIFICATION, { agentId: agent.id, productLine }, managerToken()));

      await addCertification('BOP');
      await addCertification('COMMERCIAL_GL');
      await addCertification('COMMERCIAL_GL');

      expect(await eligibilityReasons(agent.id)).toEqual([{ agentId: agent.id, reason: 'CERTIFICATION' }]);
    });

    const updateAgent = async (id: string, input: Record<string, unknown>) =>
      dataOf(await graph.request(UPDATE_AGENT, { id, input }, managerToken()));

    it('is recorded whenever updateAgent changes the working hours, including to none, and not for the same hours', async () => {
      const agent = await createAgent({ workingHours: [{ isoWeekday: 1, start: '09:00', end: '17:00' }] });

      await updateAgent(agent.id, { workingHours: [{ isoWeekday: 1, start: '09:00', end: '17:00' }] }); // unchanged
      await updateAgent(agent.id, {
        workingHours: [
          { isoWeekday: 2, start: '09:00', end: '12:00' },
          { isoWeekday: 1, start: '09:00', end: '17:00' },
        ],
      });
      await updateAgent(agent.id, {
        workingHours: [
          { isoWeekday: 1, start: '09:00', end: '17:00' },
          { isoWeekday: 2, start: '09:00', end: '12:00' },
        ],
      }); // the same windows, listed in another order
      await updateAgent(agent.id, { workingHours: [] }); // available whenever ONLINE
      await updateAgent(agent.id, { name: 'Renamed' });

      expect(await eligibilityReasons(agent.id)).toEqual([
        { agentId: agent.id, reason: 'WORKING_HOURS' },
        { agentId: agent.id, reason: 'WORKING_HOURS' },
      ]);
    });

    it('is recorded when updateAgent appoints the agent with a carrier it lacked, not for one it had or lost', async () => {
      const agent = await createAgent({ appointments: ['Travelers', 'Hartford'] });

      await updateAgent(agent.id, { appointments: [' travelers ', 'HARTFORD'] }); // the same carriers, respelled
      await updateAgent(agent.id, { appointments: ['Travelers'] }); // Hartford lost
      await updateAgent(agent.id, { appointments: ['Travelers', 'Progressive'] });
      await updateAgent(agent.id, { appointments: [] });

      expect(await eligibilityReasons(agent.id)).toEqual([{ agentId: agent.id, reason: 'APPOINTMENT' }]);
    });

    it('is recorded once per reason when one update changes several eligibility facts', async () => {
      const agent = await createAgent({ tier: 'STANDARD', timezone: 'America/Chicago' });
      await updateAgent(agent.id, {
        tier: 'SENIOR',
        timezone: 'America/Denver',
        workingHours: [{ isoWeekday: 3, start: '08:00', end: '16:00' }],
        appointments: ['Progressive'],
      });
      expect(await eligibilityReasons(agent.id)).toEqual(
        ['TIER', 'TIME_ZONE', 'WORKING_HOURS', 'APPOINTMENT'].map((reason) => ({ agentId: agent.id, reason })),
      );
    });

    it('is not recorded when an update of working hours or appointments is refused', async () => {
      const agent = await createAgent({ tier: 'STANDARD' });
      const responses = [
        await graph.request(
          UPDATE_AGENT,
          {
            id: agent.id,
            input: { tier: 'SENIOR', workingHours: [{ isoWeekday: 1, start: '17:00', end: '09:00' }] },
          },
          managerToken(),
        ),
        await graph.request(
          UPDATE_AGENT,
          { id: agent.id, input: { appointments: ['Progressive', ''] } },
          managerToken(),
        ),
        await graph.request(
          UPDATE_AGENT,
          { id: agent.id, input: { appointments: ['Progressive'] } },
          agentToken(agent.id),
        ),
      ];
      expect(responses.map(errorCode)).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT', 'FORBIDDEN']);
      expect(await eligibilityReasons(agent.id)).toEqual([]);
    });

    it('is not recorded when the change is refused', async () => {
      const agent = await createAgent();
      const badLicense = await graph.request(
        ADD_LICENSE,
        { agentId: agent.id, input: { state: 'ZZ', line: 'LIFE' } },
        managerToken(),
      );
      const otherAgentsStatus = await graph.request(
        SET_STATUS,
        { agentId: agent.id, status: 'ONLINE' },
        agentToken('01890000-0000-7000-8000-000000000001'),
      );
      const byAnAgent = await graph.request(
        ADD_CERTIFICATION,
        { agentId: agent.id, productLine: 'BOP' },
        agentToken(agent.id),
      );

      expect([errorCode(badLicense), errorCode(otherAgentsStatus), errorCode(byAnAgent)]).toEqual([
        'BAD_USER_INPUT',
        'FORBIDDEN',
        'FORBIDDEN',
      ]);
      expect(await eligibilityReasons(agent.id)).toEqual([]);
    });
  });

  describe('CapacityChanged', () => {
    const update = async (id: string, input: Record<string, unknown>) =>
      dataOf(await graph.request<{ updateAgent: AgentView }>(UPDATE_AGENT, { id, input }, managerToken())).updateAgent;

    it('is recorded for every change of max open or daily cap, as freed only when a limit rose', async () => {
      const agent = await createAgent({ maxOpen: 5, dailyCap: 20 });

      await update(agent.id, { maxOpen: 8 });
      await update(agent.id, { dailyCap: 10 });
      await update(agent.id, { maxOpen: 4, dailyCap: 30 });
      await update(agent.id, { maxOpen: 4, dailyCap: 30 }); // unchanged
      await update(agent.id, { name: 'Renamed', tier: 'SENIOR' }); // not capacity
      expect(await update(agent.id, { maxOpen: 3 })).toMatchObject({ capacity: { maxOpen: 3, dailyCap: 30 } });

      expect(await capacityPayloads(agent.id)).toEqual([
        { agentId: agent.id, freed: true },
        { agentId: agent.id, freed: false },
        { agentId: agent.id, freed: true },
        { agentId: agent.id, freed: false },
      ]);
    });

    it('is not recorded when the update is refused', async () => {
      const agent = await createAgent({ maxOpen: 5 });
      const response = await graph.request(
        UPDATE_AGENT,
        { id: agent.id, input: { maxOpen: 9, dailyCap: 0 } },
        managerToken(),
      );
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
      expect(await capacityPayloads(agent.id)).toEqual([]);
    });
  });
});
