import type { EntityManager } from 'typeorm';
import { recordEvent } from '../../../lib/events/outbox';
import { Topic, type CapacityChangedPayload } from '../../../lib/events/topics';
import type { AgentEntity } from './agent.entity';

/**
 * The outbox events of agent changes, written in the transaction of the change.
 * Routing wakes its queue on them, so a lead waiting for an agent is routed as
 * soon as one could take it.
 */

/** What made the agent possibly eligible for more leads. */
export type EligibilityReason = 'ONLINE' | 'LICENSE' | 'CERTIFICATION';

export interface AgentEligibilityChangedPayload {
  agentId: string;
  reason: EligibilityReason;
}

export async function recordEligibilityChanged(
  em: EntityManager,
  agentId: string,
  reason: EligibilityReason,
  now: Date,
): Promise<void> {
  const payload: AgentEligibilityChangedPayload = { agentId, reason };
  await recordEvent(em, Topic.AgentEligibilityChanged, agentId, { ...payload }, now);
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
