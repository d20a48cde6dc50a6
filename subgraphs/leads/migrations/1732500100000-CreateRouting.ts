import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { newId } from '../../../lib/domain/ids';
import { DEFAULT_RULE_SET } from '../rule-set/default-rule-set';

/** Rule sets (with the default as version 1), routing decisions and assignments. */
export class CreateRouting1732500100000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const isMysql = queryRunner.connection.options.type === 'mysql';
    // A decision lists every candidate; TEXT (64 KiB) holds a few hundred, MEDIUMTEXT any territory.
    const bigText = isMysql ? 'mediumtext' : 'text';
    await queryRunner.createTable(
      new Table({
        name: 'rule_sets',
        columns: [
          { name: 'id', type: 'char', length: '36', isPrimary: true },
          { name: 'version', type: 'int', isUnique: true },
          { name: 'rules', type: 'text' },
          { name: 'published_at', type: 'datetime', precision: 3 },
          { name: 'published_by', type: 'varchar', length: '128' },
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'routing_decisions',
        columns: [
          { name: 'id', type: 'char', length: '36', isPrimary: true },
          { name: 'lead_id', type: 'char', length: '36' },
          { name: 'rule_set_version', type: 'int' },
          { name: 'rule_name', type: 'varchar', length: '100', isNullable: true },
          { name: 'chosen_agent_id', type: 'char', length: '36', isNullable: true },
          { name: 'chosen_probability', type: 'double', isNullable: true },
          { name: 'queued_reason', type: 'varchar', length: '500', isNullable: true },
          { name: 'trigger', type: 'varchar', length: '16' },
          { name: 'candidates', type: bigText },
          { name: 'created_at', type: 'datetime', precision: 3 },
        ],
        indices: [new TableIndex({ name: 'ix_routing_decisions_lead', columnNames: ['lead_id', 'created_at'] })],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'assignments',
        columns: [
          { name: 'id', type: 'char', length: '36', isPrimary: true },
          { name: 'lead_id', type: 'char', length: '36' },
          { name: 'agent_id', type: 'char', length: '36' },
          { name: 'decision_id', type: 'char', length: '36' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'open_lead_id', type: 'char', length: '36', isNullable: true },
          { name: 'offered_at', type: 'datetime', precision: 3 },
          { name: 'expires_at', type: 'datetime', precision: 3, isNullable: true },
          { name: 'responded_at', type: 'datetime', precision: 3, isNullable: true },
          { name: 'closed_at', type: 'datetime', precision: 3, isNullable: true },
          { name: 'decline_reason', type: 'varchar', length: '500', isNullable: true },
        ],
        indices: [
          new TableIndex({ name: 'ix_assignments_lead', columnNames: ['lead_id', 'offered_at'] }),
          new TableIndex({ name: 'ix_assignments_agent_status', columnNames: ['agent_id', 'status'] }),
          new TableIndex({ name: 'ix_assignments_status_expires', columnNames: ['status', 'expires_at'] }),
          new TableIndex({ name: 'uq_assignments_open_lead', columnNames: ['open_lead_id'], isUnique: true }),
        ],
      }),
      true,
    );
    // Plain SQL rather than `manager.insert('rule_sets', …)`: with RuleSetEntity registered (as in the
    // leads module) TypeORM would map the table to the entity, drop these column names and re-encode `rules`.
    // The driver's own escaping turns the Date into what each engine stores (SQLite has no DATETIME type).
    const [sql, parameters] = queryRunner.connection.driver.escapeQueryWithParameters(
      `INSERT INTO rule_sets (id, version, rules, published_at, published_by)
       VALUES (:id, :version, :rules, :publishedAt, :publishedBy)`,
      {
        id: newId(),
        version: 1,
        rules: JSON.stringify(DEFAULT_RULE_SET),
        publishedAt: new Date(),
        publishedBy: 'system',
      },
      {},
    );
    await queryRunner.query(sql, parameters);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('assignments', true);
    await queryRunner.dropTable('routing_decisions', true);
    await queryRunner.dropTable('rule_sets', true);
  }
}
