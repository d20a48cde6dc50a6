import { ProductLine } from '../../../lib/domain/enums';
import { dataOf, type GraphQLResponse } from '../../support/graphql-client';
import { managerToken } from '../../support/tokens';
import { ENGINES, RECORD_OUTCOME, startOutcomesTestBed, type OutcomesTestBed } from './outcomes-test-bed';

interface Performance {
  leads: number;
  contacted: number;
  quoted: number;
  bound: number;
  lost: number;
  bindRate: number;
  estimatedBindRate: number;
}

const PERFORMANCE = /* GraphQL */ `
  query Performance($representations: [_Any!]!, $productLine: ProductLine) {
    _entities(representations: $representations) {
      ... on Agent {
        id
        performance(productLine: $productLine) {
          leads
          contacted
          quoted
          bound
          lost
          bindRate
          estimatedBindRate
        }
      }
    }
  }
`;

/** Prior strength α + β and the default prior mean, as documented on the AgentPerformance field. */
const PRIOR = 20;
const DEFAULT_RATE = 0.1;
/** Leads' worth of weight that the overall prior has on a product line's pooled rate (GROUP_PRIOR_LEADS). */
const GROUP_PRIOR = 50;

/** The overall rate of `bound` of `leads`, shrunk toward the default. */
const overallPriorOf = (bound: number, leads: number): number =>
  (bound + GROUP_PRIOR * DEFAULT_RATE) / (leads + GROUP_PRIOR);
/** A product line's pooled rate of `bound` of `leads`, shrunk toward the overall prior. */
const lineRateOf = (bound: number, leads: number, overallPrior: number): number =>
  (bound + GROUP_PRIOR * overallPrior) / (leads + GROUP_PRIOR);

