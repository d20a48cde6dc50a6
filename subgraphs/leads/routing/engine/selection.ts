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
 * failed; chosenProbability says what that makes of the draw.
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

/**
 * The probability that the policy gives the lead to `taken` when the agents
 * in `filled` (attempted before it, in order) turned out full. Any draw of a
 * full near-equal agent falls through, by descending score, to the same
 * first agent with room, so each such draw counts for `taken` as its own draw
 * does: (full near-equals + 1 if `taken` is one) / near-equals. Exact as far
 * as the routing can know: a near-equal it never reached may have been full
 * too. Without fills it is the draw's 1/k; with every near-equal full, 1.
 */
export function chosenProbability(attempts: readonly Attempt[], filled: ReadonlySet<string>, taken: string): number {
  if (attempts.length === 0) return 0;
  const nearEqual = attempts.slice(0, Math.round(1 / attempts[0].probability));
  const drawsLeadingToTaken =
    nearEqual.filter(({ agentId }) => filled.has(agentId)).length +
    (nearEqual.some(({ agentId }) => agentId === taken) ? 1 : 0);
  return drawsLeadingToTaken / nearEqual.length;
}
