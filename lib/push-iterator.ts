/**
 * An async iterator over values that arrive by callback (an event bus, a
 * socket): `start` begins listening and returns how to stop. Each pushed
 * producer runs when the consumer asks for the next value, one at a time and
 * in push order; a producer resolving to null is skipped. The source calls
 * `end` when it has nothing more to send: the consumer still gets what was
 * pushed before, then the iteration completes. Ending the iteration
 * (`return`: a client unsubscribed or went away) stops the source, so nothing
 * it holds outlives the consumer.
 */
export function pushIterator<T>(
  start: (push: (produce: () => Promise<T | null>) => void, end: () => void) => () => void,
): AsyncIterableIterator<T> {
  const queue: Array<() => Promise<T | null>> = [];
  let wake: (() => void) | null = null;
  let done = false;
  let ended = false;
  const stop = start(
    (produce) => {
      if (done || ended) return;
      queue.push(produce);
      wake?.();
    },
    () => {
      ended = true;
      wake?.();
    },
  );

  const finish = async (): Promise<IteratorResult<T>> => {
    if (!done) {
      done = true;
      stop();
    }
    queue.length = 0;
    wake?.();
    return { value: undefined, done: true };
  };

  const iterator: AsyncIterableIterator<T> = {
    async next(): Promise<IteratorResult<T>> {
      while (!done) {
        const produce = queue.shift();
        if (!produce) {
          if (ended) return finish();
          await new Promise<void>((resolve) => (wake = resolve));
          wake = null;
          continue;
        }
        let value: T | null;
        try {
          value = await produce();
        } catch (error) {
          // A rejected next() is final for its consumers (graphql-js, graphql-ws): none calls return() after it.
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
