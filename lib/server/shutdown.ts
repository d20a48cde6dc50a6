import { OutboxRelay } from '../events/outbox-relay';
import type { BackgroundWorker } from '../federation/subgraph-module';

/** What a process closes, in the order it closes them (`closeInOrder`). */
export interface ProcessParts {
  /**
   * What takes work from outside, closed stage after stage (the gateway
   * before the subgraphs it calls); each resolves once it takes no more work
   * and what it took is done.
   */
  servers: Array<() => Promise<unknown>>;
  /**
   * Stopped only then: the outbox relay publishes the events of the last
   * requests, and the routing worker routes their leads, instead of leaving
   * them to the next instance to start.
   */
  workers: BackgroundWorker[];
  /** What the servers and workers used (the pool, the event bus), closed last, in order. */
  resources: Array<() => Promise<unknown>>;
}

/**
 * Closes a process's parts in their order; a part that fails to close does
 * not keep the later ones open (a live pool or worker would keep the process
 * running). Rejects with the first failure once all had their turn.
 */
export async function closeInOrder(parts: ProcessParts): Promise<void> {
  const failures: unknown[] = [];
  const attempt = async (close: () => Promise<unknown>): Promise<void> => {
    try {
      await close();
    } catch (error) {
      failures.push(error);
    }
  };
  for (const close of parts.servers) await attempt(close);
  // Relays last: the other workers' final ticks (an expiry, a re-offer) commit events too.
  const relays = parts.workers.filter((worker) => worker instanceof OutboxRelay);
  const others = parts.workers.filter((worker) => !(worker instanceof OutboxRelay));
  await Promise.all(others.map((worker) => attempt(() => worker.stop())));
  await Promise.all(relays.map((worker) => attempt(() => worker.stop())));
  for (const close of parts.resources) await attempt(close);
  if (failures.length > 0) throw failures[0];
}

/** Closes servers and pools on SIGTERM (orchestrators) or SIGINT (Ctrl-C), then exits. */
export function closeOnSignals(close: () => Promise<void>): void {
  const shutdown = (): void => {
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}
