import { dataOf, errorCode, postGraphQL, type GraphQLResponse } from '../support/graphql-client';
import { startTestGraph, type TestGraph } from '../support/graph';
import { adminToken, agentToken, managerToken, partnerToken } from '../support/tokens';
import { createTexasMarket, SUBMIT_LEAD, submitTexasLead } from '../subscriptions/market';

/**
 * Who reads what of an agent when the agent is reached through another
 * subgraph's reference (territory members, decision candidates, outcomes) or
 * through `_entities` called straight at a subgraph, rather than `agent(id:)`.
 */

/** Every Agent field but `id` and `name`, as a selection. */
const AGENT_DETAILS = [
  'email',
  'tier',
  'status',
  'timezone',
  'appointments',
  'certifications',
  'capacity { remaining }',
  'workingHours { start }',
  'licenses { state expiresOn }',
  'assignments { id }',
  'performance { bindRate }',
];

const LEAD_ENTITIES = `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Lead { id } } }`;

interface Member {
  agent: { id: string; name: string; email?: string };
}

let testGraph: TestGraph;
/** The agent the lead was offered to, and its colleague in the same territory who was only a candidate. */
let offered: { id: string; email: string };
let colleague: { id: string; email: string };
let leadId: string;
let rivalLeadId: string;

beforeAll(async () => {
  testGraph = await startTestGraph({ startWorkers: false });
  await createTexasMarket(testGraph.request, 2);
  const { agents } = dataOf(
    await testGraph.request<{ agents: Array<{ id: string; email: string }> }>(
      '{ agents { id email } }',
      {},
      adminToken(),
    ),
  );
  const lead = await submitTexasLead(testGraph.request, 'visibility-1');
  expect(lead.status).toBe('OFFERED');
  leadId = lead.id;
  const { lead: routed } = dataOf(
    await testGraph.request<{ lead: { currentAssignment: { id: string; agent: { id: string } } } }>(
      'query ($id: ID!) { lead(id: $id) { currentAssignment { id agent { id } } } }',
      { id: leadId },
      adminToken(),
    ),
  );
  offered = agents.find((agent) => agent.id === routed.currentAssignment.agent.id)!;
  colleague = agents.find((agent) => agent.id !== offered.id)!;
  dataOf(
    await testGraph.request(
      'mutation ($id: ID!) { acceptAssignment(id: $id) { id } }',
      { id: routed.currentAssignment.id },
      agentToken(offered.id),
    ),
  );
  dataOf(
    await testGraph.request(
      'mutation ($input: RecordOutcomeInput!) { recordOutcome(input: $input) { id } }',
      { input: { leadId, type: 'CONTACTED', agentId: offered.id } },
      managerToken(),
    ),
  );
  rivalLeadId = dataOf(
    await testGraph.request<{ submitLead: { id: string } }>(
      SUBMIT_LEAD,
      {
        input: {
          externalId: 'visibility-rival',
          productLine: 'HOMEOWNERS',
          postalCode: '10001',
          firstName: 'Rita',
          lastName: 'Vance',
          phone: '(212) 555-0199',
        },
      },
      partnerToken('rival'),
    ),
  ).submitLead.id;
});

afterAll(async () => {
  await testGraph?.close();
});

const membersQuery = (selection: string): string => `{ territories { members { agent { id ${selection} } } } }`;

describe('an agent reading other agents', () => {
  it("is refused each of a colleague's details through territory members, leaking none of them", async () => {
    for (const selection of AGENT_DETAILS) {
      const response = await testGraph.request(membersQuery(selection), {}, agentToken(offered.id));
      expect([selection, errorCode(response)]).toEqual([selection, 'FORBIDDEN']);
      expect(JSON.stringify(response)).not.toContain(colleague.email);
    }
  });

  it("still sees a colleague's id and name", async () => {
    const { territories } = dataOf(
      await testGraph.request<{ territories: Array<{ members: Member[] }> }>(
        membersQuery('name'),
        {},
        agentToken(offered.id),
      ),
    );
    expect(territories[0].members.map((member) => member.agent.id).sort()).toEqual([offered.id, colleague.id].sort());
    expect(territories[0].members.every((member) => /^Agent \d /.test(member.agent.name))).toBe(true);
  });

  it('is refused a colleague through `_entities` called straight at the agents subgraph', async () => {
    const response = await postGraphQL(
      testGraph.graph.subgraphs.agents.graphqlUrl,
      `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Agent { id email } } }`,
      { representations: [{ __typename: 'Agent', id: colleague.id }] },
      agentToken(offered.id),
    );
    expect(errorCode(response)).toBe('FORBIDDEN');
    expect(JSON.stringify(response)).not.toContain(colleague.email);
  });

  it('sees only its own entry among the candidates of a decision that chose it, in full', async () => {
    const { leads } = dataOf(
      await testGraph.request<{
        leads: Array<{ id: string; decisions: Array<{ candidates: Array<{ agent: { id: string; email: string } }> }> }>;
      }>(
        '{ leads { id decisions { candidates { agent { id email } eligible excludedBy score } } } }',
        {},
        agentToken(offered.id),
      ),
    );
    const lead = leads.find((candidateLead) => candidateLead.id === leadId)!;
    expect(lead.decisions).toHaveLength(1);
    expect(lead.decisions[0].candidates).toEqual([
      expect.objectContaining({ agent: { id: offered.id, email: offered.email }, eligible: true }),
    ]);
  });

  it('reads its own record in full through a reference', async () => {
    const { lead } = dataOf(
      await testGraph.request<{ lead: { currentAssignment: { agent: Record<string, unknown> } } }>(
        `query ($id: ID!) { lead(id: $id) { currentAssignment { agent {
          id email capacity { open } licenses { state } workingHours { start } assignments { id } performance { leads }
        } } } }`,
        { id: leadId },
        agentToken(offered.id),
      ),
    );
    expect(lead.currentAssignment.agent).toMatchObject({
      id: offered.id,
      email: offered.email,
      capacity: { open: 1 },
      licenses: [{ state: 'TX' }, { state: 'TX' }],
      workingHours: [],
      performance: { leads: 1 },
    });
  });
});

