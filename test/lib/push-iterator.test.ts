import { pushIterator } from '../../lib/push-iterator';

/** A source the test drives by hand: push, end, and whether the iterator stopped it. */
function manualSource<T>() {
  const source = {
    push: (_produce: () => Promise<T | null>): void => undefined,
    end: (): void => undefined,
    stops: 0,
  };
  const iterator = pushIterator<T>((push, end) => {
    source.push = push;
    source.end = end;
    return () => {
      source.stops += 1;
    };
  });
  return { source, iterator };
}

describe('pushIterator', () => {
  it('delivers what was pushed before its source ended, then completes', async () => {
    const { source, iterator } = manualSource<string>();
    source.push(async () => 'first');
    source.push(async () => null);
    source.push(async () => 'last');
    source.end();
    source.push(async () => 'after the end');

    expect(await iterator.next()).toEqual({ value: 'first', done: false });
    expect(await iterator.next()).toEqual({ value: 'last', done: false });
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
    expect(source.stops).toBe(1);
  });

  it('completes a consumer already waiting when its source ends', async () => {
    const { source, iterator } = manualSource<string>();
    const waiting = iterator.next();
    source.end();
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(source.stops).toBe(1);
  });

  it('finishes when producing a value fails: rejects once, stops the source, drops the queue', async () => {
    const { source, iterator } = manualSource<string>();
    const produced: string[] = [];
    source.push(async () => {
      throw new Error('database gone');
    });
    source.push(async () => {
      produced.push('queued');
      return 'queued';
    });

    await expect(iterator.next()).rejects.toThrow('database gone');
    expect(source.stops).toBe(1);
    source.push(async () => {
      produced.push('later');
      return 'later';
    });
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
    expect(produced).toEqual([]);
    // A consumer's return() afterwards stops nothing twice.
    await iterator.return!();
    expect(source.stops).toBe(1);
  });
});
