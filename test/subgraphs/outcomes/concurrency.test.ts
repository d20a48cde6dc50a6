import { LeadStatus, ProductLine } from '../../../lib/domain/enums';
import { dataOf, errorCode } from '../../support/graphql-client';
import { managerToken } from '../../support/tokens';
import { ENGINES, RECORD_OUTCOME, startOutcomesTestBed, type OutcomesTestBed } from './outcomes-test-bed';

const PERFORMANCE = /* GraphQL */ `
  query Performance($representations: [_Any!]!, $productLine: ProductLine) {
    _entities(representations: $representations) {
      ... on Agent {
        performance(productLine: $productLine) {
          leads
          contacted
          quoted
          bound
          lost
        }
      }
    }
  }
`;

describe.each(ENGINES)('concurrent outcomes (%s)', (engine) => {
  let bed: OutcomesTestBed;
  const record = (input: Record<string, unknown>) => bed.request(RECORD_OUTCOME, { input }, managerToken());
  const countsOf = async (agentId: string, productLine: ProductLine): Promise<Record<string, number>> =>
    dataOf(
      await bed.request<{ _entities: Array<{ performance: Record<string, number> }> }>(
        PERFORMANCE,
        { representations: [{ __typename: 'Agent', id: agentId }], productLine },
        managerToken(),
      ),
    )._entities[0].performance;

  beforeAll(async () => {
    bed = await startOutcomesTestBed(engine);
  });
  afterAll(async () => {
    await bed?.close();
  });

  it('counts a lead and each of its stages once, however many outcomes arrive at the same time', async () => {
    const agentId = await bed.insertAgent();
    const lead = await bed.insertLead({ productLine: ProductLine.RENTERS });
    const before = await bed.outcomeCount();
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        record(
          i % 2
            ? { leadId: lead.id, agentId, type: 'QUOTED', premium: 200 + i }
            : { leadId: lead.id, agentId, type: 'CONTACTED' },
        ),
      ),
    );
    responses.forEach((response) => dataOf(response));
    expect(await bed.outcomeCount()).toBe(before + 8);
    expect(await bed.leadStatus(lead.id)).toBe(LeadStatus.QUOTED);
    expect(await countsOf(agentId, ProductLine.RENTERS)).toEqual({
      leads: 1,
      contacted: 1,
      quoted: 1,
      bound: 0,
      lost: 0,
    });
  });

  it('adds up the first outcomes of many leads for one agent recorded at the same time', async () => {
    const agentId = await bed.insertAgent();
    const leads = await Promise.all(
      Array.from({ length: 10 }, () => bed.insertLead({ productLine: ProductLine.UMBRELLA })),
    );
    const responses = await Promise.all(leads.map((lead) => record({ leadId: lead.id, agentId, type: 'CONTACTED' })));
    responses.forEach((response) => dataOf(response));
    expect(await countsOf(agentId, ProductLine.UMBRELLA)).toEqual({
      leads: 10,
      contacted: 10,
      quoted: 0,
      bound: 0,
      lost: 0,
    });
  });

  it('lets exactly one of a simultaneous BOUND and LOST close the lead; the other is a CONFLICT', async () => {
    const agentId = await bed.insertAgent();
    const lead = await bed.insertLead({ status: LeadStatus.QUOTED, productLine: ProductLine.BOP });
    const before = await bed.outcomeCount();
    const [bound, lost] = await Promise.all([
      record({ leadId: lead.id, agentId, type: 'BOUND', premium: 5000, policyNumber: 'BOP-1' }),
      record({ leadId: lead.id, agentId, type: 'LOST', reason: 'went elsewhere' }),
    ]);
    const codes = [bound, lost].map((response) => (response.errors ? errorCode(response) : 'OK'));
    expect(codes.sort()).toEqual(['CONFLICT', 'OK']);
    const winner = bound.errors ? LeadStatus.LOST : LeadStatus.BOUND;
    expect(await bed.leadStatus(lead.id)).toBe(winner);
    expect(await bed.outcomeCount()).toBe(before + 1);
    const counts = await countsOf(agentId, ProductLine.BOP);
    expect(counts.leads).toBe(1);
    expect(counts.bound + counts.lost).toBe(1);
  });
});
