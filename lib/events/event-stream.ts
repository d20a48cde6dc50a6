import { NotFoundError } from '../errors';
import { pushIterator } from '../push-iterator';
import type { DomainEvent, EventBus, EventListener } from './event-bus';
import type { TopicName } from './topics';

/** Ids remembered per stream to drop a repeated delivery (the relay publishes at least once). */
const REMEMBERED_IDS = 1000;

export interface EventStreamOptions<T> {
  topic: TopicName;
  /** The events of one agent (their `payload.agentId`), or of every agent (null). */
  agentId: string | null;
  /**
   * Turns an accepted event into what the subscription yields, read fresh at
   * delivery (never state from when the subscription began); null skips it.
   */
  resolve: (event: DomainEvent) => Promise<T | null>;
  /**
   * At most one event per agent waits for a slow subscriber: a newer one
   * replaces it, in its place. Only for streams whose `resolve` reads the
   * agent's current state, where the newer event yields what the older would
   * have; their backlog is bounded by the number of agents. Without it, a
   * backlog of DEFAULT_MAX_QUEUED events ends the stream with
   * SUBSCRIBER_TOO_SLOW (push-iterator).
   */
  latestPerAgent?: boolean;
}

/**
 * A GraphQL subscription's source: the events of one topic for its agent (or
 * every agent), resolved one after another in the order they arrived, each
 * delivered once (with `latestPerAgent`, the newest of an agent's waiting
 * events instead). Ending the iteration (the client unsubscribed or
 * disconnected) removes the listener; so do an event that fails to resolve
 * and a subscriber too far behind, which end the stream with their error.
 */
export function eventStream<T>(bus: EventBus, options: EventStreamOptions<T>): AsyncIterableIterator<T> {
  const seen = new Set<string>();
  const latestPerAgent = options.latestPerAgent === true;
  return pushIterator<T>(
    (push) =>
      listenByAgent(bus, options.topic, options.agentId, (event) => {
        if (seen.has(event.id)) return;
        seen.add(event.id);
        if (seen.size > REMEMBERED_IDS) seen.delete(seen.values().next().value as string);
        const agentId = event.payload.agentId;
        push(() => options.resolve(event), latestPerAgent && typeof agentId === 'string' ? agentId : undefined);
      }),
    latestPerAgent ? { maxQueued: Infinity } : {},
  );
}

/**
 * The streams of one topic on one bus, by agent, behind a single bus
 * listener: an event reaches only its own agent's streams and those of every
 * agent. Each stream filtering every event for itself had cost the leads
 * subgraph a seventh of its CPU with 1,000 agents subscribed at 100 offers/s.
 */
class AgentStreams {
  private readonly byAgent = new Map<string, Set<EventListener>>();
  private readonly everyAgent = new Set<EventListener>();
  private size = 0;
  private stopListening: (() => void) | null = null;

  constructor(
    private readonly bus: EventBus,
    private readonly topic: TopicName,
  ) {}

  add(agentId: string | null, listener: EventListener): () => void {
    let listeners = this.everyAgent;
    if (agentId !== null) {
      listeners = this.byAgent.get(agentId) ?? new Set();
      this.byAgent.set(agentId, listeners);
    }
    listeners.add(listener);
    this.size += 1;
    this.stopListening ??= this.bus.subscribe(this.topic, (event) => this.dispatch(event));
    return () => {
      if (!listeners.delete(listener)) return;
      if (agentId !== null && listeners.size === 0) this.byAgent.delete(agentId);
      this.size -= 1;
      if (this.size > 0) return;
      this.stopListening?.();
      this.stopListening = null;
    };
  }

  private dispatch(event: DomainEvent): void {
    const agentId = event.payload.agentId;
    const own = typeof agentId === 'string' ? this.byAgent.get(agentId) : undefined;
    // Copied: a listener may end its own stream, or another's, while being called.
    for (const listener of [...(own ?? []), ...this.everyAgent]) listener(event);
  }
}

const agentStreams = new WeakMap<EventBus, Map<TopicName, AgentStreams>>();

function listenByAgent(bus: EventBus, topic: TopicName, agentId: string | null, listener: EventListener): () => void {
  let topics = agentStreams.get(bus);
  if (!topics) agentStreams.set(bus, (topics = new Map()));
  let streams = topics.get(topic);
  if (!streams) topics.set(topic, (streams = new AgentStreams(bus, topic)));
  return streams.add(agentId, listener);
}

/**
 * Reads an event's entity for delivery with fresh loaders, set on the
 * subscription's context so that the resolvers of its fields read current
 * state too (events are resolved one at a time, so none sees another's).
 * Null, skipping the event, when the entity is gone since.
 */
export async function loadForEvent<Loaders, T>(
  ctx: { loaders: Loaders },
  createLoaders: () => Loaders,
  load: (loaders: Loaders) => Promise<T>,
): Promise<T | null> {
  ctx.loaders = createLoaders();
  try {
    return await load(ctx.loaders);
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}
