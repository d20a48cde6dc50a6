import { ProductLine } from '../../../lib/domain/enums';
import { newId } from '../../../lib/domain/ids';
import { dataOf, errorCode } from '../../support/graphql-client';
import { managerToken, partnerToken } from '../../support/tokens';
import {
  ENGINES,
  RECORD_OUTCOME,
  startOutcomesTestBed,
  type OutcomesTestBed,
  type RecordedOutcome,
} from './outcomes-test-bed';

const LEAD_OUTCOMES = /* GraphQL */ `
  query LeadOutcomes($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Lead {
        id
        outcomes {
          id
          type
          premium
          occurredAt
          agent {
            id
          }
          lead {
            id
          }
        }
      }
    }
  }
`;

const OUTCOMES = /* GraphQL */ `
  query Outcomes($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Outcome {
        id
        type
        reason
        policyNumber
        lead {
          id
        }
        agent {
          id
        }
      }
    }
  }
`;

const AGENT_PERFORMANCE = /* GraphQL */ `
  query AgentPerformance($representations: [_Any!]!, $productLine: ProductLine) {
    _entities(representations: $representations) {
      ... on Agent {
        id
        performance(productLine: $productLine) {
          bindRate
          estimatedBindRate
        }
      }
    }
  }
`;

describe.each(ENGINES)('federated entities (%s)', (engine) => {
  let bed: OutcomesTestBed;
  const record = async (input: Record<string, unknown>): Promise<RecordedOutcome> =>
    dataOf(await bed.request<{ recordOutcome: RecordedOutcome }>(RECORD_OUTCOME, { input }, managerToken()))
      .recordOutcome;

  beforeAll(async () => {
    bed = await startOutcomesTestBed(engine);
  });
  afterAll(async () => {
    await bed?.close();
  });

  it('resolves Lead.outcomes in the order they occurred, whatever the order they were recorded in', async () => {
    const agentId = await bed.insertAgent();
    const lead = await bed.insertLead({ createdAt: new Date('2024-10-01T08:00:00.000Z') });
    const quoted = await record({
      leadId: lead.id,
      agentId,
      type: 'QUOTED',
      premium: 99.99,
      occurredAt: '2024-10-02T09:00:00.000Z',
    });
    const contacted = await record({ leadId: lead.id, type: 'CONTACTED', occurredAt: '2024-10-01T09:00:00.000Z' });
    const untouched = await bed.insertLead();

    const { _entities } = dataOf(
      await bed.request<{ _entities: unknown[] }>(
        LEAD_OUTCOMES,
        {
          representations: [
            { __typename: 'Lead', id: lead.id },
            { __typename: 'Lead', id: untouched.id },
          ],
        },
        partnerToken('partner-acme'),
      ),
    );
    expect(_entities).toEqual([
      {
        id: lead.id,
        outcomes: [
          {
            id: contacted.id,
            type: 'CONTACTED',
            premium: null,
            occurredAt: '2024-10-01T09:00:00.000Z',
            agent: null,
            lead: { id: lead.id },
          },
          {
            id: quoted.id,
            type: 'QUOTED',
            premium: 99.99,
            occurredAt: '2024-10-02T09:00:00.000Z',
            agent: { id: agentId },
            lead: { id: lead.id },
          },
        ],
      },
      { id: untouched.id, outcomes: [] },
    ]);
  });

  it('resolves Outcome references, and NOT_FOUND for an unknown one', async () => {
    const lead = await bed.insertLead();
    const lost = await record({ leadId: lead.id, type: 'LOST', reason: 'bought elsewhere' });
    const found = dataOf(
      await bed.request<{ _entities: unknown[] }>(
        OUTCOMES,
        { representations: [{ __typename: 'Outcome', id: lost.id }] },
        managerToken(),
      ),
    );
    expect(found._entities).toEqual([
      { id: lost.id, type: 'LOST', reason: 'bought elsewhere', policyNumber: null, lead: { id: lead.id }, agent: null },
    ]);
    const missing = await bed.request(
      OUTCOMES,
      { representations: [{ __typename: 'Outcome', id: newId() }] },
      managerToken(),
    );
    expect(errorCode(missing)).toBe('NOT_FOUND');
  });

  describe('statement counts', () => {
    let agentIds: string[];
    let leadIds: string[];
    let outcomeIds: string[];
    const boundAgents = new Set<string>();

    beforeAll(async () => {
      agentIds = [];
      leadIds = [];
      outcomeIds = [];
      for (let i = 0; i < 100; i += 1) {
        const agentId = await bed.insertAgent();
        const lead = await bed.insertLead({ productLine: i % 2 ? ProductLine.LIFE : ProductLine.PERSONAL_AUTO });
        agentIds.push(agentId);
        leadIds.push(lead.id);
        if (i % 6 === 0) {
          outcomeIds.push(
            (await record({ leadId: lead.id, agentId, type: 'BOUND', premium: 700, policyNumber: `P-${i}` })).id,
          );
          boundAgents.add(agentId);
        } else if (i % 3 === 0) {
          outcomeIds.push((await record({ leadId: lead.id, agentId, type: 'CONTACTED' })).id);
        }
      }
    });

    it.each([undefined, ProductLine.LIFE])(
      'resolves 100 agents’ performance (productLine %s) in at most 2 SQL statements',
      async (productLine) => {
        bed.statements.reset();
        const { _entities } = dataOf(
          await bed.request<{
            _entities: Array<{ id: string; performance: { bindRate: number; estimatedBindRate: number } }>;
          }>(
            AGENT_PERFORMANCE,
            { representations: agentIds.map((id) => ({ __typename: 'Agent', id })), productLine },
            managerToken(),
          ),
        );
        expect(_entities.map((agent) => agent.id)).toEqual(agentIds);
        // Every bound lead is PERSONAL_AUTO, so only those agents have a bind rate, and only over all lines.
        const bindRates = _entities.map((agent) => (productLine === undefined && boundAgents.has(agent.id) ? 1 : 0));
        expect(_entities.map((agent) => agent.performance.bindRate)).toEqual(bindRates);
        for (const agent of _entities) {
          expect(agent.performance.estimatedBindRate).toBeGreaterThanOrEqual(0);
          expect(agent.performance.estimatedBindRate).toBeLessThan(1);
        }
        expect(bed.statements.count).toBeLessThanOrEqual(2);
      },
    );

    it('resolves 100 leads’ outcomes in at most 2 SQL statements', async () => {
      bed.statements.reset();
      const { _entities } = dataOf(
        await bed.request<{ _entities: Array<{ id: string; outcomes: unknown[] }> }>(
          LEAD_OUTCOMES,
          { representations: leadIds.map((id) => ({ __typename: 'Lead', id })) },
          managerToken(),
        ),
      );
      expect(_entities.filter((lead) => lead.outcomes.length === 1)).toHaveLength(outcomeIds.length);
      expect(bed.statements.count).toBeLessThanOrEqual(2);
    });

    it('resolves many Outcome references in at most 2 SQL statements', async () => {
      bed.statements.reset();
      const { _entities } = dataOf(
        await bed.request<{ _entities: Array<{ id: string }> }>(
          OUTCOMES,
          { representations: outcomeIds.map((id) => ({ __typename: 'Outcome', id })) },
          managerToken(),
        ),
      );
      expect(_entities.map((outcome) => outcome.id)).toEqual(outcomeIds);
      expect(bed.statements.count).toBeLessThanOrEqual(2);
    });
  });
});