describe('staff', () => {
  it.each([
    ['MANAGER', managerToken()],
    ['ADMIN', adminToken()],
  ])('%s reads every agent in full through members, candidates and outcomes', async (_role, token) => {
    const { territories } = dataOf(
      await testGraph.request<{ territories: Array<{ members: Member[] }> }>(
        membersQuery(`name ${AGENT_DETAILS.join(' ')}`),
        {},
        token,
      ),
    );
    expect(territories[0].members.map((member) => member.agent.email).sort()).toEqual(
      [offered.email, colleague.email].sort(),
    );

    const { lead } = dataOf(
      await testGraph.request<{
        lead: {
          decisions: Array<{ candidates: Array<{ agent: { email: string } }> }>;
          outcomes: Array<{ agent: { email: string } }>;
        };
      }>(
        'query ($id: ID!) { lead(id: $id) { decisions { candidates { agent { email } } } outcomes { agent { email } } } }',
        { id: leadId },
        token,
      ),
    );
    expect(lead.decisions[0].candidates.map((candidate) => candidate.agent.email).sort()).toEqual(
      [offered.email, colleague.email].sort(),
    );
    expect(lead.outcomes).toEqual([{ agent: { email: offered.email } }]);
  });
});

describe('a partner', () => {
  const outcomesOfOwnLead = (selection: string): Promise<GraphQLResponse<{ lead: unknown }>> =>
    testGraph.request<{ lead: unknown }>(
      `query ($id: ID!) { lead(id: $id) { outcomes { type agent { ${selection} } } } }`,
      { id: leadId },
      partnerToken('acme'),
    );

  it("is refused the details of its lead's agent through the lead's outcomes", async () => {
    const response = await outcomesOfOwnLead('name email capacity { open }');
    expect(errorCode(response)).toBe('FORBIDDEN');
    expect(JSON.stringify(response)).not.toContain(offered.email);
    for (const selection of ['email', 'capacity { open }', 'licenses { state }', 'performance { bindRate }']) {
      expect([selection, errorCode(await outcomesOfOwnLead(selection))]).toEqual([selection, 'FORBIDDEN']);
    }
  });

  it("still sees who its lead's agent is", async () => {
    expect(dataOf(await outcomesOfOwnLead('id name')).lead).toEqual({
      outcomes: [{ type: 'CONTACTED', agent: { id: offered.id, name: expect.stringMatching(/^Agent \d /) } }],
    });
  });
});

describe('a Lead reference resolved straight at the leads subgraph', () => {
  const resolve = async (token: string): Promise<Array<{ id: string } | null>> =>
    dataOf(
      await postGraphQL<{ _entities: Array<{ id: string } | null> }>(
        testGraph.graph.subgraphs.leads.graphqlUrl,
        LEAD_ENTITIES,
        {
          representations: [
            { __typename: 'Lead', id: leadId },
            { __typename: 'Lead', id: rivalLeadId },
          ],
        },
        token,
      ),
    )._entities;

  it("is null for another partner's lead, as `lead(id:)` is", async () => {
    expect(await resolve(partnerToken('acme'))).toEqual([{ id: leadId }, null]);
    expect(await resolve(partnerToken('rival'))).toEqual([null, { id: rivalLeadId }]);
  });

  it('is null for an agent the lead was never offered to, and resolves for the one it was', async () => {
    expect(await resolve(agentToken(colleague.id))).toEqual([null, null]);
    expect(await resolve(agentToken(offered.id))).toEqual([{ id: leadId }, null]);
  });

  it('resolves every lead for staff', async () => {
    for (const token of [managerToken(), adminToken()]) {
      expect(await resolve(token)).toEqual([{ id: leadId }, { id: rivalLeadId }]);
    }
  });
});