describe.each(ENGINES)('Agent.performance (%s)', (engine) => {
  let bed: OutcomesTestBed;
  let rookie: string; // few leads, one bound
  let veteran: string; // many leads, none bound
  let newcomer: string; // no outcomes at all

  const record = async (input: Record<string, unknown>): Promise<void> => {
    dataOf(await bed.request(RECORD_OUTCOME, { input }, managerToken()));
  };
  const performanceOf = async (agentId: string, productLine?: ProductLine): Promise<Performance> => {
    const response: GraphQLResponse<{ _entities: Array<{ id: string; performance: Performance }> }> = await bed.request(
      PERFORMANCE,
      { representations: [{ __typename: 'Agent', id: agentId }], productLine },
      managerToken(),
    );
    return dataOf(response)._entities[0].performance;
  };

  beforeAll(async () => {
    bed = await startOutcomesTestBed(engine);
    [rookie, veteran, newcomer] = [await bed.insertAgent(), await bed.insertAgent(), await bed.insertAgent()];
  });
  afterAll(async () => {
    await bed?.close();
  });

  it('starts every agent at the default prior before any outcome exists', async () => {
    expect(await performanceOf(newcomer)).toEqual({
      leads: 0,
      contacted: 0,
      quoted: 0,
      bound: 0,
      lost: 0,
      bindRate: 0,
      estimatedBindRate: DEFAULT_RATE,
    });
  });

  it('estimates every agent on a line above 0 before its first bind, below the default, and lower the more leads it lost', async () => {
    const [fewLosses, manyLosses] = [await bed.insertAgent(), await bed.insertAgent()];
    for (const [agentId, count] of [
      [fewLosses, 1],
      [manyLosses, 4],
    ] as const) {
      for (let i = 0; i < count; i += 1) {
        const lead = await bed.insertLead({ productLine: ProductLine.LIFE });
        await record({ leadId: lead.id, agentId, type: 'LOST', reason: 'price' });
      }
    }
    const estimateOf = async (agentId: string): Promise<number> =>
      (await performanceOf(agentId, ProductLine.LIFE)).estimatedBindRate;

    // Population: LIFE 0 bound of 5 leads, and nothing else.
    const lifeRate = lineRateOf(0, 5, overallPriorOf(0, 5));
    expect(await estimateOf(fewLosses)).toBeCloseTo((0 + lifeRate * PRIOR) / (1 + PRIOR), 10);
    expect(await estimateOf(manyLosses)).toBeCloseTo((0 + lifeRate * PRIOR) / (4 + PRIOR), 10);
    expect(await estimateOf(manyLosses)).toBeGreaterThan(0);
    expect(await estimateOf(manyLosses)).toBeLessThan(await estimateOf(fewLosses));
    expect(await estimateOf(fewLosses)).toBeLessThan(DEFAULT_RATE);
  });

  describe('after a sequence of outcomes', () => {
    beforeAll(async () => {
      // Rookie, PERSONAL_AUTO: one lead through every stage (with a repeated CONTACTED), one lost.
      const won = await bed.insertLead({
        productLine: ProductLine.PERSONAL_AUTO,
        createdAt: new Date('2024-11-01T09:00:00Z'),
      });
      await record({ leadId: won.id, agentId: rookie, type: 'CONTACTED', occurredAt: '2024-11-01T10:00:00Z' });
      await record({ leadId: won.id, agentId: rookie, type: 'CONTACTED', occurredAt: '2024-11-01T11:00:00Z' });
      await record({
        leadId: won.id,
        agentId: rookie,
        type: 'QUOTED',
        premium: 1500,
        occurredAt: '2024-11-02T10:00:00Z',
      });
      await record({ leadId: won.id, agentId: rookie, type: 'BOUND', premium: 1450, policyNumber: 'PA-1' });
      const lost = await bed.insertLead({ productLine: ProductLine.PERSONAL_AUTO });
      await record({ leadId: lost.id, agentId: rookie, type: 'LOST', reason: 'no answer' });
      // Rookie, HOMEOWNERS: bound straight away, which counts as contacted and quoted too.
      const home = await bed.insertLead({ productLine: ProductLine.HOMEOWNERS });
      await record({ leadId: home.id, agentId: rookie, type: 'BOUND', premium: 2100, policyNumber: 'HO-1' });
      // Veteran, PERSONAL_AUTO: eight leads contacted then lost.
      for (let i = 0; i < 8; i += 1) {
        const lead = await bed.insertLead({ productLine: ProductLine.PERSONAL_AUTO });
        await record({ leadId: lead.id, agentId: veteran, type: 'CONTACTED' });
        await record({ leadId: lead.id, agentId: veteran, type: 'LOST', reason: 'price' });
      }
      // Unattributed outcomes count for nobody.
      const orphan = await bed.insertLead({ productLine: ProductLine.PERSONAL_AUTO });
      await record({ leadId: orphan.id, type: 'BOUND', premium: 10, policyNumber: 'X-1' });
    });

    // Population: PERSONAL_AUTO 1 bound of 10 leads; HOMEOWNERS 1 of 1; LIFE 0 of 5 (above); overall 2 of 16.
    const overallRate = overallPriorOf(2, 16);
    const personalAutoRate = lineRateOf(1, 10, overallRate);
    // One bound lead of one makes HOMEOWNERS no 100% line: it stays near the overall rate.
    const homeownersRate = lineRateOf(1, 1, overallRate);

    it('counts each lead once per stage it reached with the agent', async () => {
      expect(await performanceOf(rookie, ProductLine.PERSONAL_AUTO)).toEqual({
        leads: 2,
        contacted: 1,
        quoted: 1,
        bound: 1,
        lost: 1,
        bindRate: 0.5,
        estimatedBindRate: expect.any(Number),
      });
      expect(await performanceOf(rookie, ProductLine.HOMEOWNERS)).toMatchObject({
        leads: 1,
        contacted: 1,
        quoted: 1,
        bound: 1,
        lost: 0,
        bindRate: 1,
      });
      expect(await performanceOf(veteran, ProductLine.PERSONAL_AUTO)).toMatchObject({
        leads: 8,
        contacted: 8,
        quoted: 0,
        bound: 0,
        lost: 8,
        bindRate: 0,
      });
    });

    it('shrinks a small record toward the population rate of the product line', async () => {
      const rookieAuto = await performanceOf(rookie, ProductLine.PERSONAL_AUTO);
      expect(rookieAuto.estimatedBindRate).toBeCloseTo((1 + personalAutoRate * PRIOR) / (2 + PRIOR), 10);
      // Two leads are little evidence: the estimate stays much nearer the population's 11% than the observed 50%.
      expect(rookieAuto.estimatedBindRate - personalAutoRate).toBeLessThan(
        (rookieAuto.bindRate - personalAutoRate) / 4,
      );
      expect(rookieAuto.estimatedBindRate).toBeGreaterThan(personalAutoRate);

      const veteranAuto = await performanceOf(veteran, ProductLine.PERSONAL_AUTO);
      expect(veteranAuto.estimatedBindRate).toBeCloseTo((0 + personalAutoRate * PRIOR) / (8 + PRIOR), 10);
      expect(veteranAuto.estimatedBindRate).toBeGreaterThan(0);
      expect(veteranAuto.estimatedBindRate).toBeLessThan(personalAutoRate);

      const rookieHome = await performanceOf(rookie, ProductLine.HOMEOWNERS);
      expect(rookieHome.estimatedBindRate).toBeCloseTo((1 + homeownersRate * PRIOR) / (1 + PRIOR), 10);
    });

    it('sums over product lines without an argument, with a prior weighted by the agent’s own mix of lines', async () => {
      const rookieAll = await performanceOf(rookie);
      expect(rookieAll).toMatchObject({ leads: 3, contacted: 2, quoted: 2, bound: 2, lost: 1 });
      expect(rookieAll.bindRate).toBeCloseTo(2 / 3, 10);
      const priorMean = (2 * personalAutoRate + 1 * homeownersRate) / 3;
      expect(rookieAll.estimatedBindRate).toBeCloseTo((2 + priorMean * PRIOR) / (3 + PRIOR), 10);
    });

    it('gives an agent without outcomes the population rate, or the overall prior for a product line without data', async () => {
      expect((await performanceOf(newcomer, ProductLine.PERSONAL_AUTO)).estimatedBindRate).toBeCloseTo(
        personalAutoRate,
        10,
      );
      expect((await performanceOf(newcomer)).estimatedBindRate).toBeCloseTo(overallRate, 10);
      expect(await performanceOf(newcomer, ProductLine.UMBRELLA)).toEqual({
        leads: 0,
        contacted: 0,
        quoted: 0,
        bound: 0,
        lost: 0,
        bindRate: 0,
        estimatedBindRate: expect.closeTo(overallRate, 10),
      });
    });

    it('credits each agent of a lead worked by two agents with its own stages', async () => {
      const [first, second] = [await bed.insertAgent(), await bed.insertAgent()];
      const lead = await bed.insertLead({ productLine: ProductLine.LIFE });
      await record({ leadId: lead.id, agentId: first, type: 'CONTACTED' });
      await record({ leadId: lead.id, agentId: second, type: 'QUOTED', premium: 80 });
      expect(await performanceOf(first, ProductLine.LIFE)).toMatchObject({ leads: 1, contacted: 1, quoted: 0 });
      expect(await performanceOf(second, ProductLine.LIFE)).toMatchObject({ leads: 1, contacted: 1, quoted: 1 });
    });
  });
});
