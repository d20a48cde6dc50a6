import type { CandidateRecord } from '../../decision/decision.entity';
import { assignedTodayAt, eligibilityContext, fallbackTier, firstFailedFilter } from './eligibility';
import { DecisionClocks } from './local-clock';
import { queuedReasonFor } from './queued-reason';
import { scoreCandidate, scoringContext } from './scoring';
import type { ScoredCandidate } from './scoring';
import { byScoreDescending, chooseAttempts } from './selection';
import { ExclusionReason } from './types';
import type { CandidateFacts, RoutingInput, RoutingOutcome } from './types';

interface Scored extends ScoredCandidate {
  agentId: string;
  tier: number;
}

interface Excluded {
  agentId: string;
  reason: ExclusionReason;
  candidate: CandidateFacts;
}

/** Excluded candidates are listed grouped by reason, in the order the filters run. */
const REASON_RANK: ReadonlyMap<ExclusionReason, number> = new Map(
  Object.values(ExclusionReason).map((reason, index) => [reason, index]),
);

/**
 * One routing decision, as a pure function of its input (and of
 * `input.random` for the rotation draw):
 *  1. hard filters: the first one each candidate fails (eligibility.ts);
 *  2. fallback tiers: PRIMARY members, then the rule's fallback roles in
 *     order; the first tier with anyone eligible contends, later tiers are
 *     FALLBACK_NOT_REACHED (scored, so the audit shows what they would have got);
 *  3. score the eligible (scoring.ts);
 *  4. draw among the near-best, then the rest by score (selection.ts).
 * Candidates are expected once each (the service merges territory memberships).
 */
export function decide(input: RoutingInput): RoutingOutcome {
  const clocks = new DecisionClocks(input.now);
  const eligibility = eligibilityContext(input, clocks);
  const scoring = scoringContext(input.lead, input.rule, input.populationBindRate);

  const scored: Scored[] = [];
  const excluded: Excluded[] = [];
  for (const candidate of input.candidates) {
    const agentId = candidate.agent.id;
    const failed = firstFailedFilter(candidate, eligibility);
    if (failed) {
      excluded.push({ agentId, reason: failed, candidate });
      continue;
    }
    const tier = fallbackTier(candidate.role, input.rule);
    if (tier === null) {
      excluded.push({ agentId, reason: ExclusionReason.ROLE_NOT_IN_FALLBACK, candidate });
      continue;
    }
    const assignedToday = assignedTodayAt(candidate.agent, clocks.in(candidate.agent.timezone));
    scored.push({ agentId, tier, ...scoreCandidate(candidate, assignedToday, scoring) });
  }

  scored.sort(byScoreDescending);
  const contendingTier = scored.reduce((lowest, { tier }) => Math.min(lowest, tier), Number.POSITIVE_INFINITY);
  const contenders = scored.filter(({ tier }) => tier === contendingTier);
  const notReached = scored.filter(({ tier }) => tier !== contendingTier);

  excluded.sort(
    (a, b) =>
      (REASON_RANK.get(a.reason) ?? 0) - (REASON_RANK.get(b.reason) ?? 0) ||
      (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0),
  );

  const candidates: CandidateRecord[] = [
    ...contenders.map(({ agentId, components }) => ({
      agentId,
      eligible: true,
      excludedBy: null,
      // Stored rounded like the components; attempts were ranked on the exact score.
      score: components.score,
      components,
    })),
    ...notReached.map(({ agentId, components }) => ({
      agentId,
      eligible: false,
      excludedBy: ExclusionReason.FALLBACK_NOT_REACHED,
      score: components.score,
      components,
    })),
    ...excluded.map(({ agentId, reason, candidate }) => ({
      agentId,
      eligible: false,
      excludedBy: reason,
      score: null,
      components: { role: candidate.role },
    })),
  ];

  const attempts = chooseAttempts(contenders, input.rule.rotationTolerance, input.random);
  return { candidates, attempts, queuedReason: attempts.length > 0 ? null : queuedReasonFor(candidates) };
}
