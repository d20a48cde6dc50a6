import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every subgraph that writes events lists this migration, so whichever starts
 * first creates the shared table; `IF NOT EXISTS` makes concurrent starts safe.
 */
export class CreateOutboxEvents1732500000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'mysql') {
      await queryRunner.query(`CREATE TABLE IF NOT EXISTS outbox_events (
        id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
        topic VARCHAR(64) NOT NULL,
        aggregate_id VARCHAR(36) NOT NULL,
        payload TEXT NOT NULL,
        created_at DATETIME(3) NOT NULL,
        KEY ix_outbox_events_topic_id (topic, id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    } else {
      await queryRunner.query(`CREATE TABLE IF NOT EXISTS outbox_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        topic VARCHAR(64) NOT NULL,
        aggregate_id VARCHAR(36) NOT NULL,
        payload TEXT NOT NULL,
        created_at DATETIME NOT NULL
      )`);
      await queryRunner.query(`CREATE INDEX IF NOT EXISTS ix_outbox_events_topic_id ON outbox_events (topic, id)`);
    }
  }

  async down(): Promise<void> {
    // Shared with the other subgraphs: one subgraph rolling back must not drop their events.
  }
}
