import { newId } from '../../../lib/domain/ids';
import { AssignmentStatus } from '../../../subgraphs/leads/assignment/assignment-status';
import { dataOf } from '../../support/graphql-client';
import { adminToken, agentToken, managerToken, partnerToken } from '../../support/tokens';
import {
  ENGINES,
  RECORD_OUTCOME,
  startOutcomesTestBed,
  type OutcomesTestBed,
  type RecordedOutcome,
} from './outcomes-test-bed';

/*
 * The outcomes subgraph called directly, as anyone holding a valid token can:
 * it must apply the leads subgraph's rule (canSeeLead) itself rather than rely
 * on the gateway having resolved the lead first.
 */

const LEAD_OUTCOMES = /* GraphQL */ `
  query LeadOutcomes($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Lead {
        id
        outcomes {
          id
          type
          premium
          policyNumber
          agent {
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
        premium
        policyNumber
      }
    }
  }
`;

interface LeadWithOutcomes {
  id: string;
  outcomes: Array<{ id: string; type: string; premium: number | null; policyNumber: string | null }>;
}

describe.each(ENGINES)('lead visibility of outcomes, called directly (%s)', (engine) => {
  let bed: OutcomesTestBed;
  /** partner-acme's lead: agent `declined` passed on it, agent `worker` accepted and bound it. */
  let acmeLead: string;
  let acmeOutcomes: RecordedOutcome[];
  /** partner-zenith's lead, bound by nobody in particular. */
  let zenithLead: string;
  let zenithBound: RecordedOutcome;
  let declined: string;
  let worker: string;
  /** Has an offer, but of another lead. */
  let stranger: string;
  let strangerLead: string;

  const record = async (input: Record<string, unknown>): Promise<RecordedOutcome> =>
    dataOf(await bed.request<{ recordOutcome: RecordedOutcome }>(RECORD_OUTCOME, { input }, managerToken()))
      .recordOutcome;

  const leadOutcomes = async (leadIds: string[], token: string): Promise<LeadWithOutcomes[]> =>
    dataOf(
      await bed.request<{ _entities: LeadWithOutcomes[] }>(
        LEAD_OUTCOMES,
        { representations: leadIds.map((id) => ({ __typename: 'Lead', id })) },
        token,
      ),
    )._entities;

  const outcomeRefs = async (outcomeIds: string[], token: string): Promise<Array<{ id: string } | null>> =>
    dataOf(
      await bed.request<{ _entities: Array<{ id: string } | null> }>(
        OUTCOMES,
        { representations: outcomeIds.map((id) => ({ __typename: 'Outcome', id })) },
        token,
      ),
    )._entities;

  const idsOf = (lead: LeadWithOutcomes): string[] => lead.outcomes.map((outcome) => outcome.id);

  beforeAll(async () => {
    bed = await startOutcomesTestBed(engine);
    [declined, worker, stranger] = [await bed.insertAgent(), await bed.insertAgent(), await bed.insertAgent()];

    acmeLead = (await bed.insertLead({ partnerId: 'partner-acme', createdAt: new Date('2024-10-01T08:00:00.000Z') }))
      .id;
    await bed.insertAssignment(acmeLead, declined, AssignmentStatus.DECLINED);
    await bed.insertAssignment(acmeLead, worker, AssignmentStatus.ACCEPTED);
    acmeOutcomes = [
      await record({ leadId: acmeLead, type: 'CONTACTED', occurredAt: '2024-10-01T09:00:00.000Z' }),
      await record({ leadId: acmeLead, type: 'BOUND', premium: 1500, policyNumber: 'ACME-1' }),
    ];

    zenithLead = (await bed.insertLead({ partnerId: 'partner-zenith' })).id;
    zenithBound = await record({ leadId: zenithLead, type: 'BOUND', premium: 900, policyNumber: 'ZEN-1' });

    strangerLead = (await bed.insertLead({ partnerId: 'partner-zenith' })).id;
    await bed.insertAssignment(strangerLead, stranger, AssignmentStatus.ACCEPTED);
    await record({ leadId: strangerLead, type: 'CONTACTED' });
  });
  afterAll(async () => {
    await bed?.close();
  });

  describe('Lead.outcomes', () => {
    it("gives a partner its own leads' outcomes and none of another partner's", async () => {
      const [own, other] = await leadOutcomes([acmeLead, zenithLead], partnerToken('partner-acme'));
      expect(own.id).toBe(acmeLead);
      expect(idsOf(own)).toEqual(acmeOutcomes.map((outcome) => outcome.id));
      expect(own.outcomes[1]).toMatchObject({ type: 'BOUND', premium: 1500, policyNumber: 'ACME-1' });
      expect(other).toEqual({ id: zenithLead, outcomes: [] });

      const [fromZenith] = await leadOutcomes([zenithLead], partnerToken('partner-zenith'));
      expect(idsOf(fromZenith)).toEqual([zenithBound.id]);
    });

    it('gives an agent the outcomes of leads offered to it, whatever became of the offer', async () => {
      for (const agentId of [worker, declined]) {
        const [lead] = await leadOutcomes([acmeLead], agentToken(agentId));
        expect(idsOf(lead)).toEqual(acmeOutcomes.map((outcome) => outcome.id));
      }
    });

    it('gives an agent never offered the lead no outcomes, while it still sees its own', async () => {
      const [acme, zenith, own] = await leadOutcomes([acmeLead, zenithLead, strangerLead], agentToken(stranger));
      expect(acme).toEqual({ id: acmeLead, outcomes: [] });
      expect(zenith).toEqual({ id: zenithLead, outcomes: [] });
      expect(own.outcomes).toHaveLength(1);
    });

    it.each([
      ['ADMIN', adminToken],
      ['MANAGER', managerToken],
    ])('gives staff (%s) every lead’s outcomes', async (_role, token) => {
      const leads = await leadOutcomes([acmeLead, zenithLead], token());
      expect(leads.map(idsOf)).toEqual([acmeOutcomes.map((outcome) => outcome.id), [zenithBound.id]]);
    });
  });

  describe('Outcome references', () => {
    it("resolve to null for another partner's outcome, and to the outcome for the partner's own", async () => {
      const [other, own] = await outcomeRefs([zenithBound.id, acmeOutcomes[1].id], partnerToken('partner-acme'));
      expect(other).toBeNull();
      expect(own).toEqual({ id: acmeOutcomes[1].id, type: 'BOUND', premium: 1500, policyNumber: 'ACME-1' });
    });

    it('resolve for an agent offered the lead, and to null for one never offered it', async () => {
      expect(await outcomeRefs([acmeOutcomes[1].id], agentToken(declined))).toEqual([
        expect.objectContaining({ id: acmeOutcomes[1].id }),
      ]);
      expect(await outcomeRefs([acmeOutcomes[1].id, zenithBound.id], agentToken(stranger))).toEqual([null, null]);
    });

    it('resolve to null for an unknown outcome when the caller is not staff, like one it may not see', async () => {
      expect(await outcomeRefs([newId()], partnerToken('partner-acme'))).toEqual([null]);
    });

    it('resolve for staff whatever the partner', async () => {
      const outcomes = await outcomeRefs([zenithBound.id, acmeOutcomes[1].id], adminToken());
      expect(outcomes.map((outcome) => outcome?.id)).toEqual([zenithBound.id, acmeOutcomes[1].id]);
    });
  });

  describe('statement counts', () => {
    const allLeads = (): string[] => [acmeLead, zenithLead, strangerLead];

    it('adds no statement for staff or partners: one for the outcomes', async () => {
      for (const token of [managerToken(), partnerToken('partner-acme')]) {
        bed.statements.reset();
        await leadOutcomes(allLeads(), token);
        expect(bed.statements.count).toBe(1);
      }
    });

    it("reads an agent's offers in one statement however many leads", async () => {
      bed.statements.reset();
      const leads = await leadOutcomes(allLeads(), agentToken(declined));
      expect(leads.map((lead) => lead.outcomes.length)).toEqual([2, 0, 0]);
      expect(bed.statements.count).toBe(2);

      bed.statements.reset();
      const outcomes = await outcomeRefs(
        [...acmeOutcomes, zenithBound].map((outcome) => outcome.id),
        agentToken(worker),
      );
      expect(outcomes.map((outcome) => outcome?.id ?? null)).toEqual([...acmeOutcomes.map((o) => o.id), null]);
      expect(bed.statements.count).toBe(2);
    });
  });
});
