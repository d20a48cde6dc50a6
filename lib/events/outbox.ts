import type { EntityManager } from 'typeorm';
import { insertRows } from '../db/plain-sql';
import { OutboxEventEntity } from './outbox-event.entity';
import type { TopicName } from './topics';

/** An event to record: what happened (topic) to which agent, lead or assignment. */
export interface OutboxRecord {
  topic: TopicName;
  aggregateId: string;
  payload: Record<string, unknown>;
}

/** Records an event inside the caller's transaction: it commits or rolls back with the change. */
export async function recordEvent(
  em: EntityManager,
  topic: TopicName,
  aggregateId: string,
  payload: Record<string, unknown>,
  now: Date = new Date(),
): Promise<void> {
  await recordEvents(em, [{ topic, aggregateId, payload }], now);
}

/** Records several events of one change in one statement, in the order given (their ids ascend). */
export async function recordEvents(
  em: EntityManager,
  records: readonly OutboxRecord[],
  now: Date = new Date(),
): Promise<void> {
  const events = records.map((record) => Object.assign(new OutboxEventEntity(), { ...record, createdAt: now }));
  await insertRows(em, OutboxEventEntity, events);
}
