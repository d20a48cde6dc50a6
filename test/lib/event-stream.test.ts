import { InProcessEventBus, type DomainEvent } from '../../lib/events/event-bus';
import { eventStream } from '../../lib/events/event-stream';
import { Topic } from '../../lib/events/topics';

const offer = (id: number, agentId: string): DomainEvent => ({
  id: String(id),
  topic: Topic.AssignmentOffered,
  aggregateId: `assignment-${id}`,
  payload: { agentId, assignmentId: `assignment-${id}` },
  occurredAt: new Date().toISOString(),
});

describe('eventStream', () => {
  it('yields the accepted events in order, each once, resolved when read, and stops listening when the consumer leaves', async () => {
    const bus = new InProcessEventBus();
    const resolvedAt: string[] = [];
    const stream = eventStream(bus, {
      topic: Topic.AssignmentOffered,
      agentId: 'a-1',
      resolve: async (event) => {
        resolvedAt.push(event.id);
        return event.id === '4' ? null : `offer ${event.id}`;
      },
    });
    expect(bus.listenerCount(Topic.AssignmentOffered)).toBe(1);
    await bus.publish([
      offer(1, 'a-1'),
      offer(2, 'a-2'),
      offer(1, 'a-1'),
      offer(3, 'a-1'),
      offer(4, 'a-1'),
      offer(5, 'a-1'),
    ]);
    // Nothing is resolved before the consumer asks: each delivery reads current state.
    expect(resolvedAt).toEqual([]);

    expect(await stream.next()).toEqual({ value: 'offer 1', done: false });
    expect(await stream.next()).toEqual({ value: 'offer 3', done: false });
    // Event 4 resolved to null (its row is gone) and is skipped.
    expect(await stream.next()).toEqual({ value: 'offer 5', done: false });
    expect(resolvedAt).toEqual(['1', '3', '4', '5']);

    await stream.return!();
    expect(bus.listenerCount(Topic.AssignmentOffered)).toBe(0);
    await bus.publish([offer(6, 'a-1')]);
    expect(await stream.next()).toEqual({ value: undefined, done: true });
  });

  it('stops listening when resolving an event fails, though its consumer never calls return()', async () => {
    const bus = new InProcessEventBus();
    const stream = eventStream(bus, {
      topic: Topic.AssignmentOffered,
      agentId: 'a-1',
      resolve: async (event) => {
        if (event.id === '1') throw new Error('database gone');
        return event.id;
      },
    });
    await bus.publish([offer(1, 'a-1'), offer(2, 'a-1')]);

    // graphql-js and graphql-ws treat a rejected next() as the end and never call return().
    await expect(stream.next()).rejects.toThrow('database gone');
    expect(bus.listenerCount(Topic.AssignmentOffered)).toBe(0);
    expect(await stream.next()).toEqual({ value: undefined, done: true });
  });

  it('wakes a waiting consumer when an event arrives', async () => {
    const bus = new InProcessEventBus();
    const stream = eventStream(bus, {
      topic: Topic.AssignmentOffered,
      agentId: null,
      resolve: async (event) => event.id,
    });
    const next = stream.next();
    await bus.publish([offer(7, 'a-1')]);
    expect(await next).toEqual({ value: '7', done: false });
    await stream.return!();
  });

  it("hands each event only to its agent's streams and to those of every agent, through one listener on the bus", async () => {
    const bus = new InProcessEventBus();
    const streamOf = (agentId: string | null): AsyncIterableIterator<string> =>
      eventStream(bus, { topic: Topic.AssignmentOffered, agentId, resolve: async (event) => event.id });
    const [first, second, everyone] = [streamOf('a-1'), streamOf('a-2'), streamOf(null)];
    expect(bus.listenerCount(Topic.AssignmentOffered)).toBe(1);

    await bus.publish([offer(1, 'a-1'), offer(2, 'a-2'), offer(3, 'a-3'), offer(4, 'a-1')]);
    const taken = async (stream: AsyncIterableIterator<string>, count: number): Promise<string[]> => {
      const values: string[] = [];
      for (let i = 0; i < count; i += 1) values.push((await stream.next()).value as string);
      return values;
    };
    expect(await taken(first, 2)).toEqual(['1', '4']);
    expect(await taken(second, 1)).toEqual(['2']);
    expect(await taken(everyone, 4)).toEqual(['1', '2', '3', '4']);

    // Agent a-1's stream ends; a-2's and everyone's still listen, and a-1's events reach only everyone's.
    await first.return!();
    await bus.publish([offer(5, 'a-1'), offer(6, 'a-2')]);
    expect(await taken(second, 1)).toEqual(['6']);
    expect(await taken(everyone, 2)).toEqual(['5', '6']);
    expect(bus.listenerCount(Topic.AssignmentOffered)).toBe(1);

    await second.return!();
    await everyone.return!();
    expect(bus.listenerCount(Topic.AssignmentOffered)).toBe(0);
    // A stream opened after all had left listens again.
    const again = streamOf('a-1');
    expect(bus.listenerCount(Topic.AssignmentOffered)).toBe(1);
    await bus.publish([offer(7, 'a-1')]);
    expect(await again.next()).toEqual({ value: '7', done: false });
    await again.return!();
  });
});
