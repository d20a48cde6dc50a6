import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';

/** The MariaDB the tests use; CI fails (never skips) when it cannot be reached. */
export const MYSQL_ROOT_URL = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';

/** A fresh database per suite, so suites run in parallel without seeing each other's rows. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `leadflow_test_${randomBytes(5).toString('hex')}`;
  const root = new URL(MYSQL_ROOT_URL);
  const connection = await createConnection({
    host: root.hostname,
    port: Number(root.port || 3306),
    user: decodeURIComponent(root.username),
    password: decodeURIComponent(root.password),
  });
  await connection.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await connection.end();
  const url = new URL(MYSQL_ROOT_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = await createConnection({
        host: root.hostname,
        port: Number(root.port || 3306),
        user: decodeURIComponent(root.username),
        password: decodeURIComponent(root.password),
      });
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
    },
  };
}
