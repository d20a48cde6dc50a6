import { dataOf, errorCode } from '../../support/graphql-client';
import { adminToken, agentToken, managerToken, partnerToken } from '../../support/tokens';
import { ENGINES, leadInput, startLeads, SUBMIT_LEAD, type LeadsUnderTest, type LeadView } from './harness';

const LEAD = 'query ($id: ID!) { lead(id: $id) { id partnerId contact { firstName lastName email phone } } }';
const LEADS = `query ($status: LeadStatus, $partnerId: ID, $first: Int, $after: String) {
  leads(status: $status, partnerId: $partnerId, first: $first, after: $after) { id partnerId status }
}`;
const ENTITIES = `query ($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Lead { id contact { firstName phone } } }
}`;

describe.each(ENGINES)('reading leads on %s', (engine) => {
  let leads: LeadsUnderTest;
  const partnerA = partnerToken('partner-a');
  const partnerB = partnerToken('partner-b');
  let leadsOfA: LeadView[];
  let leadOfB: LeadView;

  beforeAll(async () => {
    leads = await startLeads(engine);
    leadsOfA = [];
    for (let index = 0; index < 3; index += 1) {
      const response = await leads.request<{ submitLead: LeadView }>(SUBMIT_LEAD, { input: leadInput() }, partnerA);
      leadsOfA.push(dataOf(response).submitLead);
    }
    const duplicate = leadInput({ phone: leadsOfA[0].contact!.phone });
    leadOfB = dataOf(
      await leads.request<{ submitLead: LeadView }>(SUBMIT_LEAD, { input: duplicate }, partnerB),
    ).submitLead;
  });
  afterAll(async () => {
    await leads.stop();
  });

  const readLead = async (id: string, token: string) =>
    dataOf(await leads.request<{ lead: Pick<LeadView, 'id' | 'partnerId' | 'contact'> | null }>(LEAD, { id }, token))
      .lead;
  const list = (variables: Record<string, unknown>, token: string) =>
    leads.request<{ leads: Array<Pick<LeadView, 'id' | 'partnerId' | 'status'>> }>(LEADS, variables, token);

  describe('lead(id)', () => {
    it('shows a partner its own lead with its contact', async () => {
      const lead = await readLead(leadOfB.id, partnerB);
      expect(lead).toMatchObject({
        id: leadOfB.id,
        partnerId: 'partner-b',
        contact: { firstName: 'Ada', lastName: 'Lovelace' },
      });
      expect(lead?.contact?.phone).toMatch(/^\+1\d{10}$/);
    });

    it("reads another partner's lead as null, like one that does not exist", async () => {
      expect(await readLead(leadOfB.id, partnerA)).toBeNull();
      expect(await readLead('01900000-0000-7000-8000-000000000000', partnerA)).toBeNull();
    });

    it.each([
      ['ADMIN', adminToken()],
      ['MANAGER', managerToken()],
    ])('shows %s any lead with its contact', async (_role, token) => {
      expect(await readLead(leadOfB.id, token)).toMatchObject({
        id: leadOfB.id,
        contact: { firstName: 'Ada', email: leadOfB.contact!.email },
      });
    });

    it('shows an agent no lead before routing assigns it one', async () => {
      expect(await readLead(leadOfB.id, agentToken('agent-1'))).toBeNull();
    });

    it('requires a token', async () => {
      const response = await leads.request(LEAD, { id: leadOfB.id });
      expect(errorCode(response)).toBe('UNAUTHENTICATED');
      expect(response.data ?? null).toBeNull();
    });
  });

  describe('contact through a reference from another subgraph', () => {
    const resolve = async (token: string) =>
      dataOf(
        await leads.request<{ _entities: Array<{ id: string; contact: unknown } | null> }>(
          ENTITIES,
          { representations: [{ __typename: 'Lead', id: leadOfB.id }] },
          token,
        ),
      )._entities[0];

    it('resolves no lead at all for a partner that did not submit it, nor for an agent never offered it', async () => {
      // Called straight at the subgraph, `_entities` passes no other check: the reference itself applies lead(id:)'s rule.
      expect(await resolve(partnerA)).toBeNull();
      expect(await resolve(agentToken('agent-1'))).toBeNull();
    });

    it('is visible to the submitting partner and to staff', async () => {
      for (const token of [partnerB, adminToken(), managerToken()]) {
        expect(await resolve(token)).toEqual({
          id: leadOfB.id,
          contact: { firstName: 'Ada', phone: leadOfB.contact!.phone },
        });
      }
    });
  });

  describe('leads(...)', () => {
    it("lists only a partner's own leads, oldest first", async () => {
      const { leads: listed } = dataOf(await list({}, partnerA));
      expect(listed.map((lead) => lead.id)).toEqual(leadsOfA.map((lead) => lead.id));
      expect(dataOf(await list({ partnerId: 'partner-a' }, partnerA)).leads).toEqual(listed);
    });

    it("forbids a partner to list another partner's leads", async () => {
      const response = await list({ partnerId: 'partner-b' }, partnerA);
      expect(errorCode(response)).toBe('FORBIDDEN');
    });

    it('lists an agent only the leads offered to it: none here', async () => {
      expect(dataOf(await list({}, agentToken('agent-1'))).leads).toEqual([]);
    });

    it('lets staff list every lead and filter by partner and status', async () => {
      const everyId = [...leadsOfA, leadOfB].map((lead) => lead.id);
      expect(dataOf(await list({}, managerToken())).leads.map((lead) => lead.id)).toEqual(everyId);
      expect(dataOf(await list({ partnerId: 'partner-b' }, adminToken())).leads).toEqual([
        { id: leadOfB.id, partnerId: 'partner-b', status: 'DUPLICATE' },
      ]);
      expect(dataOf(await list({ status: 'QUEUED' }, adminToken())).leads.map((lead) => lead.id)).toEqual(
        leadsOfA.map((lead) => lead.id),
      );
    });

    it('pages with first and after', async () => {
      const pageOne = dataOf(await list({ first: 2 }, adminToken())).leads;
      const pageTwo = dataOf(await list({ first: 2, after: pageOne[1].id }, adminToken())).leads;
      expect([...pageOne, ...pageTwo].map((lead) => lead.id)).toEqual([...leadsOfA, leadOfB].map((lead) => lead.id));
      const pastTheEnd = dataOf(await list({ first: 2, after: pageTwo[1].id }, adminToken())).leads;
      expect(pastTheEnd).toEqual([]);
    });

    it('rejects a page size out of range and a cursor that is no id', async () => {
      const tooMany = await list({ first: 0 }, adminToken());
      expect(errorCode(tooMany)).toBe('BAD_USER_INPUT');
      expect(tooMany.errors?.[0]?.extensions?.field).toBe('first');
      const badCursor = await list({ after: 'page-2' }, adminToken());
      expect(badCursor.errors?.[0]?.extensions?.field).toBe('after');
    });
  });
});
