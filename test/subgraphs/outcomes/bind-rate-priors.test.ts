import { ProductLine } from '../../../lib/domain/enums';
import {
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

  it('stay numbers while outcomes exist but none is bound yet', () => {
    const unbound = new PopulationBindRates([
      { productLine: ProductLine.LIFE, certified: true, leads: 3, bound: 0 },
      { productLine: ProductLine.LIFE, certified: false, leads: 4, bound: 0 },
    ]);
    expect(unbound.certificationRatio).toBeCloseTo(PRIOR_CERTIFICATION_LIFT, 10);
    for (const productLine of [ProductLine.LIFE, ProductLine.HOMEOWNERS]) {
      const priors = unbound.certificationPriors(productLine);
      expect(Number.isFinite(priors.certified) && Number.isFinite(priors.uncertified)).toBe(true);
      expect(priors.certified).toBeGreaterThanOrEqual(priors.uncertified);
    }
  });

  it('centre each group on the line base rate times the certification ratio pooled over lines', () => {
    const none = new PopulationBindRates([
      { productLine: ProductLine.LIFE, certified: true, leads: 0, bound: 0 },
      { productLine: ProductLine.LIFE, certified: false, leads: 100, bound: 10 },
    ]);
    // No certified outcome: the ratio is the prior lift; the uncertified keep their rate.
    expect(none.certificationRatio).toBeCloseTo(PRIOR_CERTIFICATION_LIFT, 10);
    expect(none.certificationPriors(ProductLine.LIFE).uncertified).toBeCloseTo(0.1, 10);
    expect(none.certificationPriors(ProductLine.LIFE).certified).toBeCloseTo(0.1 * PRIOR_CERTIFICATION_LIFT, 10);

    const rich = new PopulationBindRates([
      { productLine: ProductLine.LIFE, certified: true, leads: 1000, bound: 300 },
      { productLine: ProductLine.LIFE, certified: false, leads: 1000, bound: 50 },
    ]);
    const prior = (GROUP_PRIOR_LEADS * (350 / 2000)) / 2;
    const ratio = (150 + PRIOR_CERTIFICATION_LIFT * prior) / (25 + prior);
    expect(rich.certificationRatio).toBeCloseTo(ratio, 10);
    const base = 350 / (1000 + ratio * 1000);
    const priors = rich.certificationPriors(ProductLine.LIFE);
    expect(priors.certified).toBeCloseTo((300 + GROUP_PRIOR_LEADS * base * ratio) / (1000 + GROUP_PRIOR_LEADS), 10);
    expect(priors.uncertified).toBeCloseTo((50 + GROUP_PRIOR_LEADS * base) / (1000 + GROUP_PRIOR_LEADS), 10);
    expect(rich.rateFor(ProductLine.LIFE)).toBeCloseTo(350 / 2000, 10);
  });
});
