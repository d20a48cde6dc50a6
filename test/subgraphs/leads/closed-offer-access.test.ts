import { LineOfAuthority } from '../../../lib/domain/enums';
import { dataOf } from '../../support/graphql-client';
import { agentToken, managerToken } from '../../support/tokens';
import { ENGINES, leadInput, startRoutingBed, VALID_UNTIL, type RoutingBed } from '../routing/routing-bed';

/*
 * Staff ending a lead close its offer whether or not the agent answered it.
 * An offer never accepted stays no more the agent's afterwards than a declined
 * one: its outcome is not the agent's work and its contact no longer the
 * agent's to see. One the agent accepted stays its lead.
 */

const LEAD = `query ($id: ID!) { lead(id: $id) {
  id status contact { firstName phone }
  assignments { status respondedAt agent { id } }
} }`;
const OFFER = 'query ($id: ID!) { lead(id: $id) { currentAssignment { id status agent { id } } } }';
const ACCEPT = 'mutation ($id: ID!) { acceptAssignment(id: $id) { id status } }';
const RECORD_OUTCOME = 'mutation ($input: RecordOutcomeInput!) { recordOutcome(input: $input) { id agent { id } } }';
const PERFORMANCE = `query ($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Agent { performance { leads contacted quoted bound lost bindRate } } }
}`;

interface LeadView {
  id: string;
  status: string;
  contact: { firstName: string; phone: string | null } | null;
  assignments: Array<{ status: string; respondedAt: string | null; agent: { id: string } }>;
}

const ENDINGS = [
  ['LOST', { type: 'LOST', reason: 'already insured' }],
  ['BOUND', { type: 'BOUND', premium: 1200 }],
] as const;

describe.each(ENGINES)('a lead staff end after offering it (%s)', (engine) => {
  let bed: RoutingBed;

  const readLead = async (id: string, token: string): Promise<LeadView | null> =>
    dataOf(await bed.leads.request<{ lead: LeadView | null }>(LEAD, { id }, token)).lead;
  const offerOf = async (leadId: string): Promise<{ id: string; agentId: string }> => {
    const { lead } = dataOf(
      await bed.leads.request<{ lead: { currentAssignment: { id: string; status: string; agent: { id: string } } } }>(
        OFFER,
        { id: leadId },
        managerToken(),
      ),
    );
    expect(lead.currentAssignment.status).toBe('OFFERED');
    return { id: lead.currentAssignment.id, agentId: lead.currentAssignment.agent.id };
  };
  const endLead = async (leadId: string, fields: Record<string, unknown>): Promise<{ agent: { id: string } | null }> =>
    dataOf(
      await bed.outcomes.request<{ recordOutcome: { agent: { id: string } | null } }>(
        RECORD_OUTCOME,
        { input: { leadId, ...fields } },
        managerToken(),
      ),
    ).recordOutcome;
  const performanceOf = async (agentId: string): Promise<unknown> =>
    dataOf(
      await bed.outcomes.request<{ _entities: Array<{ performance: unknown }> }>(
        PERFORMANCE,
        { representations: [{ __typename: 'Agent', id: agentId }] },
        managerToken(),
      ),
    )._entities[0].performance;
  const submitOffered = async (): Promise<string> => {
    const lead = await bed.submitLead(leadInput({ postalCode: '10001', productLine: 'HOMEOWNERS' }));
    expect(lead.status).toBe('OFFERED');
    return lead.id;
  };

  beforeAll(async () => {
    bed = await startRoutingBed(engine);
    const territoryId = await bed.insertTerritory({ postalCodes: ['10001'] });
    await bed.insertAgents(2, {
      territoryId,
      maxOpen: 20,
      licenses: [{ state: 'NY', line: LineOfAuthority.PERSONAL_LINES, expiresOn: VALID_UNTIL }],
    });
  });
  afterAll(async () => {
    await bed?.close();
  });

  it.each(ENDINGS)(
    'with %s while the offer is unanswered: no outcome for the offeree, and no more contact',
    async (_type, fields) => {
      const leadId = await submitOffered();
      const offeree = (await offerOf(leadId)).agentId;
      expect((await readLead(leadId, agentToken(offeree)))?.contact).not.toBeNull();
      const performanceBefore = await performanceOf(offeree);

      expect((await endLead(leadId, fields)).agent).toBeNull();

      expect(await performanceOf(offeree)).toEqual(performanceBefore);
      const seen = await readLead(leadId, agentToken(offeree));
      // Still listed among the leads offered to it, as a declined one is; the consumer is no longer its to call.
      expect(seen).toMatchObject({
        id: leadId,
        status: fields.type,
        contact: null,
        assignments: [{ status: 'CLOSED', respondedAt: null, agent: { id: offeree } }],
      });
    },
  );

  it.each(ENDINGS)(
    'with %s after the agent accepted: the outcome is the agent’s, which keeps the contact',
    async (_type, fields) => {
      const leadId = await submitOffered();
      const offer = await offerOf(leadId);
      dataOf(await bed.leads.request(ACCEPT, { id: offer.id }, agentToken(offer.agentId)));

      expect((await endLead(leadId, fields)).agent).toEqual({ id: offer.agentId });

      const seen = await readLead(leadId, agentToken(offer.agentId));
      expect(seen?.contact).toMatchObject({ firstName: 'Ada' });
      expect(seen?.assignments).toEqual([
        { status: 'CLOSED', respondedAt: expect.any(String), agent: { id: offer.agentId } },
      ]);
    },
  );
});
