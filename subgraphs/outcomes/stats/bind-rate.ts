import type { ProductLine } from '../../../lib/domain/enums';

/**
 * P(bind | agent, product line) estimated with shrinkage: an agent with few
 * leads is credited with the population's rate until its own record outweighs
 * it. Shared by Agent.performance and the routing engine's score.
 */

/** How many leads' worth of evidence the population rate counts for (α + β of the Beta prior). */
export const PRIOR_PSEUDO_LEADS = 20;

/** The prior mean before any outcome exists anywhere: a typical bind rate for inbound leads. */
export const DEFAULT_BIND_RATE = 0.1;

export interface BindCounts {
  leads: number;
  bound: number;
}

export interface ProductLineBindCounts extends BindCounts {
  productLine: ProductLine;
  /** Counts of agents certified for the product line (true), of the others (false), or of both (absent). */
  certified?: boolean;
}

/**
 * How many leads' worth of evidence a product line's overall rate counts for
 * when estimating the rate of its certified (or uncertified) agents: a group
 * with little data keeps close to the line's rate.
 */
export const GROUP_PRIOR_LEADS = 50;

/** Observed share of leads bound; 0 without leads. */
export function observedBindRate(counts: BindCounts): number {
  return counts.leads > 0 ? counts.bound / counts.leads : 0;
}

/**
 * Posterior mean of a Beta(α, β) prior with mean `priorMean` and strength
 * α + β = `priorStrength`, updated with `bound` successes out of `leads`:
 * (bound + α) / (leads + α + β).
 */
export function estimatedBindRate(counts: BindCounts, priorMean: number, priorStrength = PRIOR_PSEUDO_LEADS): number {
  const alpha = priorMean * priorStrength;
  return (counts.bound + alpha) / (counts.leads + priorStrength);
}

/** The pooled bind rates of all agents: the centre of every agent's prior. */
export class PopulationBindRates {
  private readonly byProductLine: ReadonlyMap<ProductLine, BindCounts>;
  private readonly byCertification: ReadonlyMap<string, BindCounts>;
  private readonly overall: number;

  constructor(counts: readonly ProductLineBindCounts[]) {
    const byProductLine = new Map<ProductLine, BindCounts>();
    const byCertification = new Map<string, BindCounts>();
    const add = (map: Map<string, BindCounts>, key: string, row: BindCounts): void => {
      const sum = map.get(key) ?? { leads: 0, bound: 0 };
      map.set(key, { leads: sum.leads + row.leads, bound: sum.bound + row.bound });
    };
    for (const row of counts) {
      add(byProductLine as Map<string, BindCounts>, row.productLine, row);
      if (row.certified !== undefined) add(byCertification, `${row.productLine}:${row.certified}`, row);
    }
    this.byProductLine = byProductLine;
    this.byCertification = byCertification;
    const total = counts.reduce((sum, row) => ({ leads: sum.leads + row.leads, bound: sum.bound + row.bound }), {
      leads: 0,
      bound: 0,
    });
    this.overall = total.leads > 0 ? observedBindRate(total) : DEFAULT_BIND_RATE;
  }

  /** The product line's pooled rate; the overall rate while the product line has no leads. */
  rateFor(productLine: ProductLine): number {
    const counts = this.byProductLine.get(productLine);
    return counts && counts.leads > 0 ? observedBindRate(counts) : this.overall;
  }

  /**
   * Prior means for an agent certified for the product line and for one who is
   * not: each group's pooled rate, shrunk toward the line's rate by
   * GROUP_PRIOR_LEADS, so a certification's effect is learned from outcomes
   * and assumed to be nil until they show it.
   */
  certificationPriors(productLine: ProductLine): { certified: number; uncertified: number } {
    const lineRate = this.rateFor(productLine);
    const groupRate = (certified: boolean): number => {
      const group = this.byCertification.get(`${productLine}:${certified}`) ?? { leads: 0, bound: 0 };
      return estimatedBindRate(group, lineRate, GROUP_PRIOR_LEADS);
    };
    return { certified: groupRate(true), uncertified: groupRate(false) };
  }

  /**
   * The prior mean for counts summed over several product lines: each line's
   * rate weighted by the agent's leads in it, so an agent who works only LIFE
   * leads is compared with LIFE, not with the whole book. Without leads: the overall rate.
   */
  rateForMix(agentCounts: readonly ProductLineBindCounts[]): number {
    const leads = agentCounts.reduce((sum, row) => sum + row.leads, 0);
    if (leads === 0) return this.overall;
    return agentCounts.reduce((sum, row) => sum + row.leads * this.rateFor(row.productLine), 0) / leads;
  }
}
