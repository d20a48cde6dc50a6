import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root, found from both `gateway/` (ts-jest) and `dist/gateway/` (compiled). */
function repositoryRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

export const SUPERGRAPH_PATH = join(repositoryRoot(__dirname), 'schema', 'supergraph.graphql');

/** The committed supergraph the gateway serves (no runtime introspection). */
export function readSupergraph(): string {
  return readFileSync(SUPERGRAPH_PATH, 'utf8');
}
