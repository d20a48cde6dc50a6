import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { serveGateway, type RunningGateway } from '../../gateway/gateway';
import type { SubgraphName } from '../../lib/config';
import { createLogger } from '../../lib/logger';
import { readSupergraph } from '../../schema/supergraph';
import { TEST_JWT_SECRET } from './tokens';

export type Send = (message: Record<string, unknown>) => void;

/**
 * A leads subgraph that speaks graphql-transport-ws by script, for gateway
 * tests of what a real subgraph does rarely or never on cue: it accepts or
 * refuses each connection_init and answers each subscribe as the test says.
 */
export interface ScriptedSubgraph {
  url: string;
  /** connection_init messages received so far. */
  connectionAttempts: number;
  subscribes: number;
  /** Subscriptions the gateway completed (unsubscribed). */
  completed: number;
  /** Whether the n-th connection_init (0-based) is acknowledged; refused ones close with 4403, as a subgraph does. */
  accept: (attempt: number) => boolean;
  onSubscribe: (id: string, send: Send) => void;
  onComplete: (id: string) => void;
  /** Closes every connection as a restarting subgraph does (1012), then accepts new ones. */
  restart(): void;
  close(): Promise<void>;
}

export async function startScriptedSubgraph(): Promise<ScriptedSubgraph> {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const subgraph: ScriptedSubgraph = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    connectionAttempts: 0,
    subscribes: 0,
    completed: 0,
    accept: () => true,
    onSubscribe: () => undefined,
    onComplete: () => undefined,
    restart: () => {
      for (const socket of server.clients) socket.close(1012, 'Service Restart');
    },
    close: async () => {
      for (const socket of server.clients) socket.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  server.on('connection', (socket: WebSocket) => {
    const send: Send = (message) => socket.send(JSON.stringify(message));
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; id: string };
      if (message.type === 'connection_init') {
        if (subgraph.accept(subgraph.connectionAttempts++)) send({ type: 'connection_ack' });
        else socket.close(4403, 'Forbidden');
      } else if (message.type === 'subscribe') {
        subgraph.subscribes += 1;
        subgraph.onSubscribe(message.id, send);
      } else if (message.type === 'complete') {
        subgraph.completed += 1;
        subgraph.onComplete(message.id);
      } else if (message.type === 'ping') {
        send({ type: 'pong' });
      }
    });
  });
  return subgraph;
}

/** A gateway whose subgraph `name` (leads unless given) is at `url`; nothing listens where the others would be (port 9). */
export function gatewayInFrontOf(url: string, name: SubgraphName = 'leads'): Promise<RunningGateway> {
  const unused = 'http://127.0.0.1:9/graphql';
  return serveGateway({
    supergraphSdl: readSupergraph(),
    subgraphUrls: { leads: unused, agents: unused, territories: unused, outcomes: unused, [name]: url },
    port: 0,
    host: '127.0.0.1',
    jwtSecret: TEST_JWT_SECRET,
    logger: createLogger('silent', 'test'),
    apolloTelemetry: false,
  });
}

/** Resolves once `condition` holds; rejects after `timeoutMs`. */
export async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
