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
      accept: (event) => event.payload.agentId === 'a-1',
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

  it('wakes a waiting consumer when an event arrives', async () => {
    const bus = new InProcessEventBus();
    const stream = eventStream(bus, {
      topic: Topic.AssignmentOffered,
      accept: () => true,
      resolve: async (event) => event.id,
    });
    const next = stream.next();
    await bus.publish([offer(7, 'a-1')]);
    expect(await next).toEqual({ value: '7', done: false });
    await stream.return!();
  });
});
