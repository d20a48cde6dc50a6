import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { DATETIME } from '../db/columns';

/**
 * A domain event written in the same transaction as the change it describes
 * (the transactional outbox): it exists exactly when the change committed.
 * Routing polls it to wake the queue; the live-event relay publishes it.
 */
@Entity('outbox_events')
@Index('ix_outbox_events_topic_id', ['topic', 'id'])
@Index('ix_outbox_events_unpublished', ['publishedAt', 'id'])
export class OutboxEventEntity {
  @PrimaryGeneratedColumn('increment')
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  topic!: string;

  /** The id of the agent, lead or assignment the event is about. */
  @Column({ name: 'aggregate_id', type: 'varchar', length: 36 })
  aggregateId!: string;

  @Column({ type: 'simple-json' })
  payload!: Record<string, unknown>;

  @Column({ name: 'created_at', ...DATETIME })
  createdAt!: Date;

  /** When the relay handed the event to the event bus; NULL until then. */
  @Column({ name: 'published_at', ...DATETIME, nullable: true })
  publishedAt?: Date | null;
}
