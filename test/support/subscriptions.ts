import type { ExecutionResult } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface TestSubscription<T> {
  /** The next result, or a rejection after `timeoutMs`. */
  next(timeoutMs?: number): Promise<ExecutionResult<T>>;
  /** Every result received so far, in order. */
  readonly received: Array<ExecutionResult<T>>;
  unsubscribe(): void;
}

/**
 * The first result any of the subscriptions receives (others may get theirs later), or a rejection
 * after `timeoutMs`.
 */
export async function firstResult<T>(
  subscriptions: ReadonlyArray<TestSubscription<T>>,
  timeoutMs = 5000,
): Promise<{ result: ExecutionResult<T>; index: number }> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const index = subscriptions.findIndex((subscription) => subscription.received.length > 0);
    if (index >= 0) return { result: await subscriptions[index].next(), index };
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no result within ${timeoutMs} ms`);
}

/**
 * A subscription is live once the gateway has subscribed upstream and the
 * subgraph listens: graphql-ws acknowledges connections, not subscriptions.
 */
export const untilSubscribed = (ms = 500): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface TestSubscriber {
  subscribe<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): TestSubscription<T>;
  /** Resolves once the socket is acknowledged, rejects with the close code when refused. */
  connected: Promise<void>;
  close(): Promise<void>;
}

const wsUrl = (httpUrl: string): string => httpUrl.replace(/^http/, 'ws');

/** A graphql-ws client of `url` (the gateway's or a subgraph's /graphql), the token in connectionParams. */
export function testSubscriber(url: string, token: string | null): TestSubscriber {
  let acknowledged!: () => void;
  let refused!: (error: Error) => void;
  const connected = new Promise<void>((resolve, reject) => {
    acknowledged = resolve;
    refused = reject;
  });
  connected.catch(() => undefined);
  const client: Client = createClient({
    url: wsUrl(url),
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: false,
    // A refused connection is reported through `connected`.
    onNonLazyError: () => undefined,
    on: {
      connected: () => acknowledged(),
      closed: (event) => refused(Object.assign(new Error('closed'), { code: (event as { code?: number }).code })),
    },
  });
  return {
    connected,
    subscribe<T>(query: string, variables: Record<string, unknown> = {}): TestSubscription<T> {
      const received: Array<ExecutionResult<T>> = [];
      const waiting: Array<(result: ExecutionResult<T>) => void> = [];
      let read = 0;
      const deliver = (result: ExecutionResult<T>) => {
        received.push(result);
        waiting.shift()?.(result);
      };
      const unsubscribe = client.subscribe<T>(
        { query, variables },
        {
          next: (result) => deliver(result as ExecutionResult<T>),
          error: (error) => deliver({ errors: Array.isArray(error) ? error : [{ message: String(error) }] } as never),
          complete: () => undefined,
        },
      );
      return {
        received,
        unsubscribe,
        next(timeoutMs = 5000) {
          if (read < received.length) return Promise.resolve(received[read++]);
          return new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`no result within ${timeoutMs} ms`)), timeoutMs);
            waiting.push((result) => {
              clearTimeout(timer);
              read += 1;
              resolve(result);
            });
          });
        },
      };
    },
    close: () => client.dispose() as Promise<void>,
  };
}
