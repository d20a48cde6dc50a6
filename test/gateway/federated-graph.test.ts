import { adminToken, managerToken, partnerToken, tokenFor } from '../support/tokens';
import { dataOf, errorCode, postGraphQL } from '../support/graphql-client';
import { startTestGraph, type TestGraph } from '../support/graph';
import { Role, signToken } from '../../lib/auth';

const CREATE_AGENT = `mutation ($input: CreateAgentInput!) { createAgent(input: $input) { id } }`;
const CREATE_TERRITORY = `mutation ($input: CreateTerritoryInput!) { createTerritory(input: $input) { id } }`;
const ASSIGN = `mutation ($t: ID!, $a: ID!, $role: TerritoryRole) { assignTerritory(territoryId: $t, agentId: $a, role: $role) { id } }`;

let testGraph: TestGraph;
let agentId: string;
let territoryId: string;

async function createAgent(index: number): Promise<string> {
  const { createAgent } = dataOf(
    await testGraph.request<{ createAgent: { id: string } }>(
      CREATE_AGENT,
      {
        input: {
          name: `Agent ${index}`,
          email: `agent${index}@agency.example`,
          tier: 'STANDARD',
          timezone: 'America/Chicago',
          licenses: [{ state: 'TX', line: 'CASUALTY', expiresOn: '2030-01-01' }],
          maxOpen: 5,
          dailyCap: 10,
        },
      },
      adminToken(),
    ),
  );
  return createAgent.id;
}

beforeAll(async () => {
  // Without the routing worker, whose polling would add to the statement counts measured here.
  testGraph = await startTestGraph({ startWorkers: false });
  agentId = await createAgent(0);
  territoryId = dataOf(
    await testGraph.request<{ createTerritory: { id: string } }>(
      CREATE_TERRITORY,
      { input: { name: 'Austin Metro', postalCodes: ['78701', '78745'] } },
      adminToken(),
    ),
  ).createTerritory.id;
  dataOf(await testGraph.request(ASSIGN, { t: territoryId, a: agentId, role: 'PRIMARY' }, adminToken()));
});

/** The gateway's GraphQL URL and every subgraph's. */
function graphqlEndpoints(): string[] {
  return [
    testGraph.graph.gateway.graphqlUrl,
    ...Object.values(testGraph.graph.subgraphs).map((subgraph) => subgraph.graphqlUrl),
  ];
}

afterAll(async () => {
  await testGraph.close();
});

