import type { EntityManager } from 'typeorm';
import { carrierKey } from '../../../lib/domain/carriers';
import { TIER_ORDER } from '../../../lib/domain/enums';
import { recordEligibilityChanged, type EligibilityReason } from '../../../lib/events/agent-eligibility';
import { recordEvent } from '../../../lib/events/outbox';
import { Topic, type CapacityChangedPayload } from '../../../lib/events/topics';
import type { AgentEntity, WorkingHoursWindow } from './agent.entity';

/**
 * The outbox events of agent changes, written in the transaction of the change.
 * Routing wakes its queue on them, so a lead waiting for an agent is routed as
 * soon as one could take it.
 */

type EligibilityFacts = Pick<AgentEntity, 'tier' | 'timezone' | 'workingHours' | 'appointments'>;

/**
 * A higher tier meets rules a lower one did not. Another time zone moves the
 * agent's working hours (which may now include the present) and its local day
 * (a new day's daily cap starts from nothing). Other working hours may include
 * the present too; any change counts, since telling a widened window from a
 * narrowed one saves only a wake that finds nothing. A carrier the agent was
 * not appointed with opens that carrier's leads. A lower tier or a lost
 * appointment makes the agent eligible for nothing new.
 */
export async function recordEligibilityFactsChanged(
  em: EntityManager,
  agentId: string,
  before: EligibilityFacts,
  after: EligibilityFacts,
  now: Date,
): Promise<void> {
  const reasons: EligibilityReason[] = [];
  if (TIER_ORDER.indexOf(after.tier) > TIER_ORDER.indexOf(before.tier)) reasons.push('TIER');
  if (after.timezone !== before.timezone) reasons.push('TIME_ZONE');
  if (windowsKey(after.workingHours) !== windowsKey(before.workingHours)) reasons.push('WORKING_HOURS');
  if (gainsCarrier(before.appointments, after.appointments)) reasons.push('APPOINTMENT');
  await recordEligibilityChanged(em, agentId, reasons, now);
}

/** The same windows in any order are the same hours (rows written before validation sorted them may be unsorted). */
function windowsKey(windows: readonly WorkingHoursWindow[]): string {
  return windows
    .map(({ isoWeekday, start, end }) => `${isoWeekday} ${start}-${end}`)
    .sort()
    .join(',');
}

/** Only a name routing would not match to an appointment already held is a new carrier. */
function gainsCarrier(before: readonly string[], after: readonly string[]): boolean {
  const held = new Set(before.map(carrierKey));
  return after.some((carrier) => !held.has(carrierKey(carrier)));
}

type CapacityLimits = Pick<AgentEntity, 'maxOpen' | 'dailyCap'>;

/**
 * Any change of max open or daily cap is published (subscribers show every
 * capacity change); `freed` only when a limit rose, since only then can the
 * agent take a lead it could not take before.
 */
export async function recordCapacityLimitsChanged(
  em: EntityManager,
  agentId: string,
  before: CapacityLimits,
  after: CapacityLimits,
  now: Date,
): Promise<void> {
  if (before.maxOpen === after.maxOpen && before.dailyCap === after.dailyCap) return;
  const payload: CapacityChangedPayload = {
    agentId,
    freed: after.maxOpen > before.maxOpen || after.dailyCap > before.dailyCap,
  };
  await recordEvent(em, Topic.CapacityChanged, agentId, { ...payload }, now);
}
