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

  async up(queryRunner: QueryRunner): Promise<void> {
    await composeStoredEmails(queryRunner);
    await setCollation(queryRunner, 'utf8mb4_bin');
  }

  /** Fails while two partners' ids differ only in case and share an external id: unicode_ci would make them one key. */
  down(queryRunner: QueryRunner): Promise<void> {
    return setCollation(queryRunner, 'utf8mb4_unicode_ci');
  }
}

/**
 * Emails stored before were lower-cased but not composed: josé@ typed with a
 * combining accent matched the composed spelling under unicode_ci, and would
 * match nothing byte by byte. Only addresses with a non-ASCII character can
 * change, and those are few.
 */
async function composeStoredEmails(queryRunner: QueryRunner): Promise<void> {
  const mysql = queryRunner.connection.options.type === 'mysql';
  const nonAscii = mysql ? 'LENGTH(email) <> CHAR_LENGTH(email)' : 'length(CAST(email AS BLOB)) <> length(email)';
  const rows: Array<{ id: string; email: string }> = await queryRunner.query(
    `SELECT id, email FROM leads WHERE email IS NOT NULL AND ${nonAscii}`,
  );
  for (const { id, email } of rows) {
    const composed = email.normalize('NFC');
    if (composed !== email) await queryRunner.query('UPDATE leads SET email = ? WHERE id = ?', [composed, id]);
  }
}

async function setCollation(queryRunner: QueryRunner, collation: string): Promise<void> {
  if (queryRunner.connection.options.type !== 'mysql') return;
  await queryRunner.query(
    `ALTER TABLE \`leads\` MODIFY \`partner_id\` VARCHAR(64) CHARACTER SET utf8mb4 COLLATE ${collation} NOT NULL, ` +
      `MODIFY \`email\` VARCHAR(254) CHARACTER SET utf8mb4 COLLATE ${collation} NULL`,
  );
}
