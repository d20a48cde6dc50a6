import { ApolloClient, gql, InMemoryCache } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { dataOf, postGraphQL, type GraphQLRequester } from '../support/graphql-client';
import { createTestDatabase } from '../support/mysql';
import { startGraphProcesses, type GraphProcesses } from '../support/processes';
import { testSubscriber, untilSubscribed, type TestSubscriber } from '../support/subscriptions';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { agentToken } from '../support/tokens';
import { createTexasMarket, OFFERS, submitTexasLead, type OfferEvent } from '../subscriptions/market';

const REDIS_PORT = Number(new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379').port || 6379);

/**
 * The deployed shape twice over: two gateways and two instances of each
 * subgraph, as separate processes sharing MariaDB and Redis. Redis is reached
 * through a proxy the test can cut, as if Redis had stopped.
 */
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let redis: TcpProxy;
let graphA: GraphProcesses;
let graphB: GraphProcesses;
let agents: string[];
const subscribers: TestSubscriber[] = [];

const through =
  (graph: GraphProcesses): GraphQLRequester =>
  (query, variables, token) =>
    postGraphQL(graph.gatewayUrl, query, variables, token);

/** The agent's offers, subscribed with its own token on gateway B; closed after each test. */
async function offersOnGatewayB(agentId: string) {
  const subscriber = testSubscriber(graphB.gatewayUrl, agentToken(agentId));
  subscribers.push(subscriber);
  const offers = subscriber.subscribe<OfferEvent>(OFFERS, { agentId });
  await subscriber.connected;
  await untilSubscribed(1000);
  return offers;
}

beforeAll(async () => {
  database = await createTestDatabase();
  redis = await startTcpProxy(REDIS_PORT);
  const env = { DATABASE_URL: database.url, REDIS_URL: `redis://127.0.0.1:${redis.port}` };
  // One after the other: the first runs the migrations.
  graphA = await startGraphProcesses(env);
  graphB = await startGraphProcesses(env);
  // One agent, so that every offer goes to it.
  agents = await createTexasMarket(through(graphA), 1);
}, 180_000);

afterEach(async () => {
  await Promise.all(subscribers.splice(0).map((subscriber) => subscriber.close()));
});

afterAll(async () => {
  await Promise.all([graphA?.stop(), graphB?.stop()]);
  await redis?.close();
  await database?.drop();
});

describe('subscriptions across gateway and subgraph instances', () => {
  it("delivers within a second, on gateway B, the offer a partner's submission through gateway A made", async () => {
    const offers = await offersOnGatewayB(agents[0]);

    const lead = await submitTexasLead(through(graphA), 'across-1');
    const submittedAt = Date.now();
    expect(lead.status).toBe('OFFERED');
    const result = await offers.next(1000);
    const receivedAfter = Date.now() - submittedAt;
    expect(result.errors).toBeUndefined();
    expect(result.data?.assignmentOffered).toMatchObject({
      status: 'OFFERED',
      lead: { id: lead.id, productLine: 'PERSONAL_AUTO', state: 'TX', contact: { phone: expect.any(String) } },
      agent: { id: agents[0], territories: [{ name: expect.stringMatching(/^Texas /) }] },
    });
    expect(typeof result.data?.assignmentOffered.agent.performance.bindRate).toBe('number');
    expect(receivedAfter).toBeLessThan(1000);
  });

  it('delivers the same subscription to Apollo Client through its graphql-ws link', async () => {
    const wsClient = createClient({
      url: graphB.gatewayUrl.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${agentToken(agents[0])}` },
    });
    const client = new ApolloClient({ link: new GraphQLWsLink(wsClient), cache: new InMemoryCache() });
    const received: OfferEvent[] = [];
    const subscription = client
      .subscribe<OfferEvent>({ query: gql(OFFERS), variables: { agentId: agents[0] } })
      .subscribe({ next: (result) => result.data && received.push(result.data as OfferEvent) });
    try {
      await untilSubscribed(1000);
      const lead = await submitTexasLead(through(graphA), 'apollo-1');
      // The agent's offers still open from earlier tests arrive first, as on any new subscription.
      const ofLead = (): OfferEvent | undefined =>
        received.find((event) => event.assignmentOffered.lead.id === lead.id);
      const deadline = Date.now() + 5000;
      while (!ofLead() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(ofLead()?.assignmentOffered).toMatchObject({
        lead: { id: lead.id, state: 'TX' },
        agent: { id: agents[0], territories: [{ name: expect.stringMatching(/^Texas /) }] },
      });
    } finally {
      subscription.unsubscribe();
      client.stop();
      await wsClient.dispose();
    }
  });

  it('delivers every offer committed while Redis was unreachable exactly once when it is back', async () => {
    const offers = await offersOnGatewayB(agents[0]);
    // A new subscription first gets the agent's offers still open (from the earlier tests).
    const { agent } = dataOf(
      await through(graphA)<{ agent: { assignments: unknown[] } }>(
        'query ($id: ID!) { agent(id: $id) { assignments(status: OFFERED) { id } } }',
        { id: agents[0] },
        agentToken(agents[0]),
      ),
    );
    const stillOpen = agent.assignments.length;
    for (let index = 0; index < stillOpen; index += 1) await offers.next(5000);

    await redis.stop();
    const leads = [];
    for (let index = 0; index < 5; index += 1) {
      // Mutations do not need Redis: the events wait in the outbox.
      leads.push(await submitTexasLead(through(index % 2 ? graphA : graphB), `outage-${index}`));
    }
    expect(leads.map((lead) => lead.status)).toEqual(Array(5).fill('OFFERED'));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(offers.received).toHaveLength(stillOpen);

    await redis.start();
    for (let index = 0; index < 5; index += 1) await offers.next(15_000);
    // Time for a duplicate to show up, should one be on its way.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const delivered = offers.received.slice(stillOpen).map((result) => result.data!.assignmentOffered.lead.id);
    expect(delivered.sort()).toEqual(leads.map((lead) => lead.id).sort());
  }, 60_000);
});
