import { createScratchDatabase, type ScratchDatabase } from '../../lib/db/scratch-database';

/** The MariaDB the tests use; CI fails (never skips) when it cannot be reached. */
export const MYSQL_ROOT_URL = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';

/** A fresh database per suite, so suites run in parallel without seeing each other's rows. */
export function createTestDatabase(): Promise<ScratchDatabase> {
  return createScratchDatabase(MYSQL_ROOT_URL, 'leadflow_test');
}
