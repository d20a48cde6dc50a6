import type { EntityManager } from 'typeorm';
import { recordEvents } from './outbox';
import { Topic } from './topics';

/**
 * What may have made an agent eligible for leads it could not take. Agents
 * and territories both write these (a membership is the territories
 * subgraph's), so the writer is shared rather than owned by either.
 */
export type EligibilityReason =
  'ONLINE' | 'LICENSE' | 'CERTIFICATION' | 'TIER' | 'TIME_ZONE' | 'WORKING_HOURS' | 'APPOINTMENT' | 'TERRITORY';

export interface AgentEligibilityChangedPayload {
  agentId: string;
  reason: EligibilityReason;
}

/** One AgentEligibilityChanged per reason, in the caller's transaction (the outbox); nothing for no reason. */
export async function recordEligibilityChanged(
  em: EntityManager,
  agentId: string,
  reasons: EligibilityReason | readonly EligibilityReason[],
  now: Date,
): Promise<void> {
  const list = typeof reasons === 'string' ? [reasons] : reasons;
  if (list.length === 0) return;
  await recordEvents(
    em,
    list.map((reason) => {
      const payload: AgentEligibilityChangedPayload = { agentId, reason };
      return { topic: Topic.AgentEligibilityChanged, aggregateId: agentId, payload: { ...payload } };
    }),
    now,
  );
}
