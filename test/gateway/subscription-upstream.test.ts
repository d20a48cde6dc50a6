import type { RunningGateway } from '../../gateway/gateway';
import { retryDelayMs } from '../../gateway/subscriptions/upstream-subscriptions';
import { gatewayInFrontOf, startScriptedSubgraph, until, type ScriptedSubgraph } from '../support/scripted-subgraph';
import { subscriptionRecorder, type SubscriptionRecorder } from '../support/subscription-recorder';
import { agentToken } from '../support/tokens';

const OFFERS = 'subscription ($agentId: ID!) { assignmentOffered(agentId: $agentId) { id } }';

describe('a gateway subscription whose subgraph subscription ends', () => {
  let subgraph: ScriptedSubgraph;
  let gateway: RunningGateway;
  let clients: SubscriptionRecorder;

  // A gateway and its subgraph per test: each test scripts the subgraph its own way.
  beforeEach(async () => {
    subgraph = await startScriptedSubgraph();
    gateway = await gatewayInFrontOf(subgraph.url);
    clients = subscriptionRecorder(gateway.graphqlUrl);
  });
  afterEach(async () => {
    await clients?.close();
    await gateway?.close();
    await subgraph?.close();
  });

  it('forwards the error of a failed subgraph subscription, then completes, and releases the subgraph', async () => {
    subgraph.onSubscribe = (id, send) =>
      send({
        id,
        type: 'error',
        payload: [{ message: 'Offer o-1 does not exist', extensions: { code: 'NOT_FOUND' } }],
      });
    const offers = clients.subscribe(agentToken('a-1'), OFFERS, { agentId: 'a-1' });

    expect(await offers.ended()).toEqual([
      { next: { errors: [{ message: 'Offer o-1 does not exist', extensions: { code: 'NOT_FOUND' } }] } },
      { complete: true },
    ]);
    await until(() => gateway.upstreamConnections() === 0);
    expect(gateway.upstreamSubscriptions()).toBe(0);
  });

  it('masks an unexpected subgraph failure and still completes', async () => {
    subgraph.onSubscribe = (id, send) => send({ id, type: 'error', payload: [{ message: 'connect ECONNREFUSED' }] });
    const offers = clients.subscribe(agentToken('a-1'), OFFERS, { agentId: 'a-1' });

    expect(await offers.ended()).toEqual([
      { next: { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] } },
      { complete: true },
    ]);
  });

  it("completes the client's subscription when the subgraph completes its own", async () => {
    subgraph.onSubscribe = (id, send) => {
      send({ id, type: 'next', payload: { data: { assignmentOffered: { id: 'o-1' } } } });
      send({ id, type: 'complete' });
    };
    const offers = clients.subscribe(agentToken('a-1'), OFFERS, { agentId: 'a-1' });

    expect(await offers.ended()).toEqual([
      { next: { data: { assignmentOffered: { id: 'o-1' } } } },
      { complete: true },
    ]);
    await until(() => gateway.upstreamConnections() === 0);
  });

  it('does not retry a reconnection the subgraph refuses (4403): the client is told and its subscription ends', async () => {
    // The token was valid at the first connection and has expired by the reconnection.
    subgraph.accept = (attempt) => attempt === 0;
    const offers = clients.subscribe(agentToken('a-1'), OFFERS, { agentId: 'a-1' });
    await until(() => subgraph.subscribes === 1);

    subgraph.restart();
    expect(await offers.ended(8000)).toEqual([
      { next: { errors: [expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED' } })] } },
      { complete: true },
    ]);
    expect(subgraph.connectionAttempts).toBe(2);
    await until(() => gateway.upstreamConnections() === 0);
  });

  describe('answers errors of its own with their message and code', () => {
    it('GRAPHQL_VALIDATION_FAILED for an invalid subscription', async () => {
      const missingArgument = clients.subscribe(agentToken('a-1'), 'subscription { assignmentOffered { id } }');
      const unknownField = clients.subscribe(
        agentToken('a-1'),
        'subscription { assignmentOffered(agentId: "a-1") { nope } }',
      );

      expect(await missingArgument.ended()).toEqual([
        {
          error: [
            expect.objectContaining({
              message:
                'Field "assignmentOffered" argument "agentId" of type "ID!" is required, but it was not provided.',
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
            }),
          ],
        },
      ]);
      expect(await unknownField.ended()).toEqual([
        {
          error: [
            expect.objectContaining({
              message: 'Cannot query field "nope" on type "Assignment".',
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
            }),
          ],
        },
      ]);
      expect(subgraph.subscribes).toBe(0);
    });

    it('GRAPHQL_PARSE_FAILED for a syntax error, as an error of that operation rather than a closed connection', async () => {
      const broken = clients.subscribe(agentToken('a-1'), 'subscription { assignmentOffered(agentId: "a-1") { id }');

      expect(await broken.ended()).toEqual([
        {
          error: [
            expect.objectContaining({
              message: 'Syntax Error: Expected Name, found <EOF>.',
              extensions: { code: 'GRAPHQL_PARSE_FAILED' },
            }),
          ],
        },
      ]);
    });

    it('BAD_USER_INPUT naming the variable for missing or invalid variables', async () => {
      const missing = clients.subscribe(agentToken('a-1'), OFFERS, {});
      const invalid = clients.subscribe(agentToken('a-1'), OFFERS, { agentId: { id: 'a-1' } });

      expect(await missing.ended()).toEqual([
        {
          error: [
            expect.objectContaining({
              message: 'Variable "$agentId" of required type "ID!" was not provided.',
              extensions: { code: 'BAD_USER_INPUT', field: 'agentId' },
            }),
          ],
        },
      ]);
      expect(await invalid.ended()).toEqual([
        {
          error: [
            expect.objectContaining({
              message: expect.stringMatching(/^Variable "\$agentId" got invalid value/),
              extensions: { code: 'BAD_USER_INPUT', field: 'agentId' },
            }),
          ],
        },
      ]);
      expect(subgraph.subscribes).toBe(0);
    });

    it('BAD_REQUEST for a query sent over the socket', async () => {
      const query = clients.subscribe(agentToken('a-1'), '{ __typename }');

      expect(await query.ended()).toEqual([
        {
          next: {
            errors: [
              {
                message: 'Send queries and mutations over HTTP; the socket is for subscriptions',
                extensions: { code: 'BAD_REQUEST' },
              },
            ],
          },
        },
        { complete: true },
      ]);
    });
  });
});

describe('the wait before reconnecting to a subgraph', () => {
  it('doubles from one second, is capped at ten, and adds up to a second of jitter', () => {
    expect([0, 1, 2, 3, 4, 10, 50].map((retries) => retryDelayMs(retries, () => 0))).toEqual([
      1000, 2000, 4000, 8000, 10_000, 10_000, 10_000,
    ]);
    expect(retryDelayMs(50, () => 0.999)).toBeLessThan(11_000);
    expect(retryDelayMs(0, () => 0.5)).toBe(1500);
  });
});
