import type { Logger as TypeOrmLogger } from 'typeorm';

/**
 * A TypeORM logger that counts SQL statements, so tests and benchmarks can
 * check that DataLoaders keep the statement count flat.
 */
export class StatementCounter implements TypeOrmLogger {
  count = 0;
  readonly statements: string[] = [];

  reset(): void {
    this.count = 0;
    this.statements.length = 0;
  }

  logQuery(query: string): void {
    if (/^\s*(START TRANSACTION|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|PRAGMA)/i.test(query)) return;
    this.count += 1;
    this.statements.push(query);
  }

  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}
