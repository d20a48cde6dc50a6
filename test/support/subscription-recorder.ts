import type { ExecutionResult } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** What a graphql-ws client saw of one subscription, in order. */
export type SubscriptionEvent = { next: ExecutionResult } | { error: unknown } | { complete: true };

export interface RecordedSubscription {
  readonly events: SubscriptionEvent[];
  /** Every event once the subscription completed or failed; rejects after `timeoutMs` with what came so far. */
  ended(timeoutMs?: number): Promise<SubscriptionEvent[]>;
}

export interface SubscriptionRecorder {
  /** Subscribes on a connection of its own, the token in connectionParams. */
  subscribe(token: string, query: string, variables?: Record<string, unknown>): RecordedSubscription;
  /** Disposes every client it opened (call it after each test). */
  close(): Promise<void>;
}

/**
 * graphql-ws clients of `url` that record completion and failure too (the
 * shared testSubscriber reports results only), for tests of how a
 * subscription ends.
 */
export function subscriptionRecorder(url: string): SubscriptionRecorder {
  const clients = new Set<Client>();
  return {
    subscribe(token, query, variables = {}) {
      const client = createClient({
        url: url.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${token}` },
        retryAttempts: 0,
      });
      clients.add(client);
      const events: SubscriptionEvent[] = [];
      let finished!: () => void;
      const end = new Promise<void>((resolve) => (finished = resolve));
      client.subscribe(
        { query, variables },
        {
          next: (result) => events.push({ next: result as ExecutionResult }),
          error: (error) => {
            events.push({ error });
            finished();
          },
          complete: () => {
            events.push({ complete: true });
            finished();
          },
        },
      );
      return {
        events,
        ended: async (timeoutMs = 5000) => {
          let timer: NodeJS.Timeout | undefined;
          const timeout = new Promise<never>((_resolve, reject) => {
            timer = setTimeout(
              () => reject(new Error(`not ended within ${timeoutMs} ms; received ${JSON.stringify(events)}`)),
              timeoutMs,
            );
          });
          try {
            await Promise.race([end, timeout]);
            return events;
          } finally {
            clearTimeout(timer);
          }
        },
      };
    },
    close: async () => {
      // dispose rejects when a connection attempt was refused; the client is gone either way.
      await Promise.all([...clients].map((client) => Promise.resolve(client.dispose()).catch(() => undefined)));
      clients.clear();
    },
  };
}
