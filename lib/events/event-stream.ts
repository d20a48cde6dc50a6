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
