import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScratchDatabase } from '../lib/db/scratch-database';

/**
 * A fresh database for one benchmark run: on the MySQL server named by
 * BENCH_MYSQL_URL (a new schema, dropped afterwards), else a temp SQLite file.
 */
export async function tempDatabaseUrl(): Promise<{ url: string; label: string; drop(): Promise<void> }> {
  const server = process.env.BENCH_MYSQL_URL;
  if (!server) {
    const dir = mkdtempSync(join(tmpdir(), 'leadflow-bench-'));
    return {
      url: `sqlite:${join(dir, 'bench.sqlite')}`,
      label: 'embedded SQLite',
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const database = await createScratchDatabase(server, 'leadflow_bench');
  return { ...database, label: `MySQL at ${new URL(server).host}` };
}
