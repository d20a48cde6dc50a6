import { ProductLine } from '../../../lib/domain/enums';
import { GROUP_PRIOR_LEADS, PopulationBindRates } from '../../../subgraphs/outcomes/stats/bind-rate';

describe('certification priors', () => {
  it("start at the product line's rate and move to each group's own rate as its outcomes accumulate", () => {
    const none = new PopulationBindRates([
      { productLine: ProductLine.LIFE, certified: true, leads: 0, bound: 0 },
      { productLine: ProductLine.LIFE, certified: false, leads: 100, bound: 10 },
    ]);
    expect(none.certificationPriors(ProductLine.LIFE)).toEqual({ certified: 0.1, uncertified: 0.1 });

    const rich = new PopulationBindRates([
      { productLine: ProductLine.LIFE, certified: true, leads: 1000, bound: 300 },
      { productLine: ProductLine.LIFE, certified: false, leads: 1000, bound: 50 },
    ]);
    const lineRate = 350 / 2000;
    const priors = rich.certificationPriors(ProductLine.LIFE);
    expect(priors.certified).toBeCloseTo((300 + GROUP_PRIOR_LEADS * lineRate) / (1000 + GROUP_PRIOR_LEADS), 10);
    expect(priors.uncertified).toBeCloseTo((50 + GROUP_PRIOR_LEADS * lineRate) / (1000 + GROUP_PRIOR_LEADS), 10);
    expect(rich.rateFor(ProductLine.LIFE)).toBeCloseTo(lineRate, 10);
  });
});
