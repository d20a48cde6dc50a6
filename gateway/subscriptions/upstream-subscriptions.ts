import { createClient, type Client } from 'graphql-ws';
import type { ExecutionResult } from 'graphql';
import WebSocket from 'ws';
import type { Logger } from '../../lib/logger';

type Listener = (result: ExecutionResult) => void;

interface SharedSubscription {
  listeners: Set<Listener>;
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
    listener: Listener,
  ): () => void {
    const key = JSON.stringify([url, authorization, request.query, request.variables]);
    let subscription = this.shared.get(key);
    if (!subscription) {
      const listeners = new Set<Listener>();
      const clientKey = `${url}\n${authorization}`;
      const ended = (): void => {
        if (this.shared.get(key) === subscription) this.shared.delete(key);
        this.release(clientKey);
      };
      const unsubscribe = this.acquire(clientKey, url, authorization).subscribe(request, {
        next: (result) => {
          for (const each of listeners) each(result as ExecutionResult);
        },
        error: (error) => {
          const errors = Array.isArray(error) ? error : [{ message: 'The subgraph subscription failed' }];
          this.logger.warn({ err: error, url }, 'upstream subscription failed');
          for (const each of listeners) each({ errors } as ExecutionResult);
          ended();
        },
        complete: ended,
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
    await Promise.all([...this.clients.values()].map(({ client }) => client.dispose()));
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
        // A restarted subgraph: reconnect and resubscribe.
        retryAttempts: Infinity,
        shouldRetry: () => true,
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
    void entry.client.dispose();
  }
}
