import { dataOf, errorCode, type GraphQLResponse } from '../../support/graphql-client';
import type { TestSubgraph } from '../../support/subgraph';
import { adminToken, agentToken, managerToken, partnerToken } from '../../support/tokens';
import {
  AGENT,
  AGENT_FIELDS,
  AGENTS,
  CREATE_AGENT,
  ENGINES,
  agentInput,
  startAgentsSubgraph,
  type AgentView,
  createAgentIn,
} from './agent-fixtures';

const UPDATE_AGENT = `mutation ($id: ID!, $input: UpdateAgentInput!) { updateAgent(id: $id, input: $input) { ${AGENT_FIELDS} } }`;
const ADD_LICENSE = `mutation ($agentId: ID!, $input: LicenseInput!) {
  addLicense(agentId: $agentId, input: $input) { id licenses { state line expiresOn } }
}`;
const ADD_CERTIFICATION = `mutation ($agentId: ID!, $productLine: ProductLine!) {
  addCertification(agentId: $agentId, productLine: $productLine) { id certifications }
}`;
const SET_STATUS = `mutation ($agentId: ID!, $status: AgentStatus!) {
  setAgentStatus(agentId: $agentId, status: $status) { id status }
}`;
const UNKNOWN_ID = '01890000-0000-7000-8000-000000000000';

/** The calendar date in `timeZone` at `at`, written YYYY-MM-DD. */
const dateIn = (timeZone: string, at: Date): string => at.toLocaleDateString('en-CA', { timeZone });

