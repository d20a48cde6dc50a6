import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { OutboxEventEntity } from './outbox-event.entity';
import type { TopicName } from './topics';

/** Records an event inside the caller's transaction: it commits or rolls back with the change. */
export async function recordEvent(
  em: EntityManager,
  topic: TopicName,
  aggregateId: string,
  payload: Record<string, unknown>,
  now: Date = new Date(),
): Promise<void> {
  const event = Object.assign(new OutboxEventEntity(), { topic, aggregateId, payload, createdAt: now });
  // The JSON payload column is typed loosely; insert() skips save()'s extra SELECT.
  await em.insert(OutboxEventEntity, event as QueryDeepPartialEntity<OutboxEventEntity>);
}
