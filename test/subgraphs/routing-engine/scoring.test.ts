import { ProductLine, TerritoryRole } from '../../../lib/domain/enums';
import { decide, loadDiscount, roundForAudit, type RoutingOutcome } from '../../../subgraphs/leads/routing/engine';
import type { CandidateFacts } from '../../../subgraphs/leads/routing/engine/types';
import { PopulationBindRates } from '../../../subgraphs/outcomes/stats/bind-rate';
import { LEAD, candidate, routingInput, ruleFor } from './engine-fixtures';

/** Far apart scores only: no rotation, so the order is the ranking. */
const NO_ROTATION = ruleFor({ rotationTolerance: 0 });

function ranking(candidates: CandidateFacts[], populationBindRate = 0.1): string[] {
  return decide(
    routingInput(candidates, {
      rule: NO_ROTATION,
      populationBindRate: { certified: populationBindRate, uncertified: populationBindRate },
    }),
  ).attempts.map(({ agentId }) => agentId);
}

function scoreOf(outcome: RoutingOutcome, agentId: string): number {
  const score = outcome.candidates.find((record) => record.agentId === agentId)?.score;
  if (typeof score !== 'number') throw new Error(`${agentId} has no score`);
  return score;
}

describe('routing engine: scoring', () => {
  it('records every factor of the score', () => {
    const outcome = decide(
      routingInput(
        [
          candidate(
            { openCount: 2, maxOpen: 10, assignedToday: 10, dailyCap: 20, assignedDay: '2026-11-23' },
            { stats: { leads: 20, bound: 4 } },
          ),
        ],
        { lead: { ...LEAD, estimatedPremium: 1000 } },
      ),
    );
    // propensity (4 + 0.1·20) / (20 + 20) = 0.15; f = max(2/10, 10/20) = 0.5;
    // ψ(0.5) = (1 − e^−0.5) / (1 − e^−1) = 0.622459; score = 0.15 × 1000 × 0.622459 × 1.
    expect(outcome.candidates[0]).toEqual({
      agentId: 'agent-a',
      eligible: true,
      excludedBy: null,
      score: 93.3689,
      components: {
        role: TerritoryRole.PRIMARY,
        weight: 1,
        propensity: 0.15,
        certified: true,
        priorMean: 0.1,
        agentLeads: 20,
        agentBound: 4,
        premium: 1000,
        expectedValue: 150,
        utilization: 0.5,
        loadDiscount: 0.622459,
        band: 'medium',
        score: 93.3689,
      },
    });
  });

  it('labels the propensity with the first band it reaches', () => {
    const bandOf = (bound: number) =>
      decide(routingInput([candidate({}, { stats: { leads: 80, bound } })])).candidates[0].components?.band;
    expect(bandOf(30)).toBe('high'); // 32/100
    expect(bandOf(10)).toBe('medium'); // 12/100
    expect(bandOf(0)).toBe('low'); // 2/100
  });

  it('discounts load from 1 when idle to 0 when full', () => {
    expect(loadDiscount(0)).toBe(1);
    expect(loadDiscount(1)).toBe(0);
    expect(loadDiscount(0.5)).toBeCloseTo(0.622459, 6);
    expect(loadDiscount(0.9)).toBeLessThan(loadDiscount(0.8));
  });

  it('ranks a higher-propensity agent above a lower one at equal load', () => {
    const strong = candidate({ id: 'strong', openCount: 3 }, { stats: { leads: 100, bound: 30 } });
    const weak = candidate({ id: 'weak', openCount: 3 }, { stats: { leads: 100, bound: 5 } });
    expect(ranking([weak, strong])).toEqual(['strong', 'weak']);
  });

  it('ranks a busy agent below an idle one at equal propensity', () => {
    const busy = candidate({ id: 'busy', openCount: 6 });
    const idle = candidate({ id: 'idle', openCount: 0 });
    expect(ranking([busy, idle])).toEqual(['idle', 'busy']);
  });

  it('counts the daily cap in the load as well as open assignments', () => {
    const dayNearlyDone = candidate({ id: 'day-nearly-done', assignedToday: 18, assignedDay: '2026-11-23' });
    const fresh = candidate({ id: 'fresh', openCount: 1 });
    expect(ranking([dayNearlyDone, fresh])).toEqual(['fresh', 'day-nearly-done']);
  });

  it('saves a busy specialist for leads only it can take when an idle generalist is nearly as good', () => {
    const specialist = candidate({ id: 'specialist', openCount: 7 }, { stats: { leads: 100, bound: 25 } });
    const generalist = candidate({ id: 'generalist' }, { stats: { leads: 100, bound: 15 } });
    expect(ranking([specialist, generalist])).toEqual(['generalist', 'specialist']);
    // Idle, the specialist's better record wins.
    const idleSpecialist = candidate({ id: 'specialist' }, { stats: { leads: 100, bound: 25 } });
    expect(ranking([idleSpecialist, generalist])).toEqual(['specialist', 'generalist']);
  });

  it('scales the score by the membership weight', () => {
    const outcome = decide(
      routingInput([candidate({ id: 'double' }, { weight: 2 }), candidate({ id: 'single' }, { weight: 1 })], {
        rule: NO_ROTATION,
      }),
    );
    expect(outcome.attempts[0].agentId).toBe('double');
    expect(scoreOf(outcome, 'double') / scoreOf(outcome, 'single')).toBeCloseTo(2, 4);
  });

  it('shrinks a short record toward the population rate: 1/1 bound does not beat 40/100', () => {
    const lucky = candidate({ id: 'lucky' }, { stats: { leads: 1, bound: 1 } });
    const proven = candidate({ id: 'proven' }, { stats: { leads: 100, bound: 40 } });
    expect(ranking([lucky, proven], 0.1)).toEqual(['proven', 'lucky']);
    const outcome = decide(routingInput([lucky, proven], { rule: NO_ROTATION }));
    const propensity = (agentId: string) =>
      outcome.candidates.find((record) => record.agentId === agentId)?.components?.propensity;
    expect(propensity('lucky')).toBeCloseTo(3 / 21, 6); // (1 + 2) / (1 + 20)
    expect(propensity('proven')).toBeCloseTo(42 / 120, 6); // (40 + 2) / (100 + 20)
  });

  it("keeps ranking by load and certification before a product line's first bind", () => {
    // Outcomes are in, none a bind yet: the usual first days of a product line.
    const population = new PopulationBindRates([
      { productLine: ProductLine.PERSONAL_AUTO, certified: true, leads: 40, bound: 0 },
      { productLine: ProductLine.PERSONAL_AUTO, certified: false, leads: 40, bound: 0 },
    ]);
    const unbound = { leads: 4, bound: 0 };
    const busy = candidate({ id: 'busy', openCount: 6 }, { stats: unbound });
    const idle = candidate({ id: 'idle' }, { stats: unbound });
    const uncertified = candidate({ id: 'uncertified', certifications: [] }, { stats: unbound });
    const outcome = decide(
      routingInput([busy, uncertified, idle], {
        populationBindRate: population.certificationPriors(ProductLine.PERSONAL_AUTO),
      }),
    );
    // Not a draw among equal zeros: the idle certified agent is the one pick.
    expect(outcome.attempts.map(({ agentId, probability }) => [agentId, probability])).toEqual([
      ['idle', 1],
      ['uncertified', 1],
      ['busy', 1],
    ]);
  });

  it('credits an agent without outcomes with the population rate', () => {
    const outcome = decide(routingInput([candidate()], { populationBindRate: { certified: 0.07, uncertified: 0.07 } }));
    expect(outcome.candidates[0].components).toMatchObject({ propensity: 0.07, priorMean: 0.07, agentLeads: 0 });
  });

  it('scales every candidate alike by the premium, 1 when the lead has none', () => {
    const team = [
      candidate({ id: 'a', openCount: 4 }, { stats: { leads: 50, bound: 10 } }),
      candidate({ id: 'b', openCount: 1 }, { stats: { leads: 50, bound: 6 } }),
      candidate({ id: 'c', openCount: 0 }, { stats: { leads: 10, bound: 0 } }),
    ];
    const withPremium = decide(routingInput(team, { rule: NO_ROTATION }));
    const without = decide(routingInput(team, { rule: NO_ROTATION, lead: { ...LEAD, estimatedPremium: null } }));
    expect(without.attempts).toEqual(withPremium.attempts);
    expect(without.candidates[0].components).toMatchObject({ premium: 1 });
    expect(scoreOf(withPremium, 'a') / scoreOf(without, 'a')).toBeCloseTo(1200, 1);
  });

  it('stores numbers rounded to 6 significant digits', () => {
    expect(roundForAudit(0.142857142857)).toBe(0.142857);
    expect(roundForAudit(1234.56789)).toBe(1234.57);
    expect(roundForAudit(98765432)).toBe(98765400);
    expect(roundForAudit(0.0123456789)).toBe(0.0123457);
    expect(roundForAudit(-2.5e-7)).toBe(-2.5e-7);
    expect(roundForAudit(0)).toBe(0);
  });

  it("centres a certified agent's prior on certified peers' rate, and an uncertified one's on theirs", () => {
    const certifiedAgent = candidate({ id: 'certified', certifications: [ProductLine.PERSONAL_AUTO] });
    const uncertifiedAgent = candidate({ id: 'uncertified', certifications: [] });
    const outcome = decide(
      routingInput([uncertifiedAgent, certifiedAgent], {
        rule: NO_ROTATION,
        populationBindRate: { certified: 0.3, uncertified: 0.05 },
      }),
    );
    expect(outcome.attempts[0].agentId).toBe('certified');
    const components = Object.fromEntries(
      outcome.candidates.map((record) => [record.agentId, record.components as Record<string, unknown>]),
    );
    expect(components.certified).toMatchObject({ certified: true, priorMean: 0.3, propensity: 0.3 });
    expect(components.uncertified).toMatchObject({ certified: false, priorMean: 0.05, propensity: 0.05 });
  });
});
