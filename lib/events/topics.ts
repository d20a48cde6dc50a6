/** Outbox topics. Names are stable: subscribers and the queue dispatcher match on them. */
export const Topic = {
  /** An agent's open count, assigned-today count, max open or daily cap changed. */
  CapacityChanged: 'agent.capacity.changed',
  /**
   * Something that can make an agent eligible for more leads: ONLINE, a license, a certification, a
   * higher tier, another time zone, other working hours, a new carrier appointment, a territory
   * membership (agent-eligibility.ts).
   */
  AgentEligibilityChanged: 'agent.eligibility.changed',
  /** A lead was offered to an agent (first offers and re-offers). */
  AssignmentOffered: 'assignment.offered',
} as const;

export type TopicName = (typeof Topic)[keyof typeof Topic];

export interface CapacityChangedPayload {
  agentId: string;
  /** True when capacity was given back (decline, expiry, closing outcome, raised limits). */
  freed: boolean;
}
