import type { EntityManager } from 'typeorm';
import { insertRows, insertStatement, type Statement } from '../db/plain-sql';
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
  await insertRows(em, OutboxEventEntity, outboxEvents(records, now));
}

/** recordEvents' INSERT, for records.length > 0, to send with other statements. */
export function eventsStatement(em: EntityManager, records: readonly OutboxRecord[], now: Date): Statement {
  return insertStatement(em, OutboxEventEntity, outboxEvents(records, now));
}

function outboxEvents(records: readonly OutboxRecord[], now: Date): OutboxEventEntity[] {
  return records.map((record) => Object.assign(new OutboxEventEntity(), { ...record, createdAt: now }));
}
