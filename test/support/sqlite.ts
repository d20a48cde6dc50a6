import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A throwaway SQLite file; `remove()` deletes it with its WAL files. */
export function tempSqliteUrl(): { url: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'leadflow-test-'));
  return { url: `sqlite:${join(dir, 'test.sqlite')}`, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
