import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Partner ids and emails compared byte by byte on MySQL/MariaDB, as SQLite
 * always compared them. Under utf8mb4_unicode_ci partner "ACME" submitting
 * the external id "order-1" got back partner "acme"'s lead (the idempotency
 * key matched across partners) and `leads` as "acme" listed "Acme"'s leads;
 * and josé@example.org was a DUPLICATE of jose@example.org, so a different
 * consumer was never routed. Emails are stored lower-cased and in NFC
 * (lead.validation), so equal addresses are equal bytes.
 */
export class ExactPartnerAndEmail1733200000000 implements MigrationInterface {
  name = 'ExactPartnerAndEmail1733200000000';

  up(queryRunner: QueryRunner): Promise<void> {
    return setCollation(queryRunner, 'utf8mb4_bin');
  }

  down(queryRunner: QueryRunner): Promise<void> {
    return setCollation(queryRunner, 'utf8mb4_unicode_ci');
  }
}

async function setCollation(queryRunner: QueryRunner, collation: string): Promise<void> {
  if (queryRunner.connection.options.type !== 'mysql') return;
  await queryRunner.query(
    `ALTER TABLE \`leads\` MODIFY \`partner_id\` VARCHAR(64) CHARACTER SET utf8mb4 COLLATE ${collation} NOT NULL, ` +
      `MODIFY \`email\` VARCHAR(254) CHARACTER SET utf8mb4 COLLATE ${collation} NULL`,
  );
}
