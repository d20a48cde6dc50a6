import type { TerritoryRole } from '../../../../lib/domain/enums';
import { PRIOR_PSEUDO_LEADS, estimatedBindRate } from '../../../outcomes/stats/bind-rate';
import type { EffectiveRule } from '../../rule-set/rule-set.document';
import type { CandidateFacts, LeadFacts, PriorBindRates } from './types';

/**
 * The score of an eligible candidate: the expected premium it would bind,
 * discounted by how much of its capacity is already used.
 *
 *   propensity   = (bound + m·n₀) / (leads + n₀)      Beta-Binomial posterior mean,
 *                                                     prior mean m = population bind rate, strength n₀ = 20
 *   value        = propensity × premium
 *   f            = max(open / maxOpen, assignedToday / dailyCap)
 *   ψ(f)         = (1 − e^{−(1−f)}) / (1 − e^{−1})   1 when idle, 0 when full
 *   score        = value × ψ(f) × weight
 *
 * ψ is the trade-off function of MSVV (Mehta, Saberi, Vazirani, Vazirani,
 * "AdWords and generalized online matching"): spending an agent's capacity
 * gets dearer as it runs out, so a busy agent — and therefore a scarce
 * specialist, whom every lead it can take draws on — is saved for the leads
 * only it can take, while idle generalists absorb the rest.
 */

/**
 * Without an estimated premium every candidate's value is scaled by the same
 * 1: the ranking only depends on propensity, load and weight. So does a
 * non-positive estimate, which would otherwise flatten every score to 0.
 */
export const PREMIUM_WHEN_UNKNOWN = 1;

const LOAD_DISCOUNT_NORMALISER = 1 - Math.exp(-1);

/** MSVV trade-off ψ(f) for the used share f of capacity, clamped to [0, 1]. */
export function loadDiscount(utilization: number): number {
  const used = Math.min(1, Math.max(0, utilization));
  return (1 - Math.exp(-(1 - used))) / LOAD_DISCOUNT_NORMALISER;
}

export function premiumOf(lead: LeadFacts): number {
  return lead.estimatedPremium !== null && lead.estimatedPremium > 0 ? lead.estimatedPremium : PREMIUM_WHEN_UNKNOWN;
}

/** The label of the first band whose minimum the propensity reaches (bands are listed highest first). */
export function propensityBand(propensity: number, bands: EffectiveRule['propensityBands']): string | null {
  return bands.find((band) => propensity >= band.min)?.label ?? null;
}

/**
 * What the audit shows for a scored candidate: every factor of its score.
 * A type alias, not an interface, so that it is a CandidateRecord's
 * `components` as it stands, without a copy per candidate.
 */
export type ScoreComponents = {
  role: TerritoryRole;
  weight: number;
  propensity: number;
  /** Whether the agent is certified for the lead's product line, which picks its prior. */
  certified: boolean;
  priorMean: number;
  agentLeads: number;
  agentBound: number;
  premium: number;
  expectedValue: number;
  utilization: number;
  loadDiscount: number;
  band: string | null;
  score: number;
};

export interface ScoredCandidate {
  /** Exact: ranking uses this, never the rounded copy in the components. */
  score: number;
  components: ScoreComponents;
}

const SIGNIFICANT_DIGITS = 6;
/** Exact powers of ten (up to 1e22 a double holds them exactly). */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, exponent) => 10 ** exponent);

/**
 * Rounds to 6 significant digits for the stored audit. Arithmetic on a table
 * of powers rather than toPrecision, which costs about a microsecond a call —
 * too much for a dozen numbers on each of a thousand candidates.
 */
export function roundForAudit(value: number): number {
  const magnitude = value < 0 ? -value : value;
  // NaN and ±Infinity are stored as they are (JSON makes them null); 0 has no digits to round.
  if (magnitude === 0 || !(magnitude < Infinity)) return value;
  let decimals: number;
  if (magnitude >= 1) {
    let integerDigits = 1;
    while (integerDigits < 22 && magnitude >= POWERS_OF_TEN[integerDigits]) integerDigits += 1;
    decimals = SIGNIFICANT_DIGITS - integerDigits; // -16 … 5
  } else {
    // Leading zeros after the point are not significant: 0.0123456 keeps 7 decimals.
    decimals = SIGNIFICANT_DIGITS;
    for (let scaled = magnitude * 10; scaled < 1 && decimals < 22; scaled *= 10) decimals += 1;
  }
  if (decimals >= 0) return Math.round(value * POWERS_OF_TEN[decimals]) / POWERS_OF_TEN[decimals];
  return Math.round(value / POWERS_OF_TEN[-decimals]) * POWERS_OF_TEN[-decimals];
}

export interface ScoringContext {
  premium: number;
  productLine: LeadFacts['productLine'];
  populationBindRate: PriorBindRates;
  bands: EffectiveRule['propensityBands'];
  /** The same for every candidate: rounded once per decision. */
  audited: { premium: number; certified: number; uncertified: number };
}

export function scoringContext(
  lead: LeadFacts,
  rule: EffectiveRule,
  populationBindRate: PriorBindRates,
): ScoringContext {
  const premium = premiumOf(lead);
  return {
    premium,
    productLine: lead.productLine,
    populationBindRate,
    bands: rule.propensityBands,
    audited: {
      premium: roundForAudit(premium),
      certified: roundForAudit(populationBindRate.certified),
      uncertified: roundForAudit(populationBindRate.uncertified),
    },
  };
}

/** `assignedToday` is the agent's count for its current local day (0 after the day turned). */
export function scoreCandidate(
  candidate: CandidateFacts,
  assignedToday: number,
  context: ScoringContext,
): ScoredCandidate {
  const { agent, stats, role } = candidate;
  const weight = candidate.weight > 0 ? candidate.weight : 0;
  // Empirical Bayes with one covariate: certified agents are compared with certified peers, so
  // what certification predicts is learned from outcomes before each agent has a record of its own.
  const certified = agent.certifications.includes(context.productLine);
  const priorMean = certified ? context.populationBindRate.certified : context.populationBindRate.uncertified;
  const propensity = estimatedBindRate(stats, priorMean, PRIOR_PSEUDO_LEADS);
  const expectedValue = propensity * context.premium;
  const utilization = Math.max(agent.openCount / agent.maxOpen, assignedToday / agent.dailyCap);
  const discount = loadDiscount(utilization);
  const score = expectedValue * discount * weight;
  return {
    score,
    components: {
      role,
      weight: roundForAudit(weight),
      propensity: roundForAudit(propensity),
      certified,
      priorMean: certified ? context.audited.certified : context.audited.uncertified,
      agentLeads: stats.leads,
      agentBound: stats.bound,
      premium: context.audited.premium,
      expectedValue: roundForAudit(expectedValue),
      utilization: roundForAudit(utilization),
      loadDiscount: roundForAudit(discount),
      band: propensityBand(propensity, context.bands),
      score: roundForAudit(score),
    },
  };
}
