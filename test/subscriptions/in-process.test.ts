import { dataOf } from '../support/graphql-client';
import { startTestGraph, type TestGraph } from '../support/graph';
import { firstResult, testSubscriber, untilSubscribed, type TestSubscriber } from '../support/subscriptions';
import { adminToken, agentToken, managerToken, partnerToken, TEST_JWT_SECRET } from '../support/tokens';
import { signToken, Role } from '../../lib/auth';
import { createTexasMarket, OFFERS, submitTexasLead, type OfferEvent } from './market';

const CAPACITY = `subscription ($agentId: ID) {
  agentCapacityChanged(agentId: $agentId) { agentId open maxOpen dailyCap assignedToday remaining }
}`;

/**
 * The whole graph in one process (no REDIS_URL: events travel in-process),
 * with its workers, so the outbox relay publishes what routing commits.
 */
describe('subscriptions through the gateway', () => {
  let graph: TestGraph;
  let agents: string[];
  const subscribers: TestSubscriber[] = [];
  const connect = (token: string | null): TestSubscriber => {
    const subscriber = testSubscriber(graph.graph.gateway.graphqlUrl, token);
    subscribers.push(subscriber);
    return subscriber;
  };

  beforeAll(async () => {
    graph = await startTestGraph({ startWorkers: true });
    agents = await createTexasMarket(graph.request, 2);
  });
  afterEach(async () => {
    await Promise.all(subscribers.splice(0).map((subscriber) => subscriber.close()));
  });
  afterAll(async () => {
    await graph?.close();
  });

  it('delivers every offer to the offered agent with fields from all four subgraphs', async () => {
    const [first, second] = agents.map((agentId) => connect(agentToken(agentId)));
    const firstOffers = first.subscribe<OfferEvent>(OFFERS, { agentId: agents[0] });
    const secondOffers = second.subscribe<OfferEvent>(OFFERS, { agentId: agents[1] });
    await Promise.all([first.connected, second.connected]);
    await untilSubscribed();

    const lead = await submitTexasLead(graph.request, 'sub-1');
    expect(lead.status).toBe('OFFERED');
    const { result, index } = await firstResult([firstOffers, secondOffers]);
    const offer = dataOfEither(result).data.assignmentOffered;
    expect(offer.agent.id).toBe(agents[index]);
    expect(offer).toMatchObject({
      status: 'OFFERED',
      lead: { id: lead.id, productLine: 'PERSONAL_AUTO', state: 'TX', estimatedPremium: 1800 },
    });
    expect(offer.lead.contact?.phone).toMatch(/^\+1512555\d{4}$/);
    expect(agents).toContain(offer.agent.id);
    expect(offer.agent.name).toMatch(/^Agent /);
    expect(offer.agent.territories.map((territory) => territory.name)).toEqual([expect.stringMatching(/^Texas /)]);
    expect(typeof offer.agent.performance.bindRate).toBe('number');
    expect(new Date(offer.expiresAt).getTime()).toBeGreaterThan(Date.now());

    // The other agent got nothing; when the offered agent declines, the re-offer reaches it.
    const [holder, other] = offer.agent.id === agents[0] ? [firstOffers, secondOffers] : [secondOffers, firstOffers];
    expect(other.received).toHaveLength(0);
    dataOf(
      await graph.request(
        'mutation ($id: ID!) { declineAssignment(id: $id) { id } }',
        { id: offer.id },
        agentToken(offer.agent.id),
      ),
    );
    const reOffer = dataOfEither(await other.next()).data.assignmentOffered;
    expect(reOffer.lead.id).toBe(lead.id);
    expect(reOffer.agent.id).not.toBe(offer.agent.id);
    expect(holder.received).toHaveLength(1);
  });

  it('pushes capacity changes of configuration, reservation and release to the agent and to staff', async () => {
    const own = connect(agentToken(agents[0])).subscribe(CAPACITY, { agentId: agents[0] });
    const all = connect(managerToken()).subscribe(CAPACITY, {});
    await untilSubscribed();
    dataOf(
      await graph.request(
        'mutation ($id: ID!, $input: UpdateAgentInput!) { updateAgent(id: $id, input: $input) { id } }',
        { id: agents[0], input: { maxOpen: 7 } },
        adminToken(),
      ),
    );
    expect((await own.next()).data).toEqual({
      agentCapacityChanged: expect.objectContaining({ agentId: agents[0], maxOpen: 7 }),
    });
    expect((await all.next()).data).toEqual({
      agentCapacityChanged: expect.objectContaining({ agentId: agents[0], maxOpen: 7 }),
    });

    // A reservation: the offered agent's open count as it is after the offer committed.
    const lead = await submitTexasLead(graph.request, 'capacity-1');
    const offeredTo = dataOf(
      await graph.request<{ lead: { currentAssignment: { agent: { id: string } } } }>(
        'query ($id: ID!) { lead(id: $id) { currentAssignment { agent { id } } } }',
        { id: lead.id },
        managerToken(),
      ),
    ).lead.currentAssignment.agent.id;
    const reserved = (await all.next()).data as { agentCapacityChanged: { agentId: string; open: number } };
    expect(reserved.agentCapacityChanged.agentId).toBe(offeredTo);
    expect(reserved.agentCapacityChanged.open).toBeGreaterThanOrEqual(1);

    // A release: the agent declines, its unit comes back (the re-offer then reserves the other agent's).
    const { lead: offered } = dataOf(
      await graph.request<{ lead: { currentAssignment: { id: string } } }>(
        'query ($id: ID!) { lead(id: $id) { currentAssignment { id } } }',
        { id: lead.id },
        managerToken(),
      ),
    );
    dataOf(
      await graph.request(
        'mutation ($id: ID!) { declineAssignment(id: $id) { id } }',
        { id: offered.currentAssignment.id },
        agentToken(offeredTo),
      ),
    );
    const changes: Array<{ agentId: string; open: number }> = [];
    while (!changes.some((change) => change.agentId === offeredTo)) {
      changes.push(((await all.next()).data as typeof reserved).agentCapacityChanged);
    }
    expect(changes.find((change) => change.agentId === offeredTo)?.open).toBe(reserved.agentCapacityChanged.open - 1);
  });

  it('shares identical upstream subscriptions and releases them when clients leave', async () => {
    const gateway = graph.graph.gateway;
    const agentSession = agentToken(agents[0]);
    const [tab1, tab2, manager] = [agentSession, agentSession, managerToken()].map(connect);
    tab1.subscribe(OFFERS, { agentId: agents[0] });
    tab2.subscribe(OFFERS, { agentId: agents[0] });
    manager.subscribe(OFFERS, { agentId: agents[0] });
    await untilSubscribed();
    // Two tabs of one agent share one subscription to the leads subgraph; the manager has its own.
    expect(gateway.upstreamSubscriptions()).toBe(2);
    expect(gateway.upstreamConnections()).toBe(2);
    await tab1.close();
    await untilSubscribed(200);
    expect(gateway.upstreamSubscriptions()).toBe(2);
    await Promise.all([tab2.close(), manager.close()]);
    await untilSubscribed(200);
    expect(gateway.upstreamSubscriptions()).toBe(0);
    expect(gateway.upstreamConnections()).toBe(0);
  });

  describe('refuses', () => {
    it('a connection without a valid token at connection_init', async () => {
      const forged = signToken('not-the-secret', { sub: 'x', role: Role.ADMIN });
      for (const token of [null, forged, `${signToken(TEST_JWT_SECRET, { sub: 'y', role: Role.ADMIN })}x`]) {
        await expect(connect(token).connected).rejects.toMatchObject({ code: 4403 });
      }
    });

    it("an agent subscribing to another agent's offers or capacity", async () => {
      const subscriber = connect(agentToken(agents[0]));
      const offers = subscriber.subscribe(OFFERS, { agentId: agents[1] });
      expect((await offers.next()).errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
      const capacity = subscriber.subscribe(CAPACITY, { agentId: agents[1] });
      expect((await capacity.next()).errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    });

    it('every-agent capacity to anyone but staff, and offers to partners', async () => {
      const agent = connect(agentToken(agents[0])).subscribe(CAPACITY, {});
      expect((await agent.next()).errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
      const partner = connect(partnerToken('acme')).subscribe(OFFERS, { agentId: agents[0] });
      expect((await partner.next()).errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    });
  });
});

function dataOfEither<T>(result: { data?: T | null; errors?: readonly unknown[] }): { data: T } {
  if (result.errors?.length || !result.data) throw new Error(`subscription error: ${JSON.stringify(result.errors)}`);
  return { data: result.data };
}