describe.each(ENGINES)('agents subgraph on %s', (engine) => {
  let graph: TestSubgraph;

  beforeAll(async () => {
    graph = await startAgentsSubgraph(engine);
  });

  afterAll(async () => {
    await graph?.close();
  });

  const createAgent = (overrides: Record<string, unknown> = {}): Promise<AgentView> => createAgentIn(graph, overrides);

  async function allAgents(): Promise<Array<{ id: string; name: string; status: string }>> {
    const response = await graph.request<{ agents: Array<{ id: string; name: string; status: string }> }>(
      AGENTS,
      { first: 500 },
      adminToken(),
    );
    return dataOf(response).agents;
  }

  const fieldOf = (response: GraphQLResponse<unknown>): unknown => response.errors?.[0]?.extensions?.field;

  describe('createAgent', () => {
    it('stores licenses, appointments, certifications and working hours, normalized, and reads them back', async () => {
      const created = await createAgent({
        name: '  Rosa Delgado ',
        email: 'Rosa.Delgado@Example.COM',
        tier: 'SENIOR',
        timezone: 'America/Denver',
        maxOpen: 8,
        dailyCap: 3,
        licenses: [
          { state: 'tx', line: 'CASUALTY', expiresOn: '2027-03-31' },
          { state: 'CO', line: 'PROPERTY' },
        ],
        appointments: [' Progressive ', 'Travelers', 'progressive'],
        certifications: ['COMMERCIAL_GL', 'BOP', 'COMMERCIAL_GL'],
        workingHours: [
          { isoWeekday: 2, start: '09:00', end: '17:30' },
          { isoWeekday: 1, start: '13:00', end: '18:00' },
          { isoWeekday: 1, start: '08:00', end: '12:00' },
        ],
      });

      const expected = {
        id: created.id,
        name: 'Rosa Delgado',
        email: 'rosa.delgado@example.com',
        tier: 'SENIOR',
        status: 'OFFLINE',
        timezone: 'America/Denver',
        appointments: ['Progressive', 'Travelers'],
        certifications: ['COMMERCIAL_GL', 'BOP'],
        licenses: [
          { state: 'CO', line: 'PROPERTY', expiresOn: null },
          { state: 'TX', line: 'CASUALTY', expiresOn: '2027-03-31' },
        ],
        capacity: { agentId: created.id, maxOpen: 8, dailyCap: 3, open: 0, assignedToday: 0, remaining: 3 },
        workingHours: [
          { isoWeekday: 1, start: '08:00', end: '12:00' },
          { isoWeekday: 1, start: '13:00', end: '18:00' },
          { isoWeekday: 2, start: '09:00', end: '17:30' },
        ],
      };
      expect(created).toEqual(expected);
      const read = await graph.request<{ agent: AgentView }>(AGENT, { id: created.id }, managerToken());
      expect(dataOf(read).agent).toEqual(expected);
    });

    it.each([
      ['america/indiana/indianapolis', 'America/Indiana/Indianapolis'],
      ['America/Kentucky/Louisville', 'America/Kentucky/Louisville'],
      ['america/chicago', 'America/Chicago'],
    ])('keeps the time zone %s as the current IANA name %s, not a retired alias', async (timezone, stored) => {
      const created = await createAgent({ timezone });
      expect(created.timezone).toBe(stored);
    });

    it('takes the status given, and empty lists when licenses, appointments, certifications and hours are absent', async () => {
      const created = await createAgent({ status: 'ONLINE', workingHours: null });
      expect(created).toMatchObject({
        status: 'ONLINE',
        licenses: [],
        appointments: [],
        certifications: [],
        workingHours: [],
      });
    });

    it('accepts "24:00" as the end of a working day', async () => {
      const created = await createAgent({ workingHours: [{ isoWeekday: 6, start: '00:00', end: '24:00' }] });
      expect(created.workingHours).toEqual([{ isoWeekday: 6, start: '00:00', end: '24:00' }]);
    });

    const invalidInputs: Array<[string, Record<string, unknown>, string]> = [
      ['a blank name', { name: '   ' }, 'input.name'],
      ['a malformed email', { email: 'dana.at.example.com' }, 'input.email'],
      ['an unknown time zone', { timezone: 'Mars/Olympus_Mons' }, 'input.timezone'],
      ['a time zone abbreviation', { timezone: 'CST' }, 'input.timezone'],
      [
        'an unknown license state',
        {
          licenses: [
            { state: 'TX', line: 'LIFE' },
            { state: 'ZZ', line: 'LIFE' },
          ],
        },
        'input.licenses[1].state',
      ],
      [
        'an impossible expiry date',
        { licenses: [{ state: 'TX', line: 'LIFE', expiresOn: '2027-02-30' }] },
        'input.licenses[0].expiresOn',
      ],
      [
        'an expiry date not in ISO form',
        { licenses: [{ state: 'TX', line: 'LIFE', expiresOn: '12/31/2027' }] },
        'input.licenses[0].expiresOn',
      ],
      [
        'the same license twice',
        {
          licenses: [
            { state: 'TX', line: 'LIFE' },
            { state: 'NM', line: 'LIFE' },
            { state: 'tx', line: 'LIFE', expiresOn: '2030-01-01' },
          ],
        },
        'input.licenses[2]',
      ],
      ['maxOpen 0', { maxOpen: 0 }, 'input.maxOpen'],
      ['a negative maxOpen', { maxOpen: -4 }, 'input.maxOpen'],
      ['dailyCap above the bound', { dailyCap: 10_001 }, 'input.dailyCap'],
      [
        'weekday 8',
        { workingHours: [{ isoWeekday: 8, start: '09:00', end: '17:00' }] },
        'input.workingHours[0].isoWeekday',
      ],
      [
        'weekday 0',
        { workingHours: [{ isoWeekday: 0, start: '09:00', end: '17:00' }] },
        'input.workingHours[0].isoWeekday',
      ],
      [
        'a start not in HH:MM',
        { workingHours: [{ isoWeekday: 1, start: '9:00', end: '17:00' }] },
        'input.workingHours[0].start',
      ],
      [
        'an end past 24:00',
        { workingHours: [{ isoWeekday: 1, start: '09:00', end: '25:00' }] },
        'input.workingHours[0].end',
      ],
      [
        'an end before the start',
        { workingHours: [{ isoWeekday: 1, start: '17:00', end: '09:00' }] },
        'input.workingHours[0].end',
      ],
      [
        'overlapping windows on one day',
        {
          workingHours: [
            { isoWeekday: 3, start: '09:00', end: '13:00' },
            { isoWeekday: 4, start: '09:00', end: '13:00' },
            { isoWeekday: 3, start: '12:30', end: '17:00' },
          ],
        },
        'input.workingHours[2]',
      ],
      ['a blank carrier', { appointments: ['Progressive', '  '] }, 'input.appointments[1]'],
    ];

    it.each(invalidInputs)(
      'rejects %s as BAD_USER_INPUT naming the field and writes nothing',
      async (_case, overrides, field) => {
        const before = await allAgents();
        const input = agentInput({
          licenses: [{ state: 'TX', line: 'CASUALTY' }],
          appointments: ['Progressive'],
          certifications: ['PERSONAL_AUTO'],
          workingHours: [{ isoWeekday: 1, start: '09:00', end: '17:00' }],
          ...overrides,
        });
        const response = await graph.request(CREATE_AGENT, { input }, adminToken());
        expect(errorCode(response)).toBe('BAD_USER_INPUT');
        expect(fieldOf(response)).toBe(field);
        expect(response.errors?.[0]?.message).toContain(field);
        expect(await allAgents()).toEqual(before);
      },
    );

    it('rejects an unknown tier through GraphQL enum validation', async () => {
      const before = await allAgents();
      const response = await graph.request(CREATE_AGENT, { input: agentInput({ tier: 'WIZARD' }) }, adminToken());
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
      expect(response.errors?.[0]?.message).toContain('tier');
      expect(await allAgents()).toEqual(before);
    });

    it('answers CONFLICT for an email another agent has, whatever its case, and keeps one agent', async () => {
      const email = `conflict.${Date.now()}@example.com`;
      const first = await createAgent({ email, name: 'First Holder' });
      const response = await graph.request(
        CREATE_AGENT,
        { input: agentInput({ email: email.toUpperCase(), name: 'Second Holder' }) },
        adminToken(),
      );
      expect(errorCode(response)).toBe('CONFLICT');
      const holders = (await allAgents()).filter(
        (agent) => agent.name === 'First Holder' || agent.name === 'Second Holder',
      );
      expect(holders.map((agent) => agent.id)).toEqual([first.id]);
    });

    it('is for ADMIN only', async () => {
      const before = await allAgents();
      for (const token of [managerToken(), agentToken(UNKNOWN_ID), partnerToken('partner-1')]) {
        const response = await graph.request(CREATE_AGENT, { input: agentInput() }, token);
        expect(errorCode(response)).toBe('FORBIDDEN');
      }
      expect(await allAgents()).toEqual(before);
    });
  });

  describe('reading agents', () => {
    it('lets an agent read only itself and forbids partners', async () => {
      const self = await createAgent({ name: 'Self Reader' });
      const other = await createAgent({ name: 'Someone Else' });
      const token = agentToken(self.id);

      const own = await graph.request<{ agent: AgentView }>(AGENT, { id: self.id }, token);
      expect(dataOf(own).agent.name).toBe('Self Reader');
      expect(errorCode(await graph.request(AGENT, { id: other.id }, token))).toBe('FORBIDDEN');
      const listed = await graph.request<{ agents: Array<{ id: string }> }>(AGENTS, {}, token);
      expect(dataOf(listed).agents.map((agent) => agent.id)).toEqual([self.id]);

      expect(errorCode(await graph.request(AGENT, { id: self.id }, partnerToken('partner-1')))).toBe('FORBIDDEN');
      expect(errorCode(await graph.request(AGENTS, {}, partnerToken('partner-1')))).toBe('FORBIDDEN');
    });

    it('answers null to staff for an id no agent has', async () => {
      const response = await graph.request<{ agent: AgentView | null }>(AGENT, { id: UNKNOWN_ID }, managerToken());
      expect(dataOf(response).agent).toBeNull();
    });

    it('pages through all agents with first/after in creation order, and filters by status', async () => {
      const away = [await createAgent({ status: 'AWAY' }), await createAgent({ status: 'AWAY' })];
      const everyone = await allAgents();
      expect(everyone.length).toBeGreaterThanOrEqual(5);

      const paged: string[] = [];
      let after: string | undefined;
      for (;;) {
        const response = await graph.request<{ agents: Array<{ id: string }> }>(
          AGENTS,
          { first: 2, after },
          managerToken(),
        );
        const page = dataOf(response).agents;
        expect(page.length).toBeLessThanOrEqual(2);
        if (page.length === 0) break;
        paged.push(...page.map((agent) => agent.id));
        after = page[page.length - 1].id;
      }
      expect(paged).toEqual(everyone.map((agent) => agent.id));

      const awayOnly = dataOf(
        await graph.request<{ agents: Array<{ id: string; status: string }> }>(
          AGENTS,
          { status: 'AWAY' },
          managerToken(),
        ),
      ).agents;
      expect(awayOnly.every((agent) => agent.status === 'AWAY')).toBe(true);
      expect(awayOnly.map((agent) => agent.id)).toEqual(expect.arrayContaining(away.map((agent) => agent.id)));
      expect(awayOnly.length).toBeLessThan(everyone.length);
    });

    it('rejects a page size out of range and a cursor that is not an id', async () => {
      const tooSmall = await graph.request(AGENTS, { first: 0 }, managerToken());
      expect([errorCode(tooSmall), fieldOf(tooSmall)]).toEqual(['BAD_USER_INPUT', 'first']);
      const badCursor = await graph.request(AGENTS, { after: 'page-2' }, managerToken());
      expect([errorCode(badCursor), fieldOf(badCursor)]).toEqual(['BAD_USER_INPUT', 'after']);
    });
  });

  describe('updateAgent', () => {
    it('changes only the fields given', async () => {
      const agent = await createAgent({ tier: 'ASSOCIATE', maxOpen: 4, dailyCap: 10, appointments: ['Travelers'] });
      const response = await graph.request<{ updateAgent: AgentView }>(
        UPDATE_AGENT,
        {
          id: agent.id,
          input: { name: 'Dana W. Whitfield', tier: 'SPECIALIST', maxOpen: 6, timezone: 'america/new_york' },
        },
        managerToken(),
      );
      const expected = {
        ...agent,
        name: 'Dana W. Whitfield',
        tier: 'SPECIALIST',
        timezone: 'America/New_York',
        capacity: { ...agent.capacity, maxOpen: 6, remaining: 6 },
      };
      expect(dataOf(response).updateAgent).toEqual(expected);
      expect(dataOf(await graph.request<{ agent: AgentView }>(AGENT, { id: agent.id }, adminToken())).agent).toEqual(
        expected,
      );
    });

    it.each([
      [{ name: '' }, 'input.name'],
      [{ name: null }, 'input.name'],
      [{ timezone: 'Central' }, 'input.timezone'],
      [{ name: 'Renamed', maxOpen: 0 }, 'input.maxOpen'],
      [{ name: 'Renamed', dailyCap: 20_000 }, 'input.dailyCap'],
    ])('rejects %j naming %s and changes nothing', async (input, field) => {
      const agent = await createAgent();
      const response = await graph.request(UPDATE_AGENT, { id: agent.id, input }, adminToken());
      expect([errorCode(response), fieldOf(response)]).toEqual(['BAD_USER_INPUT', field]);
      expect(dataOf(await graph.request<{ agent: AgentView }>(AGENT, { id: agent.id }, adminToken())).agent).toEqual(
        agent,
      );
    });

    it('replaces working hours and appointments, normalized as on create, and keeps them when omitted', async () => {
      const agent = await createAgent({
        appointments: ['Travelers', 'Hartford'],
        workingHours: [{ isoWeekday: 1, start: '09:00', end: '17:00' }],
      });
      const update = async (input: Record<string, unknown>): Promise<AgentView> =>
        dataOf(await graph.request<{ updateAgent: AgentView }>(UPDATE_AGENT, { id: agent.id, input }, adminToken()))
          .updateAgent;
      const read = async (): Promise<AgentView> =>
        dataOf(await graph.request<{ agent: AgentView }>(AGENT, { id: agent.id }, managerToken())).agent;

      const replaced = {
        ...agent,
        appointments: ['Progressive', 'Travelers'],
        workingHours: [
          { isoWeekday: 3, start: '08:00', end: '12:00' },
          { isoWeekday: 3, start: '13:00', end: '24:00' },
          { isoWeekday: 6, start: '10:00', end: '14:00' },
        ],
      };
      expect(
        await update({
          appointments: [' Progressive ', 'Travelers', 'PROGRESSIVE'],
          workingHours: [
            { isoWeekday: 6, start: '10:00', end: '14:00' },
            { isoWeekday: 3, start: '13:00', end: '24:00' },
            { isoWeekday: 3, start: '08:00', end: '12:00' },
          ],
        }),
      ).toEqual(replaced);
      expect(await read()).toEqual(replaced);

      expect(await update({ name: 'Renamed' })).toEqual({ ...replaced, name: 'Renamed' });

      // Empty lists are allowed, as on create: no carrier, and available whenever ONLINE.
      const cleared = { ...replaced, name: 'Renamed', appointments: [], workingHours: [] };
      expect(await update({ appointments: [], workingHours: [] })).toEqual(cleared);
      expect(await read()).toEqual(cleared);
    });

    const invalidListChanges: Array<[string, Record<string, unknown>, string]> = [
      ['a blank carrier', { appointments: ['  '] }, 'input.appointments[0]'],
      ['a carrier name too long', { appointments: ['Progressive', 'x'.repeat(129)] }, 'input.appointments[1]'],
      ['null appointments', { appointments: null }, 'input.appointments'],
      [
        'an end before the start',
        {
          workingHours: [
            { isoWeekday: 2, start: '09:00', end: '17:00' },
            { isoWeekday: 4, start: '17:00', end: '09:00' },
          ],
        },
        'input.workingHours[1].end',
      ],
      // createAgent's cases cover each check of a window; updateAgent runs the same ones.
      ['null working hours', { workingHours: null }, 'input.workingHours'],
      [
        'an end past 24:00 beside valid changes',
        {
          name: 'Renamed',
          appointments: ['Progressive'],
          workingHours: [{ isoWeekday: 1, start: '09:00', end: '25:00' }],
        },
        'input.workingHours[0].end',
      ],
    ];

    it.each(invalidListChanges)('rejects %s naming the field and changes nothing', async (_case, input, field) => {
      const agent = await createAgent({
        appointments: ['Travelers'],
        workingHours: [{ isoWeekday: 1, start: '09:00', end: '17:00' }],
      });
      const response = await graph.request(UPDATE_AGENT, { id: agent.id, input }, adminToken());
      expect([errorCode(response), fieldOf(response)]).toEqual(['BAD_USER_INPUT', field]);
      expect(response.errors?.[0]?.message).toContain(field);
      expect(dataOf(await graph.request<{ agent: AgentView }>(AGENT, { id: agent.id }, adminToken())).agent).toEqual(
        agent,
      );
    });

    it('is for staff: an agent may not change even its own record', async () => {
      const agent = await createAgent();
      const response = await graph.request(
        UPDATE_AGENT,
        { id: agent.id, input: { maxOpen: 99 } },
        agentToken(agent.id),
      );
      expect(errorCode(response)).toBe('FORBIDDEN');
    });
  });

  describe('addLicense', () => {
    it('adds a license, and renews one the agent holds instead of failing', async () => {
      const agent = await createAgent({ licenses: [{ state: 'TX', line: 'CASUALTY', expiresOn: '2025-06-30' }] });
      const renewed = await graph.request<{ addLicense: AgentView }>(
        ADD_LICENSE,
        { agentId: agent.id, input: { state: 'tx', line: 'CASUALTY', expiresOn: '2027-06-30' } },
        managerToken(),
      );
      expect(dataOf(renewed).addLicense.licenses).toEqual([{ state: 'TX', line: 'CASUALTY', expiresOn: '2027-06-30' }]);

      const added = await graph.request<{ addLicense: AgentView }>(
        ADD_LICENSE,
        { agentId: agent.id, input: { state: 'OK', line: 'LIFE' } },
        adminToken(),
      );
      expect(dataOf(added).addLicense.licenses).toEqual([
        { state: 'OK', line: 'LIFE', expiresOn: null },
        { state: 'TX', line: 'CASUALTY', expiresOn: '2027-06-30' },
      ]);
    });

    it('shows each mutation of one operation the licenses the previous ones wrote', async () => {
      const agent = await createAgent();
      const response = await graph.request<{ first: AgentView; second: AgentView }>(
        `mutation ($id: ID!) {
          first: addLicense(agentId: $id, input: { state: "KS", line: PROPERTY }) { licenses { state line } }
          second: addLicense(agentId: $id, input: { state: "MO", line: PROPERTY }) { licenses { state line } }
        }`,
        { id: agent.id },
        adminToken(),
      );
      const data = dataOf(response);
      expect(data.first.licenses).toEqual([{ state: 'KS', line: 'PROPERTY' }]);
      expect(data.second.licenses).toEqual([
        { state: 'KS', line: 'PROPERTY' },
        { state: 'MO', line: 'PROPERTY' },
      ]);
    });

    it.each([
      [{ state: 'XX', line: 'LIFE' }, 'input.state'],
      [{ state: 'TX', line: 'LIFE', expiresOn: '2027-13-01' }, 'input.expiresOn'],
    ])('rejects %j naming %s and adds nothing', async (input, field) => {
      const agent = await createAgent();
      const response = await graph.request(ADD_LICENSE, { agentId: agent.id, input }, adminToken());
      expect([errorCode(response), fieldOf(response)]).toEqual(['BAD_USER_INPUT', field]);
      expect(
        dataOf(await graph.request<{ agent: AgentView }>(AGENT, { id: agent.id }, adminToken())).agent.licenses,
      ).toEqual([]);
    });
  });

  describe('addCertification', () => {
    it('is idempotent', async () => {
      const agent = await createAgent({ certifications: ['HOMEOWNERS'] });
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const response = await graph.request<{ addCertification: AgentView }>(
          ADD_CERTIFICATION,
          { agentId: agent.id, productLine: 'UMBRELLA' },
          managerToken(),
        );
        expect(dataOf(response).addCertification.certifications).toEqual(['HOMEOWNERS', 'UMBRELLA']);
      }
    });

    it('is for staff', async () => {
      const agent = await createAgent();
      const response = await graph.request(
        ADD_CERTIFICATION,
        { agentId: agent.id, productLine: 'LIFE' },
        agentToken(agent.id),
      );
      expect(errorCode(response)).toBe('FORBIDDEN');
    });
  });

  describe('setAgentStatus', () => {
    it('lets an agent set its own status, and staff set anyone’s', async () => {
      const agent = await createAgent();
      const own = await graph.request<{ setAgentStatus: AgentView }>(
        SET_STATUS,
        { agentId: agent.id, status: 'ONLINE' },
        agentToken(agent.id),
      );
      expect(dataOf(own).setAgentStatus.status).toBe('ONLINE');
      expect(
        dataOf(await graph.request<{ agent: AgentView }>(AGENT, { id: agent.id }, agentToken(agent.id))).agent.status,
      ).toBe('ONLINE');

      const byManager = await graph.request<{ setAgentStatus: AgentView }>(
        SET_STATUS,
        { agentId: agent.id, status: 'AWAY' },
        managerToken(),
      );
      expect(dataOf(byManager).setAgentStatus.status).toBe('AWAY');
    });

    it('forbids an agent to set another agent’s status', async () => {
      const agent = await createAgent();
      const other = await createAgent();
      const response = await graph.request(SET_STATUS, { agentId: other.id, status: 'OFFLINE' }, agentToken(agent.id));
      expect(errorCode(response)).toBe('FORBIDDEN');
      expect(
        errorCode(await graph.request(SET_STATUS, { agentId: other.id, status: 'ONLINE' }, partnerToken('p-1'))),
      ).toBe('FORBIDDEN');
    });
  });

  it.each([
    ['updateAgent', UPDATE_AGENT, { id: UNKNOWN_ID, input: { name: 'Nobody' } }],
    ['addLicense', ADD_LICENSE, { agentId: UNKNOWN_ID, input: { state: 'TX', line: 'LIFE' } }],
    ['addCertification', ADD_CERTIFICATION, { agentId: UNKNOWN_ID, productLine: 'LIFE' }],
    ['setAgentStatus', SET_STATUS, { agentId: UNKNOWN_ID, status: 'ONLINE' }],
    ['setAgentStatus with a malformed id', SET_STATUS, { agentId: 'agent-7', status: 'ONLINE' }],
  ])('%s on an unknown agent answers NOT_FOUND', async (_mutation, mutation, variables) => {
    expect(errorCode(await graph.request(mutation, variables, adminToken()))).toBe('NOT_FOUND');
  });

  describe('capacity', () => {
    // The routing engine keeps these counters; here they are set as it would.
    async function setCounters(
      id: string,
      open: number,
      assignedToday: number,
      assignedDay: string | null,
    ): Promise<void> {
      await graph.dataSource.query(
        'UPDATE agents SET open_count = ?, assigned_today = ?, assigned_day = ? WHERE id = ?',
        [open, assignedToday, assignedDay, id],
      );
    }

    async function capacityOf(id: string): Promise<AgentView['capacity']> {
      return dataOf(await graph.request<{ agent: AgentView }>(AGENT, { id }, managerToken())).agent.capacity;
    }

    it('remaining is the tighter of open capacity and what is left of the daily cap in the agent’s day', async () => {
      const timezone = 'Pacific/Kiritimati';
      const agent = await createAgent({ timezone, maxOpen: 10, dailyCap: 3 });
      const now = new Date();

      await setCounters(agent.id, 2, 2, dateIn(timezone, now));
      expect(await capacityOf(agent.id)).toEqual({
        agentId: agent.id,
        maxOpen: 10,
        dailyCap: 3,
        open: 2,
        assignedToday: 2,
        remaining: 1,
      });

      await setCounters(agent.id, 8, 0, dateIn(timezone, now));
      expect((await capacityOf(agent.id)).remaining).toBe(2);

      // Yesterday's count, in the agent's zone, no longer limits today.
      await setCounters(agent.id, 2, 3, dateIn(timezone, new Date(now.getTime() - 24 * 3600 * 1000)));
      expect(await capacityOf(agent.id)).toMatchObject({ open: 2, assignedToday: 0, remaining: 3 });

      // Lowering maxOpen below what is open leaves nothing, never a negative.
      dataOf(await graph.request(UPDATE_AGENT, { id: agent.id, input: { maxOpen: 1 } }, adminToken()));
      expect(await capacityOf(agent.id)).toMatchObject({ maxOpen: 1, open: 2, remaining: 0 });
    });
  });
});
