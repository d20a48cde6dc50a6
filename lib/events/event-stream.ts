import { NotFoundError } from '../errors';
import { pushIterator } from '../push-iterator';
import type { DomainEvent, EventBus } from './event-bus';
import type { TopicName } from './topics';

/** Ids remembered per stream to drop a repeated delivery (the relay publishes at least once). */
const REMEMBERED_IDS = 1000;

export interface EventStreamOptions<T> {
  topic: TopicName;
  /** Which events this subscriber wants (e.g. those of its agent). */
  accept: (event: DomainEvent) => boolean;
  /**
   * Turns an accepted event into what the subscription yields, read fresh at
   * delivery (never state from when the subscription began); null skips it.
   */
  resolve: (event: DomainEvent) => Promise<T | null>;
}

/**
 * A GraphQL subscription's source: the accepted events of one topic, resolved
 * one after another in the order they arrived, each delivered once. Ending the
 * iteration (the client unsubscribed or disconnected) removes the listener.
 */
export function eventStream<T>(bus: EventBus, options: EventStreamOptions<T>): AsyncIterableIterator<T> {
  const seen = new Set<string>();
  return pushIterator<T>((push) =>
    bus.subscribe(options.topic, (event) => {
      if (seen.has(event.id) || !options.accept(event)) return;
      seen.add(event.id);
      if (seen.size > REMEMBERED_IDS) seen.delete(seen.values().next().value as string);
      push(() => options.resolve(event));
    }),
  );
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
