import type { MigrationInterface, QueryRunner, TableForeignKey } from 'typeorm';

/** Columns holding UUIDs, by table. */
export type IdColumns = Readonly<Record<string, readonly string[]>>;

const BINARY = 'utf8mb4_bin';
const UNICODE = 'utf8mb4_unicode_ci';

/**
 * A migration that compares the given UUID columns byte by byte
 * (utf8mb4_bin) on MySQL/MariaDB. Under the schema's utf8mb4_unicode_ci every
 * key comparison of an id went through Unicode collation: the routing engine's
 * candidate read (territory members joined to agents, licenses and statistics
 * by id) cost MariaDB 1.04-1.27 ms for 100 candidates, and 0.79-0.81 ms with
 * binary ids. ASCII columns were a little faster still (0.71 ms), but MariaDB
 * refuses to compare them with a non-ASCII value ("illegal mix of
 * collations"), so any id a caller mistyped would have become a server error.
 *
 * Ids are compared case-sensitively from now on, as SQLite always did; the
 * ids stored so far are lowercased first (UUIDs made here are lowercase, but
 * one a caller typed in capitals matched before and was stored so), which also
 * lets the foreign keys, dropped while their columns change, be made again.
 * Every subgraph converts its own tables; until all four have, joins between a
 * converted and an unconverted column may not use their index, so upgrade them
 * together (each migrates when it starts).
 */
export function binaryIdsMigration(name: string, columns: IdColumns): new () => MigrationInterface {
  return class BinaryIds implements MigrationInterface {
    name = name;

    up(queryRunner: QueryRunner): Promise<void> {
      return convertIdColumns(queryRunner, columns, BINARY);
    }

    down(queryRunner: QueryRunner): Promise<void> {
      return convertIdColumns(queryRunner, columns, UNICODE);
    }
  };
}

async function convertIdColumns(queryRunner: QueryRunner, columns: IdColumns, collation: string): Promise<void> {
  if (queryRunner.connection.options.type !== 'mysql') return;
  const tables = await queryRunner.getTables(Object.keys(columns));
  if (collation === BINARY) {
    for (const [table, names] of Object.entries(columns)) {
      for (const name of names) {
        await queryRunner.query(
          `UPDATE \`${table}\` SET \`${name}\` = LOWER(\`${name}\`) WHERE \`${name}\` COLLATE ${BINARY} <> LOWER(\`${name}\`)`,
        );
      }
    }
  }
  // Both ends of a foreign key must share a collation, so the keys on these columns are dropped
  // while they change and made again afterwards.
  const foreignKeys: Array<{ table: string; key: TableForeignKey }> = [];
  for (const table of tables) {
    const converted = columns[table.name] ?? [];
    for (const key of table.foreignKeys) {
      if (key.columnNames.some((column) => converted.includes(column))) foreignKeys.push({ table: table.name, key });
    }
  }
  for (const { table, key } of foreignKeys) await queryRunner.dropForeignKey(table, key);
  for (const table of tables) {
    const changes = (columns[table.name] ?? []).map((name) => {
      const column = table.findColumnByName(name);
      if (!column) throw new Error(`${table.name}.${name}: no such column`);
      return `MODIFY \`${name}\` CHAR(36) CHARACTER SET utf8mb4 COLLATE ${collation} ${column.isNullable ? 'NULL' : 'NOT NULL'}`;
    });
    await queryRunner.query(`ALTER TABLE \`${table.name}\` ${changes.join(', ')}`);
  }
  for (const { table, key } of foreignKeys) await queryRunner.createForeignKey(table, key);
}
