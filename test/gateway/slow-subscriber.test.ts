import WebSocket from 'ws';
import type { RunningGateway } from '../../gateway/gateway';
import {
  gatewayInFrontOf,
  startScriptedSubgraph,
  until,
  type ScriptedSubgraph,
  type Send,
} from '../support/scripted-subgraph';
import { agentToken, managerToken } from '../support/tokens';

const OFFERS = 'subscription ($agentId: ID!) { assignmentOffered(agentId: $agentId) { id } }';

type Message = { type: string; id?: string; payload?: unknown };

/** The n-th offer, carrying `padding` so that a few hundred fill the socket buffers. */
const offer =
  (padding: string) =>
  (n: number): Record<string, unknown> => ({ assignmentOffered: { id: `o-${n}-${padding}` } });

/**
 * A subgraph that answers every subscription with `event(n)` as fast as it
 * can, until the gateway completes it or `limit` were sent; or, given
 * `error`, with that error.
 */
async function startFloodingSubgraph(
  limit: number,
  event: (n: number) => Record<string, unknown>,
  error: unknown[] | null = null,
): Promise<ScriptedSubgraph & { sent: () => number }> {
  const subgraph = await startScriptedSubgraph();
  const open = new Set<string>();
  let sent = 0;
  const flood = (id: string, send: Send): void => {
    for (let batch = 0; batch < 100 && open.has(id) && sent < limit; batch += 1) {
      sent += 1;
      send({ id, type: 'next', payload: { data: event(sent) } });
    }
    if (open.has(id) && sent < limit) setImmediate(() => flood(id, send));
  };
  subgraph.onSubscribe = (id, send) => {
    if (error) return send({ id, type: 'error', payload: error });
    open.add(id);
    flood(id, send);
  };
  subgraph.onComplete = (id) => open.delete(id);
  return Object.assign(subgraph, { sent: () => sent });
}

/** A graphql-transport-ws client by hand, so the test can stop reading its socket as a slow link would. */
async function rawSubscriber(gateway: RunningGateway, token: string) {
  const socket = new WebSocket(gateway.graphqlUrl.replace(/^http/, 'ws'), 'graphql-transport-ws');
  const messages: Message[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data)) as Message));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
  await until(() => messages.some((message) => message.type === 'connection_ack'));
  return { socket, messages };
}

describe('a gateway subscriber on a link slower than its events', () => {
  let subgraph: Awaited<ReturnType<typeof startFloodingSubgraph>>;
  let gateway: RunningGateway;
  let socket: WebSocket | undefined;

  const startGateway = async (
    limit: number,
    event = offer(''),
    error: unknown[] | null = null,
    name: 'leads' | 'agents' = 'leads',
  ): Promise<void> => {
    subgraph = await startFloodingSubgraph(limit, event, error);
    gateway = await gatewayInFrontOf(subgraph.url, name);
  };
  afterEach(async () => {
    socket?.terminate();
    socket = undefined;
    await gateway?.close();
    await subgraph?.close();
  });

  it('ends the subscription with SUBSCRIBER_TOO_SLOW and lets go of the subgraph, instead of queueing without end', async () => {
    // At most 20,000 offers of 8 KB: far more than the socket buffers and the gateway's queue of 1,000 hold.
    await startGateway(20_000, offer('x'.repeat(8192)));
    const client = await rawSubscriber(gateway, agentToken('a-1'));
    socket = client.socket;
    socket.send(
      JSON.stringify({ id: 's-1', type: 'subscribe', payload: { query: OFFERS, variables: { agentId: 'a-1' } } }),
    );
    await until(() => client.messages.some((message) => message.type === 'next'));

    // The client stops reading, as on a slow link: its socket buffers fill, then the gateway's queue.
    socket.pause();
    await until(() => subgraph.completed === 1, 30_000);
    expect(gateway.upstreamSubscriptions()).toBe(0);
    expect(subgraph.sent()).toBeLessThan(20_000);

    // Reading again, the client gets what was already on its way, then the error that ended it.
    socket.resume();
    await until(() => client.messages.some((message) => message.type === 'error'));
    const last = client.messages.at(-1)!;
    expect(last).toEqual({
      id: 's-1',
      type: 'error',
      payload: [
        {
          message: 'More than 1000 events waited for this subscriber; subscribe again to resume',
          extensions: { code: 'SUBSCRIBER_TOO_SLOW' },
        },
      ],
    });
    expect(client.messages.filter((message) => message.type === 'next').length).toBeLessThan(subgraph.sent());
  }, 60_000);

  it("passes on a subgraph's SUBSCRIBER_TOO_SLOW unmasked, so the client knows to subscribe again", async () => {
    const tooSlow = [{ message: 'More than 1000 events waited', extensions: { code: 'SUBSCRIBER_TOO_SLOW' } }];
    await startGateway(0, offer(''), tooSlow);
    const client = await rawSubscriber(gateway, agentToken('a-1'));
    socket = client.socket;
    socket.send(
      JSON.stringify({ id: 's-1', type: 'subscribe', payload: { query: OFFERS, variables: { agentId: 'a-1' } } }),
    );

    await until(() => client.messages.some((message) => message.type === 'complete'));
    expect(client.messages.filter((message) => message.id === 's-1')).toEqual([
      { id: 's-1', type: 'next', payload: { errors: tooSlow } },
      { id: 's-1', type: 'complete' },
    ]);
  });

  it("keeps a capacity dashboard's subscription, sending each agent's latest state, however far behind it falls", async () => {
    // 20,000 changes of five agents' capacity, 8 KB each: far more than the socket buffers and 1,000 waiting events.
    const padding = 'x'.repeat(8192);
    await startGateway(
      20_000,
      // The padding rides in a field the client selects, so that it reaches (and fills) the client's socket.
      (n) => ({ agentCapacityChanged: { agentId: `a-${n % 5}-${padding}`, open: n } }),
      null,
      'agents',
    );
    const client = await rawSubscriber(gateway, managerToken());
    socket = client.socket;
    const query = 'subscription { agentCapacityChanged { agentId open } }';
    socket.send(JSON.stringify({ id: 's-1', type: 'subscribe', payload: { query } }));
    await until(() => client.messages.some((message) => message.type === 'next'));

    socket.pause();
    await until(() => subgraph.sent() === 20_000, 30_000);
    expect(subgraph.completed).toBe(0);
    expect(gateway.upstreamSubscriptions()).toBe(1);

    socket.resume();
    const latest = new Map<string, number>();
    await until(() => {
      for (const message of client.messages.splice(0)) {
        if (message.type === 'connection_ack') continue;
        expect(message.type).toBe('next');
        const { agentId, open } = (
          message.payload as { data: { agentCapacityChanged: { agentId: string; open: number } } }
        ).data.agentCapacityChanged;
        latest.set(agentId, open);
      }
      return [...latest.values()].every((open) => open > 20_000 - 5) && latest.size === 5;
    }, 30_000);
  }, 60_000);
});
