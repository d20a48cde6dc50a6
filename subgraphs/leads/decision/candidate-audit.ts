import type { ValueTransformer } from 'typeorm';
import type { CandidateRecord } from './decision.entity';

/**
 * How a decision's candidates are stored: the component names once per
 * decision and each candidate as a row of values, instead of repeating every
 * key for every candidate. About half the bytes (a 100-candidate decision is
 * ~14 KB rather than ~31 KB), which the decision's INSERT pays for on every
 * routing. Decoding gives back exactly the records that were encoded.
 */
interface StoredAudit {
  format: 'columns-v1';
  /** Component names, in the order of each row's values. */
  components: string[];
  /** [agentId, eligible, excludedBy, score, component values in `components` order, or the object when its keys differ, or null]. */
  rows: Array<[string, boolean, string | null, number | null, unknown[] | Record<string, unknown> | null]>;
}

function sameKeys(keys: string[], components: Record<string, unknown>): boolean {
  let count = 0;
  for (const key in components) {
    if (keys[count] !== key) return false;
    count += 1;
  }
  return count === keys.length;
}

export function encodeCandidates(candidates: readonly CandidateRecord[]): StoredAudit {
  const first = candidates.find((candidate) => candidate.components !== null);
  const components = first?.components ? Object.keys(first.components) : [];
  return {
    format: 'columns-v1',
    components,
    rows: candidates.map(({ agentId, eligible, excludedBy, score, components: values }) => [
      agentId,
      eligible,
      excludedBy,
      score,
      values && sameKeys(components, values) ? components.map((key) => values[key]) : values,
    ]),
  };
}

export function decodeCandidates(stored: StoredAudit | CandidateRecord[]): CandidateRecord[] {
  // Decisions stored before the columnar format hold the records themselves.
  if (Array.isArray(stored)) return stored;
  return stored.rows.map(([agentId, eligible, excludedBy, score, values]) => ({
    agentId,
    eligible,
    excludedBy,
    score,
    components: Array.isArray(values)
      ? Object.fromEntries(stored.components.map((key, index) => [key, values[index]]))
      : values,
  }));
}

/** For the `candidates` simple-json column: TypeORM applies it around JSON (de)serialization. */
export const candidateAuditTransformer: ValueTransformer = {
  to: (candidates: CandidateRecord[] | undefined) =>
    candidates === undefined ? undefined : encodeCandidates(candidates),
  from: (stored: StoredAudit | CandidateRecord[] | null) => (stored === null ? null : decodeCandidates(stored)),
};
