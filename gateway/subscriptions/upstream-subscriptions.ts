import { CloseCode, createClient, type Client } from 'graphql-ws';
import type { ExecutionResult, GraphQLFormattedError } from 'graphql';
import WebSocket from 'ws';
import type { Logger } from '../../lib/logger';

/** A gateway subscription's share of an upstream subscription. */
export interface UpstreamListener {
  next(result: ExecutionResult): void;
  /** The subgraph's subscription is over (completed, failed or refused): nothing more will come. */
  end(): void;
}

/** The longest wait between two reconnection attempts, before jitter. */
const MAX_RETRY_DELAY_MS = 10_000;
const RETRY_JITTER_MS = 1000;

/**
 * The wait before reconnection attempt `retries` (0 first): doubling from 1 s
 * but capped, so that a subgraph back after a long outage is reconnected
 * within about ten seconds rather than after graphql-ws's uncapped 2^n s; the
 * jitter spreads the identities' reconnections to a restarted subgraph.
 */
export function retryDelayMs(retries: number, random: () => number = Math.random): number {
  return Math.min(1000 * 2 ** retries, MAX_RETRY_DELAY_MS) + Math.floor(random() * RETRY_JITTER_MS);
}

const isForbiddenClose = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === CloseCode.Forbidden;

/** What the gateway's subscribers are told when the subgraph's subscription fails. */
function upstreamErrors(error: unknown): readonly GraphQLFormattedError[] {
  // The subgraph's own `error` message: already formatted (and masked) by it.
  if (Array.isArray(error)) return error as GraphQLFormattedError[];
  // A subgraph refuses connection_init with 4403 when the token no longer verifies (it expired since).
  if (isForbiddenClose(error)) {
    const message = 'The token was refused when the subscription reconnected; subscribe again with a valid token';
    return [{ message, extensions: { code: 'UNAUTHENTICATED' } }];
  }
  // No code: the gateway's formatError masks it.
  return [{ message: 'The subgraph subscription failed' }];
}

interface SharedSubscription {
  listeners: Set<UpstreamListener>;
  unsubscribe: () => void;
  clientKey: string;
}

/**
 * The gateway's subscriptions to subgraphs over graphql-ws. A connection is
 * opened per (subgraph, client token), so the subgraph verifies the client's
 * own identity, as over HTTP; identical subscriptions of one identity (same
 * operation and variables, e.g. two tabs) share one upstream subscription.
 * When the last listener leaves, the upstream subscription ends, and with the
 * identity's last subscription its connection closes.
 */
export class UpstreamSubscriptions {
  /** Per (subgraph, token): the client and how many shared subscriptions use it. */
  private readonly clients = new Map<string, { client: Client; subscriptions: number }>();
  private readonly shared = new Map<string, SharedSubscription>();

  constructor(private readonly logger: Logger) {}

  /** Listens to the subgraph's results; the returned function stops listening. */
  listen(
    url: string,
    authorization: string,
    request: { query: string; variables: Record<string, unknown> },
    listener: UpstreamListener,
  ): () => void {
    const key = JSON.stringify([url, authorization, request.query, request.variables]);
    let subscription = this.shared.get(key);
    if (!subscription) {
      const listeners = new Set<UpstreamListener>();
      const clientKey = `${url}\n${authorization}`;
      const ended = (): void => {
        if (this.shared.get(key) === subscription) this.shared.delete(key);
        this.release(clientKey);
      };
      const unsubscribe = this.acquire(clientKey, url, authorization).subscribe(request, {
        next: (result) => {
          for (const each of listeners) each.next(result as ExecutionResult);
        },
        // graphql-ws delivers nothing more after either: each subscriber ends too, so its client can resubscribe.
        error: (error) => {
          this.logger.warn({ err: error, url }, 'upstream subscription failed');
          // Formatted errors, as the subgraph's own results carry them.
          const result = { errors: upstreamErrors(error) } as ExecutionResult;
          for (const each of listeners) {
            each.next(result);
            each.end();
          }
          ended();
        },
        complete: () => {
          for (const each of listeners) each.end();
          ended();
        },
      });
      subscription = { listeners, unsubscribe, clientKey };
      this.shared.set(key, subscription);
    }
    const joined = subscription;
    joined.listeners.add(listener);
    return () => {
      joined.listeners.delete(listener);
      if (joined.listeners.size === 0 && this.shared.get(key) === joined) {
        this.shared.delete(key);
        // graphql-ws completes the sink on unsubscribe, which releases the client.
        joined.unsubscribe();
      }
    };
  }

  /** Upstream subscriptions now open (shared ones count once). */
  get size(): number {
    return this.shared.size;
  }

  /** Connections to subgraphs now held (one per subgraph and identity). */
  get connections(): number {
    return this.clients.size;
  }

  async close(): Promise<void> {
    for (const subscription of this.shared.values()) subscription.unsubscribe();
    this.shared.clear();
    await Promise.all([...this.clients.values()].map(({ client }) => disposeClient(client)));
    this.clients.clear();
  }

  private acquire(clientKey: string, url: string, authorization: string): Client {
    let entry = this.clients.get(clientKey);
    if (!entry) {
      const client = createClient({
        url: url.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        connectionParams: { authorization },
        // Connects with the identity's first subscription and closes with its last.
        lazy: true,
        // A restarted subgraph: reconnect and resubscribe, but not with a token it refused (4403): that
        // would be refused forever, so the subscription fails instead and its client is told.
        retryAttempts: Infinity,
        shouldRetry: (error) => !isForbiddenClose(error),
        retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, retryDelayMs(retries))),
      });
      entry = { client, subscriptions: 0 };
      this.clients.set(clientKey, entry);
    }
    entry.subscriptions += 1;
    return entry.client;
  }

  /** A client no subscription uses any more is disposed, so tokens that come and go leave nothing behind. */
  private release(clientKey: string): void {
    const entry = this.clients.get(clientKey);
    if (!entry) return;
    entry.subscriptions -= 1;
    if (entry.subscriptions > 0) return;
    this.clients.delete(clientKey);
    void disposeClient(entry.client);
  }
}

/** graphql-ws's dispose rejects when a reconnection was pending; the client is gone either way. */
async function disposeClient(client: Client): Promise<void> {
  await Promise.resolve(client.dispose()).catch(() => undefined);
}
