import { AgentStatus, TIER_ORDER, TerritoryRole } from '../../../../lib/domain/enums';
import type { LineOfAuthority } from '../../../../lib/domain/enums';
import { utilizationLimit } from '../../../../lib/domain/utilization';
import type { EffectiveRule } from '../../rule-set/rule-set.document';
import { DecisionClocks, minutesOfClockTime } from './local-clock';
import type { LocalClock } from './local-clock';
import { ExclusionReason } from './types';
import type { AgentFacts, CandidateFacts, LeadFacts, RoutingInput } from './types';
import { carrierKey } from '../../../../lib/domain/carriers';

/**
 * The hard filters: an agent either may take the lead or may not, and the
 * first rule it fails is recorded as the reason. The order below is the
 * order of ExclusionReason, from the cheapest and most permanent facts
 * (offered before, licensing) to the most transient (load).
 */

/** Everything the filters derive from the lead and the rule, computed once per decision. */
export interface EligibilityContext {
  lead: LeadFacts;
  rule: EffectiveRule;
  clocks: DecisionClocks;
  requiredLines: ReadonlySet<LineOfAuthority>;
  /** The lead's carrier as compared with appointments; null when no appointment is needed. */
  requiredCarrier: string | null;
  minTierRank: number;
  /** The rule's maxUtilization, with utilizationLimit's tolerance of rounding. */
  utilizationLimit: number;
}

export function eligibilityContext(input: RoutingInput, clocks: DecisionClocks): EligibilityContext {
  const { lead, rule } = input;
  const carrier = lead.carrier === null ? '' : carrierKey(lead.carrier);
  return {
    lead,
    rule,
    clocks,
    requiredLines: new Set(rule.linesOfAuthority),
    requiredCarrier: rule.requireAppointment && carrier !== '' ? carrier : null,
    minTierRank: TIER_ORDER.indexOf(rule.minTier),
    utilizationLimit: utilizationLimit(rule.maxUtilization),
  };
}

/** The daily counter belongs to `assignedDay`; on any other agent-local day nothing has been assigned yet. */
export function assignedTodayAt(agent: AgentFacts, clock: LocalClock): number {
  return agent.assignedDay === clock.date ? agent.assignedToday : 0;
}

function licenseFailure(agent: AgentFacts, context: EligibilityContext, today: string): ExclusionReason | null {
  let licensed = false;
  for (const license of agent.licenses) {
    if (license.state !== context.lead.state || !context.requiredLines.has(license.line)) continue;
    // ISO dates compare as strings; a license is valid through its expiry date.
    if (license.expiresOn === null || license.expiresOn >= today) return null;
    licensed = true;
  }
  return licensed ? ExclusionReason.LICENSE_EXPIRED : ExclusionReason.NOT_LICENSED;
}

const windowMinutes = new Map<string, number>();

function minutesOf(value: string): number {
  let minutes = windowMinutes.get(value);
  if (minutes === undefined) {
    minutes = minutesOfClockTime(value);
    windowMinutes.set(value, minutes);
  }
  return minutes;
}

/** Windows never span midnight (agents validates start < end); the end is exclusive, "24:00" closes the day. */
export function insideWorkingHours(workingHours: AgentFacts['workingHours'], clock: LocalClock): boolean {
  if (workingHours.length === 0) return true;
  return workingHours.some(
    (window) =>
      window.isoWeekday === clock.isoWeekday &&
      minutesOf(window.start) <= clock.minuteOfDay &&
      clock.minuteOfDay < minutesOf(window.end),
  );
}

/** The first hard filter the candidate fails, or null when it may take the lead. */
export function firstFailedFilter(candidate: CandidateFacts, context: EligibilityContext): ExclusionReason | null {
  const { agent } = candidate;
  if (candidate.previouslyOffered) return ExclusionReason.PREVIOUSLY_OFFERED;

  const clock = context.clocks.in(agent.timezone);
  const licensing = licenseFailure(agent, context, clock.date);
  if (licensing) return licensing;

  const carrier = context.requiredCarrier;
  if (carrier !== null && !agent.appointments.some((appointment) => carrierKey(appointment) === carrier)) {
    return ExclusionReason.NOT_APPOINTED;
  }
  if (context.rule.requireCertification && !agent.certifications.includes(context.lead.productLine)) {
    return ExclusionReason.NOT_CERTIFIED;
  }
  if (TIER_ORDER.indexOf(agent.tier) < context.minTierRank) return ExclusionReason.TIER_TOO_LOW;
  if (agent.status !== AgentStatus.ONLINE) return ExclusionReason.NOT_ONLINE;
  if (!insideWorkingHours(agent.workingHours, clock)) return ExclusionReason.OUTSIDE_WORKING_HOURS;
  if (agent.openCount >= agent.maxOpen) return ExclusionReason.AT_MAX_OPEN;
  if (assignedTodayAt(agent, clock) >= agent.dailyCap) return ExclusionReason.AT_DAILY_CAP;
  if ((agent.openCount + 1) / agent.maxOpen > context.utilizationLimit) return ExclusionReason.OVER_UTILIZATION;
  return null;
}

/**
 * The fallback tier a role routes in: 0 for PRIMARY, then 1, 2 … for the
 * rule's fallback roles in the rule's order; null when the rule never falls
 * back to the role.
 */
export function fallbackTier(role: TerritoryRole, rule: EffectiveRule): number | null {
  if (role === TerritoryRole.PRIMARY) return 0;
  const index = (rule.fallback as readonly TerritoryRole[]).indexOf(role);
  return index < 0 ? null : index + 1;
}
