import { createClient, type Client } from 'graphql-ws';
import type { ExecutionResult } from 'graphql';
import WebSocket from 'ws';
import type { Logger } from '../../lib/logger';

type Listener = (result: ExecutionResult) => void;

interface SharedSubscription {
  listeners: Set<Listener>;
  unsubscribe: () => void;
}

/** How long an upstream connection without subscriptions stays open for the next one. */
const IDLE_CONNECTION_MS = 5000;

/**
 * The gateway's subscriptions to subgraphs over graphql-ws. A connection is
 * opened per (subgraph, client token), so the subgraph verifies the client's
 * own identity, as over HTTP; identical subscriptions of one identity (same
 * operation and variables, e.g. two tabs) share one upstream subscription.
 * When the last listener leaves, the upstream subscription ends, and an idle
 * connection closes soon after.
 */
export class UpstreamSubscriptions {
  private readonly clients = new Map<string, Client>();
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
      const unsubscribe = this.client(url, authorization).subscribe(request, {
        next: (result) => {
          for (const each of listeners) each(result as ExecutionResult);
        },
        error: (error) => {
          const errors = Array.isArray(error) ? error : [{ message: 'The subgraph subscription failed' }];
          this.logger.warn({ err: error, url }, 'upstream subscription failed');
          for (const each of listeners) each({ errors } as ExecutionResult);
          this.shared.delete(key);
        },
        complete: () => this.shared.delete(key),
      });
      subscription = { listeners, unsubscribe };
      this.shared.set(key, subscription);
    }
    const joined = subscription;
    joined.listeners.add(listener);
    return () => {
      joined.listeners.delete(listener);
      if (joined.listeners.size === 0 && this.shared.get(key) === joined) {
        this.shared.delete(key);
        joined.unsubscribe();
      }
    };
  }

  /** Upstream subscriptions now open (shared ones count once). */
  get size(): number {
    return this.shared.size;
  }

  async close(): Promise<void> {
    for (const subscription of this.shared.values()) subscription.unsubscribe();
    this.shared.clear();
    await Promise.all([...this.clients.values()].map((client) => client.dispose()));
    this.clients.clear();
  }

  private client(url: string, authorization: string): Client {
    const key = `${url}\n${authorization}`;
    let client = this.clients.get(key);
    if (!client) {
      client = createClient({
        url: url.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        connectionParams: { authorization },
        lazy: true,
        lazyCloseTimeout: IDLE_CONNECTION_MS,
        // A restarted subgraph: reconnect and resubscribe.
        retryAttempts: Infinity,
        shouldRetry: () => true,
      });
      this.clients.set(key, client);
    }
    return client;
  }
}
