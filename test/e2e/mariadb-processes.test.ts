import { createConnection } from 'mysql2/promise';
import { adminToken, managerToken, partnerToken } from '../support/tokens';
import { dataOf, errorCode, postGraphQL } from '../support/graphql-client';
import { createTestDatabase } from '../support/mysql';
import { startGraphProcesses, type GraphProcesses } from '../support/processes';

/**
 * The deployed shape: four subgraph processes and a gateway process from
 * `dist/`, on MariaDB, talked to over HTTP only.
 */
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let graph: GraphProcesses;

const request = <T = Record<string, unknown>>(query: string, variables: Record<string, unknown>, token?: string) =>
  postGraphQL<T>(graph.gatewayUrl, query, variables, token);

const SUBMIT = `mutation ($input: SubmitLeadInput!) { submitLead(input: $input) { id status state duplicateOf { id } } }`;
type Submitted = { submitLead: { id: string; status: string; state: string; duplicateOf: { id: string } | null } };

async function countRows(sql: string, params: unknown[]): Promise<number> {
  const connection = await createConnection(database.url);
  try {
    const [rows] = await connection.query(sql, params);
    return Number((rows as Array<{ n: number }>)[0].n);
  } finally {
    await connection.end();
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
  graph = await startGraphProcesses({ DATABASE_URL: database.url });
}, 120_000);

afterAll(async () => {
  await graph?.stop();
  await database?.drop();
});

