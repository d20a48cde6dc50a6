import { deflateSync, inflateSync } from 'node:zlib';
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

/**
 * The columnar audit as stored: its JSON deflated (zlib, the fastest level)
 * and in base64, which the simple-json column holds as a JSON string. A
 * 100-candidate decision's ~14 KB of JSON became ~2–3 KB: stored off-page,
 * the audit had cost every routed submission a 16 KB page of its own, and
 * under load MariaDB's redo log filled faster than pages were flushed, which
 * stalled every routing at once. Stringifying and deflating cost the leads
 * subgraph about 0.2 ms of CPU per routed lead under bench:routing (about a
 * tenth of its share), inflating a stored decision about 30 µs.
 */
function compressAudit(audit: StoredAudit): string {
  return deflateSync(JSON.stringify(audit), { level: 1 }).toString('base64');
}

function decompressAudit(stored: string): StoredAudit {
  return JSON.parse(inflateSync(Buffer.from(stored, 'base64')).toString('utf8')) as StoredAudit;
}

/**
 * For the `candidates` simple-json column: TypeORM applies it around JSON
 * (de)serialization. Decisions stored before compression hold the columnar
 * object, or before that the records themselves, and read as they did.
 */
export const candidateAuditTransformer: ValueTransformer = {
  to: (candidates: CandidateRecord[] | undefined) =>
    candidates === undefined ? undefined : compressAudit(encodeCandidates(candidates)),
  from: (stored: string | StoredAudit | CandidateRecord[] | null) =>
    stored === null ? null : decodeCandidates(typeof stored === 'string' ? decompressAudit(stored) : stored),
};
