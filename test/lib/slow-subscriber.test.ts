import { InProcessEventBus, type DomainEvent } from '../../lib/events/event-bus';
import { eventStream } from '../../lib/events/event-stream';
import { Topic, type TopicName } from '../../lib/events/topics';
import { DEFAULT_MAX_QUEUED, pushIterator } from '../../lib/push-iterator';

let nextId = 0;
const eventOf = (topic: TopicName, agentId: string): DomainEvent => {
  nextId += 1;
  return {
    id: String(nextId),
    topic,
    aggregateId: agentId,
    payload: { agentId, assignmentId: `assignment-${nextId}`, freed: false },
    occurredAt: new Date().toISOString(),
  };
};

const offers = (count: number, agentId = 'a-1'): DomainEvent[] =>
  Array.from({ length: count }, () => eventOf(Topic.AssignmentOffered, agentId));

describe('a subscriber that reads more slowly than its events arrive', () => {
  it(`ends an offer stream more than ${DEFAULT_MAX_QUEUED} events behind with SUBSCRIBER_TOO_SLOW, letting go of its backlog at once`, async () => {
    const bus = new InProcessEventBus();
    const resolved: string[] = [];
    const stream = eventStream(bus, {
      topic: Topic.AssignmentOffered,
      agentId: 'a-1',
      resolve: async (event) => {
        resolved.push(event.id);
        return event.id;
      },
    });
    const backlog = offers(DEFAULT_MAX_QUEUED);
    await bus.publish(backlog);
    // A full backlog is still served: bursts are normal.
    expect(await stream.next()).toEqual({ value: backlog[0].id, done: false });
    expect(bus.listenerCount(Topic.AssignmentOffered)).toBe(1);

    await bus.publish(offers(2));
    // The stream stopped listening and dropped what waited, before its consumer came back.
    expect(bus.listenerCount(Topic.AssignmentOffered)).toBe(0);
    await expect(stream.next()).rejects.toMatchObject({ extensions: { code: 'SUBSCRIBER_TOO_SLOW' } });
    expect(await stream.next()).toEqual({ value: undefined, done: true });
    expect(resolved).toEqual([backlog[0].id]);
  });

  it("keeps only each agent's newest capacity event waiting, in the order the agents first changed", async () => {
    const bus = new InProcessEventBus();
    const resolved: string[] = [];
    const stream = eventStream(bus, {
      topic: Topic.CapacityChanged,
      agentId: null,
      resolve: async (event) => {
        resolved.push(event.id);
        return `${String(event.payload.agentId)}@${event.id}`;
      },
      latestPerAgent: true,
    });
    const changes = ['a-1', 'a-2', 'a-1', 'a-3', 'a-2', 'a-1'].map((agentId) =>
      eventOf(Topic.CapacityChanged, agentId),
    );
    await bus.publish(changes);

    const values = [];
    for (let i = 0; i < 3; i += 1) values.push((await stream.next()).value);
    expect(values).toEqual([`a-1@${changes[5].id}`, `a-2@${changes[4].id}`, `a-3@${changes[3].id}`]);
    // The replaced events were never read from the database.
    expect(resolved).toEqual([changes[5].id, changes[4].id, changes[3].id]);

    // An agent's change while its previous one is being delivered is delivered too, not merged into it.
    const inFlight = stream.next();
    const first = eventOf(Topic.CapacityChanged, 'a-1');
    const second = eventOf(Topic.CapacityChanged, 'a-1');
    await bus.publish([first]);
    // Every pending callback runs: the consumer has taken `first` and is reading it.
    await new Promise(setImmediate);
    expect(resolved.at(-1)).toBe(first.id);
    await bus.publish([second]);
    expect(await inFlight).toEqual({ value: `a-1@${first.id}`, done: false });
    expect(await stream.next()).toEqual({ value: `a-1@${second.id}`, done: false });
    await stream.return!();
  });

  it('never ends a capacity stream for being behind: its backlog is one event per agent', async () => {
    const bus = new InProcessEventBus();
    const stream = eventStream(bus, {
      topic: Topic.CapacityChanged,
      agentId: null,
      resolve: async (event) => String(event.payload.agentId),
      latestPerAgent: true,
    });
    const agents = Array.from({ length: 10 }, (_, index) => `a-${index}`);
    for (let round = 0; round < 500; round += 1) {
      await bus.publish(agents.map((agentId) => eventOf(Topic.CapacityChanged, agentId)));
    }

    const delivered = [];
    for (let i = 0; i < agents.length; i += 1) delivered.push((await stream.next()).value);
    expect(delivered).toEqual(agents);
    expect(bus.listenerCount(Topic.CapacityChanged)).toBe(1);
    await stream.return!();
  });

  it('fails with the limit it was given, counting waiting producers only', async () => {
    let push!: (produce: () => Promise<number | null>) => void;
    let stops = 0;
    const iterator = pushIterator<number>(
      (give) => {
        push = give;
        return () => {
          stops += 1;
        };
      },
      { maxQueued: 2 },
    );
    push(async () => 1);
    push(async () => 2);
    expect(await iterator.next()).toEqual({ value: 1, done: false });
    push(async () => 3);
    expect(stops).toBe(0);
    push(async () => 4);
    expect(stops).toBe(1);
    await expect(iterator.next()).rejects.toThrow('More than 2 events waited for this subscriber');
    // A consumer's return() afterwards stops nothing twice.
    await iterator.return!();
    expect(stops).toBe(1);
  });
});
