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
 * How many leads' worth of evidence a wider rate counts for when estimating a
 * narrower one: the line's rate for its certified (or uncertified) agents,
 * the line's own rate (toward the overall one), and the overall rate (toward
 * DEFAULT_BIND_RATE). A group with little data keeps close to the wider rate.
 */
export const GROUP_PRIOR_LEADS = 50;

/**
 * The rate ratio certified : uncertified assumed before outcomes show one.
 * Its exact value matters little, as long as it exceeds 1 / (1 − the rule's
 * rotation tolerance) (1.05 at the default 0.05): then, with no outcomes yet,
 * certified agents are preferred to uncertified ones instead of drawn at
 * random with them. It counts as much as about 2 × GROUP_PRIOR_LEADS leads
 * split evenly between the two groups, so the first few hundred outcomes
 * replace it.
 */
export const PRIOR_CERTIFICATION_LIFT = 1.25;

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
  /**
   * The overall rate shrunk toward DEFAULT_BIND_RATE by GROUP_PRIOR_LEADS:
   * where the line rates are centred. Never 0, so no prior is.
   */
  private readonly overallPrior: number;
  /** Certified : uncertified bind-rate ratio, pooled over product lines (see certificationRatio). */
  readonly certificationRatio: number;

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
    this.overallPrior = estimatedBindRate(total, DEFAULT_BIND_RATE, GROUP_PRIOR_LEADS);
    this.certificationRatio = this.pooledCertificationRatio();
  }

  /**
   * What certification predicts, as one rate ratio over all product lines
   * (Mantel–Haenszel: each line compares its certified and uncertified agents
   * on its own base rate), plus PRIOR_CERTIFICATION_LIFT (see there for its
   * weight). Pooling over lines learns the effect from four times the evidence
   * and, unlike comparing each group with the line's pooled rate, is not
   * skewed by routing itself sending most of a line's leads to one group.
   */
  private pooledCertificationRatio(): number {
    let certifiedTerm = 0;
    let uncertifiedTerm = 0;
    for (const productLine of this.byProductLine.keys()) {
      const certified = this.groupCounts(productLine, true);
      const uncertified = this.groupCounts(productLine, false);
      const leads = certified.leads + uncertified.leads;
      if (leads === 0) continue;
      certifiedTerm += (certified.bound * uncertified.leads) / leads;
      uncertifiedTerm += (uncertified.bound * certified.leads) / leads;
    }
    // Weighted by the overall prior, never 0: before any bind the overall rate is, and the lift would vanish (0 / 0).
    const prior = (GROUP_PRIOR_LEADS * this.overallPrior) / 2;
    return (certifiedTerm + PRIOR_CERTIFICATION_LIFT * prior) / (uncertifiedTerm + prior);
  }

  private groupCounts(productLine: ProductLine, certified: boolean): BindCounts {
    return this.byCertification.get(`${productLine}:${certified}`) ?? { leads: 0, bound: 0 };
  }

  /**
   * The product line's pooled rate, shrunk by GROUP_PRIOR_LEADS toward the
   * overall prior: the prior of every agent's record on the line
   * (Agent.performance). Raw, one bound lead of one made it 100% for every
   * agent on the line, and outcomes before the line's first bind made it 0.
   */
  rateFor(productLine: ProductLine): number {
    const counts = this.byProductLine.get(productLine) ?? { leads: 0, bound: 0 };
    return estimatedBindRate(counts, this.overallPrior, GROUP_PRIOR_LEADS);
  }

  /**
   * Prior means for an agent certified for the product line and for one who is
   * not: each group's pooled rate, shrunk by GROUP_PRIOR_LEADS toward what the
   * line's base rate and the pooled certification ratio r predict for it —
   * base for the uncertified, base × r for the certified, where base makes the
   * two account for the line's binds: bound = base × (uncertified leads + r × certified leads).
   *
   * The base rate is itself shrunk by GROUP_PRIOR_LEADS toward the overall
   * prior split by √r, which is where a line without outcomes stays. Binds
   * come days after the first contacts, so a line's first outcomes are
   * seldom binds; unshrunk, its base and so every prior was 0, every agent
   * scored 0, and routing drew among all of them at random, blind to their
   * load, weight and certification.
   */
  certificationPriors(productLine: ProductLine): { certified: number; uncertified: number } {
    const ratio = this.certificationRatio;
    const certified = this.groupCounts(productLine, true);
    const uncertified = this.groupCounts(productLine, false);
    const base = estimatedBindRate(
      { bound: certified.bound + uncertified.bound, leads: uncertified.leads + ratio * certified.leads },
      this.overallPrior / Math.sqrt(ratio),
      GROUP_PRIOR_LEADS,
    );
    return {
      certified: estimatedBindRate(certified, Math.min(1, base * ratio), GROUP_PRIOR_LEADS),
      uncertified: estimatedBindRate(uncertified, Math.min(1, base), GROUP_PRIOR_LEADS),
    };
  }

  /**
   * The prior mean for counts summed over several product lines: each line's
   * rate weighted by the agent's leads in it, so an agent who works only LIFE
   * leads is compared with LIFE, not with the whole book. Without leads: the overall prior.
   */
  rateForMix(agentCounts: readonly ProductLineBindCounts[]): number {
    const leads = agentCounts.reduce((sum, row) => sum + row.leads, 0);
    if (leads === 0) return this.overallPrior;
    return agentCounts.reduce((sum, row) => sum + row.leads * this.rateFor(row.productLine), 0) / leads;
  }
}
