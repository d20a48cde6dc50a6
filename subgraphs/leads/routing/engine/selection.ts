import type { RoutingOutcome } from './types';

export type Attempt = RoutingOutcome['attempts'][number];

export interface Contender {
  agentId: string;
  /** Exact score. */
  score: number;
}

/** Best score first; equal scores by agent id, so the order never depends on input order. */
export function byScoreDescending(a: Contender, b: Contender): number {
  if (a.score !== b.score) return b.score - a.score;
  return a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0;
}

/**
 * Whom to try, in order. Candidates scoring within `rotationTolerance` of the
 * best are treated as equal and one of them is drawn uniformly: over many
 * leads they share the work fairly, and because every pick is a known
 * probability (1/k) the log supports off-policy evaluation (inverse
 * propensity weighting) of other rule sets. The draw uses `random` once, and
 * only when there is a choice.
 *
 * The remaining contenders follow by descending score. A routing whose pick
 * a concurrent one filled first decides afresh on fresh facts, and only on
 * its last pass (RoutingService.applyInPasses) tries them, deterministically:
 * each then carries probability 1, conditional on the earlier ones having
 * failed. The unconditional probability of an outcome is the product along
 * the attempts made.
 *
 * `sorted` must be ordered by byScoreDescending.
 */
export function chooseAttempts(
  sorted: readonly Contender[],
  rotationTolerance: number,
  random: () => number,
): Attempt[] {
  if (sorted.length === 0) return [];
  const tolerance = Math.min(1, Math.max(0, rotationTolerance));
  const threshold = sorted[0].score * (1 - tolerance);
  let nearEqual = 1;
  while (nearEqual < sorted.length && sorted[nearEqual].score >= threshold) nearEqual += 1;

  // Clamped: a generator that strays outside [0, 1) still picks one of the near-equal.
  const pickIndex = nearEqual === 1 ? 0 : Math.min(nearEqual - 1, Math.max(0, Math.floor(random() * nearEqual)));
  const pick = sorted[pickIndex];
  return [
    { agentId: pick.agentId, probability: 1 / nearEqual },
    ...sorted.filter((_, index) => index !== pickIndex).map(({ agentId }) => ({ agentId, probability: 1 })),
  ];
}
