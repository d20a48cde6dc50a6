import { GraphQLError } from 'graphql';

/** The code of the error that ends a subscription whose client fell too far behind. */
export const SUBSCRIBER_TOO_SLOW = 'SUBSCRIBER_TOO_SLOW';

/**
 * Ends a subscription whose consumer (in the end, the client's socket) reads
 * more slowly than its events arrive, once `maxQueued` wait: its client is
 * told, and may subscribe again, rather than missing events unknowingly.
 */
export class SubscriberTooSlowError extends GraphQLError {
  constructor(maxQueued: number) {
    super(`More than ${maxQueued} events waited for this subscriber; subscribe again to resume`, {
      extensions: { code: SUBSCRIBER_TOO_SLOW },
    });
  }
}

/**
 * Events that may wait for a slow consumer before its iteration fails with
 * SubscriberTooSlowError: the process would otherwise hold (and in a subgraph,
 * later read from the database) every event a client on a slow link falls
 * behind by. Enough for a burst (one routing run, one relay page).
 */
export const DEFAULT_MAX_QUEUED = 1000;

type Produce<T> = () => Promise<T | null>;

/** Hands the iterator a producer; with a `key`, it replaces the producer of that key still waiting. */
export type Push<T> = (produce: Produce<T>, key?: string) => void;

export interface PushIteratorOptions {
  /** Producers that may wait; one more ends the iteration with SubscriberTooSlowError. */
  maxQueued?: number;
}

/** A producer waiting for the consumer; one with a key may be replaced while it waits. */
interface Waiting<T> {
  produce: Produce<T>;
  key: string | undefined;
}

/**
 * An async iterator over values that arrive by callback (an event bus, a
 * socket): `start` begins listening and returns how to stop. Each pushed
 * producer runs when the consumer asks for the next value, one at a time and
 * in push order; a producer resolving to null is skipped. A producer pushed
 * with a key replaces that key's producer still waiting, in its place in the
 * queue (for sources whose producers read current state, where only the
 * newest matters). The source calls `end` when it has nothing more to send:
 * the consumer still gets what was pushed before, then the iteration
 * completes. Ending the iteration (`return`: a client unsubscribed or went
 * away) stops the source, so nothing it holds outlives the consumer; so does
 * a queue past `maxQueued`, after which next() rejects once with
 * SubscriberTooSlowError.
 */
export function pushIterator<T>(
  start: (push: Push<T>, end: () => void) => () => void,
  options: PushIteratorOptions = {},
): AsyncIterableIterator<T> {
  const maxQueued = options.maxQueued ?? DEFAULT_MAX_QUEUED;
  const queue: Array<Waiting<T>> = [];
  const waitingByKey = new Map<string, Waiting<T>>();
  let wake: (() => void) | null = null;
  let done = false;
  let ended = false;
  let failure: SubscriberTooSlowError | null = null;
  let started = false;
  let stopped = false;
  const stopSource = (): void => {
    if (stopped) return;
    stopped = true;
    if (started) stop();
  };
  const dropQueue = (): void => {
    queue.length = 0;
    waitingByKey.clear();
  };

  const stop = start(
    (produce, key) => {
      if (done || ended) return;
      const waiting = key === undefined ? undefined : waitingByKey.get(key);
      if (waiting) {
        waiting.produce = produce;
        return;
      }
      if (queue.length >= maxQueued) {
        // Failed now rather than when the consumer gets there: the listener and the queue go at once.
        failure = new SubscriberTooSlowError(maxQueued);
        ended = true;
        dropQueue();
        stopSource();
        wake?.();
        return;
      }
      const next = { produce, key };
      queue.push(next);
      if (key !== undefined) waitingByKey.set(key, next);
      wake?.();
    },
    () => {
      ended = true;
      wake?.();
    },
  );
  started = true;
  // The source overflowed while starting, before its stop function existed.
  if (stopped) stop();

  const finish = async (): Promise<IteratorResult<T>> => {
    done = true;
    stopSource();
    dropQueue();
    wake?.();
    return { value: undefined, done: true };
  };

  const iterator: AsyncIterableIterator<T> = {
    async next(): Promise<IteratorResult<T>> {
      while (!done) {
        const pending = queue.shift();
        if (!pending) {
          if (failure) {
            const error = failure;
            // A rejected next() is final for its consumers (graphql-js, graphql-ws): none calls return() after it.
            await finish();
            throw error;
          }
          if (ended) return finish();
          await new Promise<void>((resolve) => (wake = resolve));
          wake = null;
          continue;
        }
        if (pending.key !== undefined) waitingByKey.delete(pending.key);
        let value: T | null;
        try {
          value = await pending.produce();
        } catch (error) {
          await finish();
          throw error;
        }
        if (value !== null && !done) return { value, done: false };
      }
      return { value: undefined, done: true };
    },
    return: finish,
    throw: async (error?: unknown) => {
      await finish();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