describe('the federated graph behind the gateway', () => {
  it('answers one query with fields from the agents, territories and outcomes subgraphs', async () => {
    const { submitLead } = dataOf(
      await testGraph.request<{ submitLead: { id: string; state: string } }>(
        `mutation ($input: SubmitLeadInput!) { submitLead(input: $input) { id state } }`,
        {
          input: {
            externalId: 'ext-1',
            productLine: 'PERSONAL_AUTO',
            postalCode: '78701',
            firstName: 'Ana',
            lastName: 'Lopez',
            phone: '+15125550101',
          },
        },
        partnerToken('acme'),
      ),
    );
    expect(submitLead.state).toBe('TX');
    for (const type of ['CONTACTED', 'QUOTED']) {
      dataOf(
        await testGraph.request(
          `mutation ($input: RecordOutcomeInput!) { recordOutcome(input: $input) { id } }`,
          { input: { leadId: submitLead.id, type, premium: type === 'QUOTED' ? 1200 : undefined, agentId } },
          managerToken(),
        ),
      );
    }

    const { agent } = dataOf(
      await testGraph.request<{
        agent: {
          name: string;
          licenses: Array<{ state: string }>;
          territories: Array<{ name: string }>;
          performance: { leads: number; contacted: number; quoted: number; bound: number };
        };
      }>(
        `query ($id: ID!) { agent(id: $id) { name licenses { state } territories { name } performance { leads contacted quoted bound } } }`,
        { id: agentId },
        adminToken(),
      ),
    );
    expect(agent).toEqual({
      name: 'Agent 0',
      licenses: [{ state: 'TX' }],
      territories: [{ name: 'Austin Metro' }],
      performance: { leads: 1, contacted: 1, quoted: 1, bound: 0 },
    });

    const { lead } = dataOf(
      await testGraph.request<{ lead: { status: string; outcomes: Array<{ type: string; agent: { name: string } }> } }>(
        `query ($id: ID!) { lead(id: $id) { status outcomes { type agent { name } } } }`,
        { id: submitLead.id },
        adminToken(),
      ),
    );
    expect(lead.status).toBe('QUOTED');
    expect(lead.outcomes.map((outcome) => [outcome.type, outcome.agent.name])).toEqual([
      ['CONTACTED', 'Agent 0'],
      ['QUOTED', 'Agent 0'],
    ]);
  });

  it('refuses callers without a valid token, at the gateway and at every subgraph', async () => {
    const anonymous = await testGraph.request('{ territories { id } }');
    expect(anonymous.status).toBe(401);
    expect(errorCode(anonymous)).toBe('UNAUTHENTICATED');

    const forged = signToken('not-the-secret', { sub: 'mallory', role: Role.ADMIN });
    expect(errorCode(await testGraph.request('{ territories { id } }', {}, forged))).toBe('UNAUTHENTICATED');

    const expired = signToken(testGraph.config.jwtSecret, { sub: 'old', role: Role.ADMIN }, -10);
    expect(errorCode(await testGraph.request('{ territories { id } }', {}, expired))).toBe('UNAUTHENTICATED');

    for (const subgraph of Object.values(testGraph.graph.subgraphs)) {
      const direct = await postGraphQL(subgraph.graphqlUrl, '{ _service { sdl } }');
      expect([subgraph.name, errorCode(direct)]).toEqual([subgraph.name, 'UNAUTHENTICATED']);
    }
  });

  it('answers a body that is not JSON, too large or compressed with a coded error, at the gateway and at every subgraph', async () => {
    const post = async (
      url: string,
      body: string | ReadableStream<Uint8Array>,
      headers: Record<string, string> = {},
    ): Promise<{ status: number; code: unknown; data: unknown }> => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken()}`, ...headers },
        body,
        ...(typeof body === 'string' ? {} : { duplex: 'half' }),
      } as RequestInit);
      const text = await response.text();
      expect(text).not.toMatch(/at .*\.(ts|js):\d+/);
      const json = JSON.parse(text) as { data?: unknown; errors?: Array<{ extensions: { code: unknown } }> };
      return { status: response.status, code: json.errors?.[0].extensions.code, data: json.data };
    };
    // Sent in chunks without a Content-Length, so only counting what arrives can tell it is too large.
    const streamedMegabytes = (megabytes: number): ReadableStream<Uint8Array> => {
      let sent = 0;
      return new ReadableStream({
        pull(controller) {
          if (sent === megabytes) return controller.close();
          controller.enqueue(new TextEncoder().encode(sent === 0 ? '{"query": "' : ' '.repeat(1024 * 1024)));
          sent += 1;
        },
      });
    };
    const endpoints = graphqlEndpoints();
    const oversized = JSON.stringify({ query: '{ territories { id } }', variables: { pad: 'x'.repeat(1024 * 1024) } });
    const typename = JSON.stringify({ query: '{ __typename }' });
    for (const url of endpoints) {
      expect([url, await post(url, '{"query": "{ territories { id } }"')]).toEqual([
        url,
        { status: 400, code: 'BAD_REQUEST', data: undefined },
      ]);
      expect([url, await post(url, oversized)]).toEqual([url, { status: 413, code: 'BAD_REQUEST', data: undefined }]);
      expect([url, await post(url, streamedMegabytes(3))]).toEqual([
        url,
        { status: 413, code: 'BAD_REQUEST', data: undefined },
      ]);
      expect([url, await post(url, typename, { 'content-encoding': 'gzip' })]).toEqual([
        url,
        { status: 415, code: 'BAD_REQUEST', data: undefined },
      ]);
      expect([url, await post(url, typename, { 'content-type': 'application/json; charset=latin1' })]).toEqual([
        url,
        { status: 415, code: 'BAD_REQUEST', data: undefined },
      ]);
      // The same endpoint goes on serving well-formed requests, with or without a trailing slash.
      for (const path of [url, `${url}/`]) {
        expect([path, await post(path, typename)]).toEqual([
          path,
          { status: 200, code: undefined, data: { __typename: 'Query' } },
        ]);
      }
    }
  });

  it('forbids caching of every answer, served or refused, at the gateway and at every subgraph', async () => {
    const endpoints = graphqlEndpoints();
    const authorization = `Bearer ${adminToken()}`;
    const query = '{ __typename }';
    const asked = (url: string): Array<[string, number, Promise<Response>]> => [
      // Served, by GET and by POST.
      [
        `GET ${url}`,
        200,
        fetch(`${url}?query=${encodeURIComponent(query)}`, {
          headers: { authorization, 'apollo-require-preflight': 'true' },
        }),
      ],
      [
        `POST ${url}`,
        200,
        fetch(url, {
          method: 'POST',
          headers: { authorization, 'content-type': 'application/json' },
          body: JSON.stringify({ query }),
        }),
      ],
      // Refused before anything ran: by Apollo (a GET a browser could forge), for want of a token, and by the handler.
      [
        `GET without preflight ${url}`,
        400,
        fetch(`${url}?query=${encodeURIComponent(query)}`, { headers: { authorization } }),
      ],
      [
        `POST without a token ${url}`,
        401,
        fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query }),
        }),
      ],
      [
        `POST of broken JSON ${url}`,
        400,
        fetch(url, {
          method: 'POST',
          headers: { authorization, 'content-type': 'application/json' },
          body: '{"query": ',
        }),
      ],
    ];
    for (const url of endpoints) {
      for (const [label, status, answer] of asked(url)) {
        const response = await answer;
        await response.text();
        expect([label, response.status, response.headers.get('cache-control')]).toEqual([label, status, 'no-store']);
      }
    }
  });

  it('never shows a stack trace, only a code and the offending field', async () => {
    const response = await testGraph.request(
      `mutation ($input: CreateTerritoryInput!) { createTerritory(input: $input) { id } }`,
      { input: { name: 'Nowhere', postalCodes: ['00000'] } },
      adminToken(),
    );
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(response.errors)).toContain('postalCodes');
    expect(JSON.stringify(response)).not.toMatch(/stacktrace|at .*\.(ts|js):\d+/);
  });

  it('keeps the SQL statements of a nested query flat however many agents it resolves', async () => {
    const query = `query ($id: ID!) { territory(id: $id) { members { role agent { name licenses { state line } } } } }`;
    const measure = async (id: string): Promise<number> => {
      testGraph.statements.reset();
      dataOf(await testGraph.request(query, { id }, adminToken()));
      return testGraph.statements.count;
    };

    const small = dataOf(
      await testGraph.request<{ createTerritory: { id: string } }>(
        CREATE_TERRITORY,
        { input: { name: 'Small', states: ['TX'] } },
        adminToken(),
      ),
    ).createTerritory.id;
    const large = dataOf(
      await testGraph.request<{ createTerritory: { id: string } }>(
        CREATE_TERRITORY,
        { input: { name: 'Large', states: ['TX'] } },
        adminToken(),
      ),
    ).createTerritory.id;
    const ids = await Promise.all(Array.from({ length: 100 }, (_, i) => createAgent(i + 1)));
    for (const id of ids.slice(0, 10)) dataOf(await testGraph.request(ASSIGN, { t: small, a: id }, adminToken()));
    for (const id of ids) dataOf(await testGraph.request(ASSIGN, { t: large, a: id }, adminToken()));

    const tenMembers = await measure(small);
    const hundredMembers = await measure(large);
    expect(hundredMembers).toBe(tenMembers);
    expect(hundredMembers).toBeLessThanOrEqual(6);
  });

  it('reports health: 200 when every subgraph is ready, 503 when one is down', async () => {
    const healthUrl = `${testGraph.graph.gateway.url}/health`;
    expect((await fetch(healthUrl)).status).toBe(200);
    await testGraph.graph.subgraphs.outcomes.close();
    const response = await fetch(healthUrl);
    expect(response.status).toBe(503);
    expect(((await response.json()) as { subgraphs: Record<string, string> }).subgraphs.outcomes).toBe('unavailable');
  });
});

describe('role checks through the gateway', () => {
  it('forbids an agent to create agents', async () => {
    const response = await postGraphQL(
      testGraph.graph.gateway.graphqlUrl,
      CREATE_AGENT,
      {
        input: {
          name: 'X',
          email: 'x@agency.example',
          tier: 'STANDARD',
          timezone: 'America/Chicago',
          maxOpen: 1,
          dailyCap: 1,
        },
      },
      tokenFor({ sub: 'agent', role: Role.AGENT, agentId }),
    );
    expect(errorCode(response)).toBe('FORBIDDEN');
  });
});