describe('Leadflow as separate processes on MariaDB', () => {
  it('creates exactly one lead from 50 concurrent identical submissions', async () => {
    const input = {
      externalId: 'race-1',
      productLine: 'HOMEOWNERS',
      postalCode: '33130',
      firstName: 'Rita',
      lastName: 'Moreno',
      email: 'rita@mail.example',
    };
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => request<Submitted>(SUBMIT, { input }, partnerToken('acme'))),
    );
    const ids = new Set(responses.map((response) => dataOf(response).submitLead.id));
    expect(ids.size).toBe(1);
    expect(
      await countRows('SELECT COUNT(*) AS n FROM leads WHERE partner_id = ? AND external_id = ?', ['acme', 'race-1']),
    ).toBe(1);
  });

  it('rejects a bad input with the field named and writes nothing', async () => {
    const before = await countRows('SELECT COUNT(*) AS n FROM leads', []);
    const response = await request(
      SUBMIT,
      { input: { externalId: 'bad-1', productLine: 'LIFE', postalCode: '00000', firstName: 'No', lastName: 'Where' } },
      partnerToken('acme'),
    );
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0].extensions?.field).toBe('input.postalCode');
    expect(await countRows('SELECT COUNT(*) AS n FROM leads', [])).toBe(before);
  });

  it('marks a lead with the phone of a recent lead of the same product line as a duplicate', async () => {
    const base = { productLine: 'PERSONAL_AUTO', postalCode: '78701', firstName: 'Sam', lastName: 'Lee' };
    const first = dataOf(
      await request<Submitted>(
        SUBMIT,
        { input: { ...base, externalId: 'dup-a', phone: '(512) 555-0142' } },
        partnerToken('acme'),
      ),
    ).submitLead;
    const second = dataOf(
      await request<Submitted>(
        SUBMIT,
        { input: { ...base, externalId: 'dup-b', phone: '+1 512 555 0142' } },
        partnerToken('acme'),
      ),
    ).submitLead;
    // No agent serves Texas in this suite, so the original waits in the queue.
    expect(first.status).toBe('QUEUED');
    expect(second).toMatchObject({ status: 'DUPLICATE', duplicateOf: { id: first.id } });

    // Another partner's lead with the same phone is a duplicate too, but the link is not shown to it.
    const third = dataOf(
      await request<Submitted>(
        SUBMIT,
        { input: { ...base, externalId: 'dup-c', phone: '512-555-0142' } },
        partnerToken('other'),
      ),
    ).submitLead;
    expect(third).toMatchObject({ status: 'DUPLICATE', duplicateOf: null });
  });

  it("keeps a partner's leads from other partners", async () => {
    const own = dataOf(
      await request<Submitted>(
        SUBMIT,
        {
          input: {
            externalId: 'private-1',
            productLine: 'LIFE',
            postalCode: '10001',
            firstName: 'Jo',
            lastName: 'Park',
          },
        },
        partnerToken('acme'),
      ),
    ).submitLead;
    const read = `query ($id: ID!) { lead(id: $id) { id contact { firstName } } }`;
    expect(dataOf(await request<{ lead: unknown }>(read, { id: own.id }, partnerToken('rival'))).lead).toBeNull();
    expect(dataOf(await request<{ lead: unknown }>(read, { id: own.id }, partnerToken('acme'))).lead).toEqual({
      id: own.id,
      contact: { firstName: 'Jo' },
    });
    expect(errorCode(await request(`{ leads(partnerId: "acme") { id } }`, {}, partnerToken('rival')))).toBe(
      'FORBIDDEN',
    );
  });

  it('refuses unauthenticated calls at the gateway and at a subgraph reached directly', async () => {
    const anonymous = await request('{ leads { id } }', {});
    expect(anonymous.status).toBe(401);
    expect(errorCode(anonymous)).toBe('UNAUTHENTICATED');
    expect(errorCode(await postGraphQL(graph.subgraphUrls.leads, '{ leads { id } }', {}))).toBe('UNAUTHENTICATED');
  });

  it('answers an agent with its territories and performance from three subgraphs', async () => {
    const { createAgent } = dataOf(
      await request<{ createAgent: { id: string } }>(
        `mutation ($input: CreateAgentInput!) { createAgent(input: $input) { id } }`,
        {
          input: {
            name: 'Grace Okafor',
            email: 'grace@agency.example',
            tier: 'SENIOR',
            timezone: 'America/New_York',
            licenses: [{ state: 'FL', line: 'PROPERTY', expiresOn: '2031-06-30' }],
            certifications: ['HOMEOWNERS'],
            maxOpen: 8,
            dailyCap: 20,
          },
        },
        adminToken(),
      ),
    );
    const { createTerritory } = dataOf(
      await request<{ createTerritory: { id: string } }>(
        `mutation ($input: CreateTerritoryInput!) { createTerritory(input: $input) { id } }`,
        { input: { name: 'Florida', states: ['FL'] } },
        adminToken(),
      ),
    );
    dataOf(
      await request(
        `mutation ($t: ID!, $a: ID!) { assignTerritory(territoryId: $t, agentId: $a, role: BACKUP, weight: 0.5) { id } }`,
        { t: createTerritory.id, a: createAgent.id },
        managerToken(),
      ),
    );
    const lead = dataOf(
      await request<Submitted>(
        SUBMIT,
        {
          input: {
            externalId: 'fl-1',
            productLine: 'HOMEOWNERS',
            postalCode: '33139',
            firstName: 'Luz',
            lastName: 'Diaz',
          },
        },
        partnerToken('acme'),
      ),
    ).submitLead;
    dataOf(
      await request(
        `mutation ($input: RecordOutcomeInput!) { recordOutcome(input: $input) { id } }`,
        { input: { leadId: lead.id, type: 'BOUND', premium: 2400, policyNumber: 'HO-1', agentId: createAgent.id } },
        managerToken(),
      ),
    );

    const { agent } = dataOf(
      await request<{ agent: unknown }>(
        `query ($id: ID!) { agent(id: $id) { name capacity { maxOpen remaining } territories { name members { role weight agent { name } } } performance(productLine: HOMEOWNERS) { leads bound bindRate } } }`,
        { id: createAgent.id },
        adminToken(),
      ),
    );
    expect(agent).toEqual({
      name: 'Grace Okafor',
      capacity: { maxOpen: 8, remaining: 8 },
      territories: [{ name: 'Florida', members: [{ role: 'BACKUP', weight: 0.5, agent: { name: 'Grace Okafor' } }] }],
      performance: { leads: 1, bound: 1, bindRate: 1 },
    });
  });
});
