import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Routing's prior pools agents by certification for the product line. */
export class AddCertifiedToConversionStats1732500300000 implements MigrationInterface {
  name = 'AddCertifiedToConversionStats1732500300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'agent_conversion_stats',
      new TableColumn({ name: 'certified', type: 'boolean', default: false }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('agent_conversion_stats', 'certified');
  }
}
