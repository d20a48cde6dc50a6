import type { AgentStatus, AgentTier, LineOfAuthority, ProductLine, TerritoryRole } from '../../../../lib/domain/enums';
import type { CustomerType } from '../../../../lib/domain/enums';
import type { CandidateRecord } from '../../decision/decision.entity';
import type { EffectiveRule } from '../../rule-set/rule-set.document';

/**
 * The routing engine's inputs and outputs. The engine itself (eligibility,
 * scoring, selection) is pure: routing.service loads these facts through the
 * request's DataLoaders and applies the result in one transaction.
 */

export interface LeadFacts {
  id: string;
  productLine: ProductLine;
  customerType: CustomerType;
  state: string;
  carrier: string | null;
  estimatedPremium: number | null;
}

export interface AgentFacts {
  id: string;
  tier: AgentTier;
  status: AgentStatus;
  timezone: string;
  maxOpen: number;
  dailyCap: number;
  openCount: number;
  assignedToday: number;
  /** Agent-local date `assignedToday` counts for; another day means 0 assigned today. */
  assignedDay: string | null;
  // Read-only: routing-data shares them between the decisions that read the same stored text.
  appointments: readonly string[];
  certifications: readonly ProductLine[];
  /** Empty: available whenever ONLINE. */
  workingHours: ReadonlyArray<Readonly<{ isoWeekday: number; start: string; end: string }>>;
  licenses: ReadonlyArray<Readonly<{ state: string; line: LineOfAuthority; expiresOn: string | null }>>;
}

export interface CandidateFacts {
  agent: AgentFacts;
  /** The best role the agent holds in any territory containing the lead (PRIMARY > BACKUP > OVERFLOW). */
  role: TerritoryRole;
  /** The highest weight of its memberships in that role (routing weight; rebalancing adjusts it). */
  weight: number;
  /** This agent's record on the lead's product line. */
  stats: { leads: number; bound: number };
  /** The agent was offered this lead before (declined, expired or still open). */
  previouslyOffered: boolean;
}

export interface PriorBindRates {
  certified: number;
  uncertified: number;
}

export interface RoutingInput {
  lead: LeadFacts;
  rule: EffectiveRule;
  candidates: CandidateFacts[];
  /**
   * The centre of each agent's Beta prior on the lead's product line: the pooled
   * bind rate of agents certified for the line, and of agents who are not.
   */
  populationBindRate: PriorBindRates;
  now: Date;
  /** Uniform [0, 1): injectable so tests and simulations are reproducible. */
  random: () => number;
}

export interface RoutingOutcome {
  /** Every candidate, eligible or not, in the order the audit shows them (eligible by score, then excluded). */
  candidates: CandidateRecord[];
  /**
   * Agents to try reserving, in order: the first is the policy's pick among
   * near-equal candidates (with `probability`), then the other eligible ones
   * of the same fallback tier by score, should a concurrent routing fill the pick first.
   */
  attempts: Array<{ agentId: string; probability: number }>;
  /** Why nobody can take the lead; null when there are attempts. */
  queuedReason: string | null;
}

/** Stable reason codes of the hard filters, in the order they are checked. */
export enum ExclusionReason {
  PREVIOUSLY_OFFERED = 'PREVIOUSLY_OFFERED',
  NOT_LICENSED = 'NOT_LICENSED',
  LICENSE_EXPIRED = 'LICENSE_EXPIRED',
  NOT_APPOINTED = 'NOT_APPOINTED',
  NOT_CERTIFIED = 'NOT_CERTIFIED',
  TIER_TOO_LOW = 'TIER_TOO_LOW',
  NOT_ONLINE = 'NOT_ONLINE',
  OUTSIDE_WORKING_HOURS = 'OUTSIDE_WORKING_HOURS',
  AT_MAX_OPEN = 'AT_MAX_OPEN',
  AT_DAILY_CAP = 'AT_DAILY_CAP',
  OVER_UTILIZATION = 'OVER_UTILIZATION',
  /** Eligible, but a higher fallback tier (PRIMARY before BACKUP before OVERFLOW) had someone. */
  FALLBACK_NOT_REACHED = 'FALLBACK_NOT_REACHED',
  /** A BACKUP or OVERFLOW member when the rule's fallback does not include that role. */
  ROLE_NOT_IN_FALLBACK = 'ROLE_NOT_IN_FALLBACK',
  /**
   * Eligible when decided, but a concurrent routing took its last unit before
   * this one could reserve it. Only a routing's last pass records it: earlier
   * passes roll back and decide afresh.
   */
  FILLED_WHILE_ROUTING = 'FILLED_WHILE_ROUTING',
}
