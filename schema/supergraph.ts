import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot } from '../lib/repository-root';

export const SUPERGRAPH_PATH = join(repositoryRoot(__dirname), 'schema', 'supergraph.graphql');

/** The committed supergraph the gateway serves (no runtime introspection). */
export function readSupergraph(): string {
  return readFileSync(SUPERGRAPH_PATH, 'utf8');
}
