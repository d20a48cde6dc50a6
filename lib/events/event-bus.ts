import { EventEmitter } from 'node:events';
import type { TopicName } from './topics';

/** An outbox event as it travels to subscribers, after its transaction committed. */
export interface DomainEvent {
  /** The outbox row's id: unique and increasing, so consumers can drop a repeated delivery. */
  id: string;
  topic: TopicName;
  aggregateId: string;
  payload: Record<string, unknown>;
  /** When the change committed (ISO 8601). */
  occurredAt: string;
}

export type EventListener = (event: DomainEvent) => void;

/**
 * How committed events reach the processes that serve subscriptions. The
 * outbox relay publishes; subscription resolvers listen. Delivery is at least
 * once: a listener may see an event again, never miss one the relay published.
 */
export interface EventBus {
  /** Resolves once the transport holds the events; rejects (and the relay retries) when it is unreachable. */
  publish(events: readonly DomainEvent[]): Promise<void>;
  /** Listens to one topic until the returned function is called. */
  subscribe(topic: TopicName, listener: EventListener): () => void;
  close(): Promise<void>;
}

/** Without REDIS_URL: events reach the subscriptions of this process only (the all-in-one `npm start`). */
export class InProcessEventBus implements EventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Every subscription of the process is a listener of its topic.
    this.emitter.setMaxListeners(0);
  }

  async publish(events: readonly DomainEvent[]): Promise<void> {
    for (const event of events) this.emitter.emit(event.topic, event);
  }

  subscribe(topic: TopicName, listener: EventListener): () => void {
    this.emitter.on(topic, listener);
    return () => this.emitter.off(topic, listener);
  }

  /** How many subscriptions of this process listen to the topic. */
  listenerCount(topic: TopicName): number {
    return this.emitter.listenerCount(topic);
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}
