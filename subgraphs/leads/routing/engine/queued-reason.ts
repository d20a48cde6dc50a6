import type { CandidateRecord } from '../../decision/decision.entity';
import { ExclusionReason } from './types';

/** The territory lookup found nobody for the lead's location. */
export const NO_CANDIDATES = 'NO_CANDIDATES';
export const NO_ELIGIBLE_AGENT = 'NO_ELIGIBLE_AGENT';
/** routing_decisions.queued_reason is varchar(500). */
export const QUEUED_REASON_MAX_LENGTH = 500;

const CHECK_ORDER: readonly string[] = Object.values(ExclusionReason);

/**
 * Why nobody can take the lead, for the queue and the audit:
 * 'NO_ELIGIBLE_AGENT: AT_MAX_OPEN×12, NOT_ONLINE×3, NOT_LICENSED×1' — most
 * frequent reason first, equal counts in the order the filters run.
 */
export function queuedReasonFor(candidates: readonly CandidateRecord[]): string {
  if (candidates.length === 0) return NO_CANDIDATES;
  const counts = new Map<string, number>();
  for (const { excludedBy } of candidates) {
    if (excludedBy !== null) counts.set(excludedBy, (counts.get(excludedBy) ?? 0) + 1);
  }
  const parts = [...counts]
    .sort(([reasonA, countA], [reasonB, countB]) => countB - countA || rank(reasonA) - rank(reasonB))
    .map(([reason, count]) => `${reason}×${count}`);
  // Thirteen reason codes fit easily; should they ever not, the rarest go first.
  let text = parts.length === 0 ? NO_ELIGIBLE_AGENT : `${NO_ELIGIBLE_AGENT}: ${parts.join(', ')}`;
  while (text.length > QUEUED_REASON_MAX_LENGTH && parts.length > 1) {
    parts.pop();
    text = `${NO_ELIGIBLE_AGENT}: ${parts.join(', ')}`;
  }
  return text.slice(0, QUEUED_REASON_MAX_LENGTH);
}

function rank(reason: string): number {
  const index = CHECK_ORDER.indexOf(reason);
  return index < 0 ? CHECK_ORDER.length : index;
}
