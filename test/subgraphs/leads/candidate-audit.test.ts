import {
  candidateAuditTransformer,
  decodeCandidates,
  encodeCandidates,
} from '../../../subgraphs/leads/decision/candidate-audit';
import type { CandidateRecord } from '../../../subgraphs/leads/decision/decision.entity';

const scored = (agentId: string, score: number): CandidateRecord => ({
  agentId,
  eligible: true,
  excludedBy: null,
  score,
  components: { role: 'PRIMARY', weight: 1, propensity: 0.123457, certified: true, band: null, score },
});

describe('stored candidate audit', () => {
  const candidates: CandidateRecord[] = [
    scored('a-1', 12.5),
    scored('a-2', 9.25),
    { agentId: 'a-3', eligible: false, excludedBy: 'NOT_LICENSED', score: null, components: null },
    // Components with other keys (e.g. written by another version of the engine) survive as they are.
    { agentId: 'a-4', eligible: true, excludedBy: null, score: 1, components: { score: 1, role: 'BACKUP' } },
  ];

  it('gives back exactly the records it stored, through JSON', () => {
    const stored = JSON.parse(JSON.stringify(encodeCandidates(candidates)));
    expect(decodeCandidates(stored)).toEqual(candidates);
  });

  it('stores each component name once per decision, not once per candidate', () => {
    const many = Array.from({ length: 100 }, (_, index) => scored(`agent-${index}`, index));
    const compact = JSON.stringify(encodeCandidates(many)).length;
    const plain = JSON.stringify(many).length;
    expect(compact).toBeLessThan(plain * 0.6);
    expect(JSON.stringify(encodeCandidates(many)).match(/propensity/g)).toHaveLength(1);
  });

  /** What the simple-json column holds for `candidates`, and what reading it gives back. */
  const stored = (records: CandidateRecord[]): string => JSON.stringify(candidateAuditTransformer.to(records));
  const read = (column: string): CandidateRecord[] => candidateAuditTransformer.from(JSON.parse(column));

  it('stores a decision compressed and reads back exactly its records', () => {
    expect(read(stored(candidates))).toEqual(candidates);
    const many = Array.from({ length: 100 }, (_, index) => scored(`agent-${index}`, index / 7));
    expect(read(stored(many))).toEqual(many);
    expect(stored(many).length).toBeLessThan(JSON.stringify(encodeCandidates(many)).length / 3);
  });

  it('reads decisions stored uncompressed, columnar or as plain records', () => {
    expect(read(JSON.stringify(encodeCandidates(candidates)))).toEqual(candidates);
    expect(read(JSON.stringify(candidates))).toEqual(candidates);
  });

  it('keeps an empty candidate list empty', () => {
    expect(decodeCandidates(JSON.parse(JSON.stringify(encodeCandidates([]))))).toEqual([]);
  });
});
