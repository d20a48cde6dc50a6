import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { serveGateway, type RunningGateway } from '../../gateway/gateway';
import { createLogger } from '../../lib/logger';
import { readSupergraph } from '../../schema/supergraph';
import { agentToken, TEST_JWT_SECRET } from '../support/tokens';

const OFFERS = 'subscription ($agentId: ID!) { assignmentOffered(agentId: $agentId) { id } }';

type Message = { type: string; id?: string; payload?: unknown };

/**
 * A leads subgraph that answers every subscription with offers as fast as
 * it can, until the gateway completes it (or `limit` were sent), or with
 * `error` when set.
 */
interface FloodingSubgraph {
  url: string;
  /** Offers sent; each carries `padding` so that a few hundred fill the socket buffers. */
  sent: number;
  /** Subscriptions the gateway completed (unsubscribed). */
  completed: number;
  error: unknown[] | null;
  close(): Promise<void>;
}

async function startFloodingSubgraph(limit: number, padding: string): Promise<FloodingSubgraph> {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const subgraph: FloodingSubgraph = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    sent: 0,
    completed: 0,
    error: null,
    close: async () => {
      for (const socket of server.clients) socket.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  server.on('connection', (socket: WebSocket) => {
    const send = (message: Message): void => socket.send(JSON.stringify(message));
    const open = new Set<string>();
    const flood = (id: string): void => {
      for (let batch = 0; batch < 100 && open.has(id) && subgraph.sent < limit; batch += 1) {
        subgraph.sent += 1;
        send({ id, type: 'next', payload: { data: { assignmentOffered: { id: `o-${subgraph.sent}-${padding}` } } } });
      }
      if (open.has(id) && subgraph.sent < limit) setImmediate(() => flood(id));
    };
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as Message;
      if (message.type === 'connection_init') send({ type: 'connection_ack' });
      else if (message.type === 'subscribe' && subgraph.error)
        send({ id: message.id, type: 'error', payload: subgraph.error });
      else if (message.type === 'subscribe') {
        open.add(message.id!);
        flood(message.id!);
      } else if (message.type === 'complete') {
        open.delete(message.id!);
        subgraph.completed += 1;
      }
    });
  });
  return subgraph;
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

const until = async (condition: () => boolean, timeoutMs = 5000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('a gateway subscriber on a link slower than its events', () => {
  let subgraph: FloodingSubgraph;
  let gateway: RunningGateway;
  let socket: WebSocket | undefined;

  const startGateway = async (limit: number, padding = ''): Promise<void> => {
    subgraph = await startFloodingSubgraph(limit, padding);
    const unused = 'http://127.0.0.1:9/graphql';
    gateway = await serveGateway({
      supergraphSdl: readSupergraph(),
      subgraphUrls: { leads: subgraph.url, agents: unused, territories: unused, outcomes: unused },
      port: 0,
      host: '127.0.0.1',
      jwtSecret: TEST_JWT_SECRET,
      logger: createLogger('silent', 'test'),
      apolloTelemetry: false,
    });
  };
  afterEach(async () => {
    socket?.terminate();
    socket = undefined;
    await gateway?.close();
    await subgraph?.close();
  });

  it('ends the subscription with SUBSCRIBER_TOO_SLOW and lets go of the subgraph, instead of queueing without end', async () => {
    // At most 20,000 offers of 8 KB: far more than the socket buffers and the gateway's queue of 1,000 hold.
    await startGateway(20_000, 'x'.repeat(8192));
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
    expect(subgraph.sent).toBeLessThan(20_000);

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
    expect(client.messages.filter((message) => message.type === 'next').length).toBeLessThan(subgraph.sent);
  }, 60_000);

  it("passes on a subgraph's SUBSCRIBER_TOO_SLOW unmasked, so the client knows to subscribe again", async () => {
    await startGateway(0);
    const tooSlow = [{ message: 'More than 1000 events waited', extensions: { code: 'SUBSCRIBER_TOO_SLOW' } }];
    subgraph.error = tooSlow;
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
});
