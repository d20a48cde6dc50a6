import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** The routing worker's queue scan: QUEUED (and stranded NEW) leads, oldest first. */
export class AddLeadQueueIndex1732500200000 implements MigrationInterface {
  name = 'AddLeadQueueIndex1732500200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      'leads',
      new TableIndex({ name: 'ix_leads_status_created', columnNames: ['status', 'created_at'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('leads', 'ix_leads_status_created');
  }
}
