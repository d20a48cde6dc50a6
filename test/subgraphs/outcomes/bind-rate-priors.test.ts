import { ProductLine } from '../../../lib/domain/enums';
import {
  DEFAULT_BIND_RATE,
  GROUP_PRIOR_LEADS,
  PRIOR_CERTIFICATION_LIFT,
  PopulationBindRates,
} from '../../../subgraphs/outcomes/stats/bind-rate';

describe('certification priors', () => {
  it('prefer certified agents before any outcome, by the prior lift', () => {
    const empty = new PopulationBindRates([]);
    const priors = empty.certificationPriors(ProductLine.LIFE);
    expect(priors.certified / priors.uncertified).toBeCloseTo(PRIOR_CERTIFICATION_LIFT, 10);
    expect(Math.sqrt(priors.certified * priors.uncertified)).toBeCloseTo(0.1, 10);
  });

  it('stay above 0, certified above uncertified, while outcomes exist but none is bound yet', () => {
    const unbound = new PopulationBindRates([
      { productLine: ProductLine.LIFE, certified: true, leads: 30, bound: 0 },
      { productLine: ProductLine.LIFE, certified: false, leads: 40, bound: 0 },
    ]);
    expect(unbound.certificationRatio).toBeCloseTo(PRIOR_CERTIFICATION_LIFT, 10);
    const life = unbound.certificationPriors(ProductLine.LIFE);
    const homeowners = unbound.certificationPriors(ProductLine.HOMEOWNERS);
    for (const priors of [life, homeowners]) {
      expect(priors.uncertified).toBeGreaterThan(0);
      expect(priors.certified).toBeGreaterThan(priors.uncertified);
    }
    // Seventy leads without a bind do lower the line's rate below a line without outcomes.
    expect(life.certified).toBeLessThan(homeowners.certified);
  });

  it('centre each group on the line base rate times the certification ratio pooled over lines', () => {
    const none = new PopulationBindRates([
      { productLine: ProductLine.LIFE, certified: true, leads: 0, bound: 0 },
      { productLine: ProductLine.LIFE, certified: false, leads: 100, bound: 10 },
    ]);
    // No certified outcome: the ratio is the prior lift; the uncertified's base is their rate, shrunk
    // toward the overall prior (here also 0.1) split by √r.
    expect(none.certificationRatio).toBeCloseTo(PRIOR_CERTIFICATION_LIFT, 10);
    const noneBase = (10 + (GROUP_PRIOR_LEADS * 0.1) / Math.sqrt(PRIOR_CERTIFICATION_LIFT)) / (100 + GROUP_PRIOR_LEADS);
    expect(none.certificationPriors(ProductLine.LIFE).uncertified).toBeCloseTo(
      (10 + GROUP_PRIOR_LEADS * noneBase) / (100 + GROUP_PRIOR_LEADS),
      10,
    );
    expect(none.certificationPriors(ProductLine.LIFE).certified).toBeCloseTo(noneBase * PRIOR_CERTIFICATION_LIFT, 10);

    const rich = new PopulationBindRates([
      { productLine: ProductLine.LIFE, certified: true, leads: 1000, bound: 300 },
      { productLine: ProductLine.LIFE, certified: false, leads: 1000, bound: 50 },
    ]);
    const overallPrior = (350 + GROUP_PRIOR_LEADS * DEFAULT_BIND_RATE) / (2000 + GROUP_PRIOR_LEADS);
    const prior = (GROUP_PRIOR_LEADS * overallPrior) / 2;
    const ratio = (150 + PRIOR_CERTIFICATION_LIFT * prior) / (25 + prior);
    expect(rich.certificationRatio).toBeCloseTo(ratio, 10);
    const base =
      (350 + (GROUP_PRIOR_LEADS * overallPrior) / Math.sqrt(ratio)) / (1000 + ratio * 1000 + GROUP_PRIOR_LEADS);
    const priors = rich.certificationPriors(ProductLine.LIFE);
    expect(priors.certified).toBeCloseTo((300 + GROUP_PRIOR_LEADS * base * ratio) / (1000 + GROUP_PRIOR_LEADS), 10);
    expect(priors.uncertified).toBeCloseTo((50 + GROUP_PRIOR_LEADS * base) / (1000 + GROUP_PRIOR_LEADS), 10);
    // With 2,000 leads the line's own rate outweighs the prior it is shrunk toward.
    expect(rich.rateFor(ProductLine.LIFE)).toBeCloseTo((350 + GROUP_PRIOR_LEADS * overallPrior) / 2050, 10);
    expect(Math.abs(rich.rateFor(ProductLine.LIFE) - 350 / 2000)).toBeLessThan(0.002);
  });
});
