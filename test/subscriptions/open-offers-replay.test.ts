import { OutboxEventEntity } from '../../lib/events/outbox-event.entity';
import { Topic } from '../../lib/events/topics';
import { AssignmentEntity } from '../../subgraphs/leads/assignment/assignment.entity';
import { dataOf } from '../support/graphql-client';
import { startTestGraph, type TestGraph } from '../support/graph';
import { testSubscriber, type TestSubscriber, type TestSubscription } from '../support/subscriptions';
import { agentToken, managerToken, partnerToken } from '../support/tokens';
import { createTexasMarket, SUBMIT_LEAD } from './market';

const OFFERS = `subscription ($agentId: ID!) {
  assignmentOffered(agentId: $agentId) { id status agent { id } lead { id } }
}`;

interface OfferEvent {
  assignmentOffered: { id: string; status: string; agent: { id: string }; lead: { id: string } };
}

/** How long a subscription is watched for an offer that must not come. */
const QUIET_MS = 700;

/**
 * An agent whose subscription was down when an offer was made (a deploy, a
 * dropped connection) gets it when it subscribes again: the whole graph in
 * this process, workers on, so the outbox relay publishes what routing commits.
 */
describe('assignmentOffered delivers the open offers first', () => {
  let graph: TestGraph;
  const subscribers: TestSubscriber[] = [];
  let phone = 0;
  let relaying = false;

  const subscribe = (token: string, agentId: string): TestSubscription<OfferEvent> => {
    const subscriber = testSubscriber(graph.graph.gateway.graphqlUrl, token);
    subscribers.push(subscriber);
    return subscriber.subscribe<OfferEvent>(OFFERS, { agentId });
  };

  /** Submits a lead in Austin, routed at once, and waits until its offer's event has gone out on the bus (if relayed). */
  const offerLead = async (): Promise<{ leadId: string; offerId: string; agentId: string }> => {
    phone += 1;
    const { submitLead } = dataOf(
      await graph.request<{ submitLead: { id: string; status: string } }>(
        SUBMIT_LEAD,
        {
          input: {
            externalId: `replay-${phone}`,
            productLine: 'PERSONAL_AUTO',
            postalCode: '78701',
            firstName: 'Ana',
            lastName: 'Diaz',
            phone: `(512) 555-${String(phone).padStart(4, '0')}`,
          },
        },
        partnerToken('acme'),
      ),
    );
    expect(submitLead.status).toBe('OFFERED');
    const { lead } = dataOf(
      await graph.request<{ lead: { currentAssignment: { id: string; agent: { id: string } } } }>(
        'query ($id: ID!) { lead(id: $id) { currentAssignment { id agent { id } } } }',
        { id: submitLead.id },
        managerToken(),
      ),
    );
    if (relaying) await untilPublished(lead.currentAssignment.id);
    return { leadId: submitLead.id, offerId: lead.currentAssignment.id, agentId: lead.currentAssignment.agent.id };
  };

  const untilPublished = async (assignmentId: string): Promise<void> => {
    const outbox = graph.graph.dataSource.getRepository(OutboxEventEntity);
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      const events = await outbox.findBy({ topic: Topic.AssignmentOffered, aggregateId: assignmentId });
      if (events.length > 0 && events.every((event) => event.publishedAt)) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`the offer ${assignmentId} was not published within 5 s`);
  };

  const setStatus = async (agentId: string, status: 'ONLINE' | 'OFFLINE'): Promise<void> => {
    dataOf(
      await graph.request(
        'mutation ($id: ID!, $status: AgentStatus!) { setAgentStatus(agentId: $id, status: $status) { id } }',
        { id: agentId, status },
        managerToken(),
      ),
    );
  };

  const offerIds = (subscription: TestSubscription<OfferEvent>): string[] =>
    subscription.received.map((result) => {
      if (!result.data) throw new Error(`subscription error: ${JSON.stringify(result.errors)}`);
      return result.data.assignmentOffered.id;
    });

  /** Waits for `count` offers on the subscription, then a while longer to see that no other comes. */
  const offersReceived = async (subscription: TestSubscription<OfferEvent>, count: number): Promise<string[]> => {
    for (let index = 0; index < count; index += 1) await subscription.next();
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
    return offerIds(subscription);
  };

  /** A graph per test: a lead one test leaves QUEUED would be offered to the next test's agents. */
  const start = async (options: { startWorkers: boolean }): Promise<void> => {
    graph = await startTestGraph(options);
    relaying = options.startWorkers;
  };

  afterEach(async () => {
    await Promise.all(subscribers.splice(0).map((subscriber) => subscriber.close()));
    await graph?.close();
  });

  it('delivers an offer made before the agent subscribed, then a live one, each once', async () => {
    await start({ startWorkers: true });
    const [agentId] = await createTexasMarket(graph.request, 1);
    const before = await offerLead();
    expect(before.agentId).toBe(agentId);

    const offers = subscribe(agentToken(agentId), agentId);
    expect((await offers.next()).data?.assignmentOffered).toEqual({
      id: before.offerId,
      status: 'OFFERED',
      agent: { id: agentId },
      lead: { id: before.leadId },
    });

    // The event of an offer that was also read at subscribe time, under an id the stream has not seen
    // (it was in flight when the subscription read the open offers): the offer is not delivered again.
    await graph.graph.dataSource.getRepository(OutboxEventEntity).save({
      topic: Topic.AssignmentOffered,
      aggregateId: before.offerId,
      payload: { assignmentId: before.offerId, agentId, leadId: before.leadId },
      createdAt: new Date(),
    });
    await untilPublished(before.offerId);

    const live = await offerLead();
    expect(await offersReceived(offers, 1)).toEqual([before.offerId, live.offerId]);
  });

  it('does not replay an offer that was accepted, declined or has lapsed', async () => {
    // No workers: the expiry sweep would turn the lapsed offer EXPIRED within a tick, and the relay is not needed.
    await start({ startWorkers: false });
    const [agentId] = await createTexasMarket(graph.request, 1);
    const token = agentToken(agentId);
    const [accepted, declined, lapsed, open] = [
      await offerLead(),
      await offerLead(),
      await offerLead(),
      await offerLead(),
    ];
    dataOf(
      await graph.request('mutation ($id: ID!) { acceptAssignment(id: $id) { id } }', { id: accepted.offerId }, token),
    );
    dataOf(
      await graph.request('mutation ($id: ID!) { declineAssignment(id: $id) { id } }', { id: declined.offerId }, token),
    );
    // Past its expiry but not yet swept: still OFFERED in its row, yet no longer open to an answer.
    await graph.graph.dataSource
      .getRepository(AssignmentEntity)
      .update({ id: lapsed.offerId }, { expiresAt: new Date(Date.now() - 1000) });

    expect(await offersReceived(subscribe(token, agentId), 1)).toEqual([open.offerId]);
  });

  it("replays only the subscribed agent's offers, and none to an agent refused another's", async () => {
    await start({ startWorkers: true });
    const [other] = await createTexasMarket(graph.request, 1);
    const othersOffer = await offerLead();
    expect(othersOffer.agentId).toBe(other);
    await setStatus(other, 'OFFLINE');
    const [agentId] = await createTexasMarket(graph.request, 1);
    const ownOffer = await offerLead();
    expect(ownOffer.agentId).toBe(agentId);

    const own = subscribe(agentToken(agentId), agentId);
    const refused = subscribe(agentToken(agentId), other);
    const staff = subscribe(managerToken(), other);
    expect(await offersReceived(own, 1)).toEqual([ownOffer.offerId]);
    expect(refused.received).toEqual([{ errors: [expect.objectContaining({ extensions: { code: 'FORBIDDEN' } })] }]);
    // Staff may follow any agent, and get that agent's open offers as the agent would.
    expect(offerIds(staff)).toEqual([othersOffer.offerId]);
  });
});
