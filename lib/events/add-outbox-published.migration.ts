import type { MigrationInterface, QueryRunner } from 'typeorm';

/** MySQL's "duplicate column" and "duplicate key name": another subgraph's start added them first. */
const ALREADY_THERE = new Set(['ER_DUP_FIELDNAME', 'ER_DUP_KEYNAME']);

/**
 * When the relay published each event: NULL until then, so a crash between a
 * commit and its publication, or a Redis outage, leaves the event to publish
 * later rather than losing it. Shared like the table itself: every subgraph
 * that writes events lists this migration, and a second run changes nothing.
 */
export class AddOutboxPublished1732700000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    if (await queryRunner.hasColumn('outbox_events', 'published_at')) return;
    const mysql = queryRunner.connection.options.type === 'mysql';
    const statements = mysql
      ? [
          'ALTER TABLE outbox_events ADD COLUMN published_at DATETIME(3) NULL',
          'CREATE INDEX ix_outbox_events_unpublished ON outbox_events (published_at, id)',
        ]
      : [
          'ALTER TABLE outbox_events ADD COLUMN published_at DATETIME NULL',
          'CREATE INDEX IF NOT EXISTS ix_outbox_events_unpublished ON outbox_events (published_at, id)',
        ];
    for (const statement of statements) {
      try {
        await queryRunner.query(statement);
      } catch (error) {
        const code = (error as { driverError?: { code?: string } }).driverError?.code;
        if (!code || !ALREADY_THERE.has(code)) throw error;
      }
    }
    // Events from before live delivery existed are history, not a backlog to push to today's subscribers.
    await queryRunner.query('UPDATE outbox_events SET published_at = created_at WHERE published_at IS NULL');
  }

  async down(): Promise<void> {
    // Shared with the other subgraphs: one subgraph rolling back must not take the column from them.
  }
}
