import {
  AgentStatus,
  AgentTier,
  CustomerType,
  LineOfAuthority,
  ProductLine,
  TerritoryRole,
} from '../../../lib/domain/enums';
import type {
  AgentFacts,
  CandidateFacts,
  LeadFacts,
  RoutingInput,
} from '../../../subgraphs/leads/routing/engine/types';
import { seededRandom } from '../../../scripts/demo/random';

export { seededRandom };
import { DEFAULT_RULE_SET } from '../../../subgraphs/leads/rule-set/default-rule-set';
import { effectiveRuleFor, type EffectiveRule } from '../../../subgraphs/leads/rule-set/rule-set.document';

/** Monday 2026-11-23, 12:00 in Chicago, 10:00 in Los Angeles. */
export const NOW = new Date('2026-11-23T18:00:00Z');

export const LEAD: LeadFacts = {
  id: 'lead-1',
  productLine: ProductLine.PERSONAL_AUTO,
  customerType: CustomerType.PERSONAL,
  state: 'TX',
  carrier: null,
  estimatedPremium: 1200,
};

/** The seeded default rule set's rule for LEAD: CASUALTY or PERSONAL_LINES, fallback BACKUP then OVERFLOW. */
export function ruleFor(overrides: Partial<EffectiveRule> = {}, lead: LeadFacts = LEAD): EffectiveRule {
  return { ...effectiveRuleFor(DEFAULT_RULE_SET, lead), ...overrides };
}

/** An agent who passes every filter for LEAD under ruleFor() at NOW. */
export function agentFacts(overrides: Partial<AgentFacts> = {}): AgentFacts {
  return {
    id: 'agent-a',
    tier: AgentTier.STANDARD,
    status: AgentStatus.ONLINE,
    timezone: 'America/Chicago',
    maxOpen: 10,
    dailyCap: 20,
    openCount: 0,
    assignedToday: 0,
    assignedDay: null,
    appointments: ['Acme Mutual'],
    certifications: [ProductLine.PERSONAL_AUTO],
    workingHours: [],
    licenses: [{ state: 'TX', line: LineOfAuthority.CASUALTY, expiresOn: null }],
    ...overrides,
  };
}

export function candidate(agent: Partial<AgentFacts> = {}, overrides: Partial<CandidateFacts> = {}): CandidateFacts {
  return {
    agent: agentFacts(agent),
    role: TerritoryRole.PRIMARY,
    weight: 1,
    stats: { leads: 0, bound: 0 },
    previouslyOffered: false,
    ...overrides,
  };
}

export function routingInput(candidates: CandidateFacts[], overrides: Partial<RoutingInput> = {}): RoutingInput {
  const lead = overrides.lead ?? LEAD;
  return {
    lead,
    rule: ruleFor({}, lead),
    candidates,
    populationBindRate: { certified: 0.1, uncertified: 0.1 },
    now: NOW,
    random: seededRandom(1),
    ...overrides,
  };
}
