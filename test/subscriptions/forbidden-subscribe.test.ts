import { startTestGraph, type TestGraph } from '../support/graph';
import { subscriptionRecorder, type SubscriptionRecorder } from '../support/subscription-recorder';
import { agentToken } from '../support/tokens';

const OFFERS = 'subscription ($agentId: ID!) { assignmentOffered(agentId: $agentId) { id } }';
const CAPACITY = 'subscription ($agentId: ID) { agentCapacityChanged(agentId: $agentId) { agentId open } }';

/** The whole graph in this process: the leads and agents subgraphs refuse, the gateway relays. */
describe('a subscription the subgraph refuses', () => {
  let graph: TestGraph;
  let clients: SubscriptionRecorder;

  beforeEach(async () => {
    graph = await startTestGraph({ startWorkers: false });
    clients = subscriptionRecorder(graph.graph.gateway.graphqlUrl);
  });
  afterEach(async () => {
    await clients?.close();
    await graph?.close();
  });

  it('answers FORBIDDEN, then completes, and holds nothing upstream', async () => {
    const token = agentToken('a-1');
    const othersOffers = clients.subscribe(token, OFFERS, { agentId: 'a-2' });
    const everyCapacity = clients.subscribe(token, CAPACITY, {});

    for (const subscription of [othersOffers, everyCapacity]) {
      expect(await subscription.ended()).toEqual([
        { next: { errors: [expect.objectContaining({ extensions: { code: 'FORBIDDEN' } })] } },
        { complete: true },
      ]);
    }
    expect(graph.graph.gateway.upstreamSubscriptions()).toBe(0);
  });
});
