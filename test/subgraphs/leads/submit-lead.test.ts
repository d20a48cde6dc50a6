import { dataOf, errorCode } from '../../support/graphql-client';
import { adminToken, agentToken, managerToken, partnerToken } from '../../support/tokens';
import {
  ENGINES,
  LEAD_FIELDS,
  leadInput,
  startLeads,
  SUBMIT_LEAD,
  type LeadsUnderTest,
  type LeadView,
} from './harness';

describe.each(ENGINES)('submitLead on %s', (engine) => {
  let leads: LeadsUnderTest;
  const partner = partnerToken('partner-a');

  beforeAll(async () => {
    leads = await startLeads(engine);
  });
  afterAll(async () => {
    await leads.stop();
  });

  const submit = (input: Record<string, unknown>, token = partner) =>
    leads.request<{ submitLead: LeadView }>(SUBMIT_LEAD, { input }, token);

  it('stores a lead located from its ZIP code, with normalized contact data, and reads it back', async () => {
    const consentAt = new Date(Date.now() - 60_000).toISOString();
    const input = leadInput({
      postalCode: ' 78701-1234 ',
      firstName: '  Ada ',
      email: ' Ada.Lovelace@Mail.Example ',
      phone: '(512) 201-7788',
      estimatedPremium: 1234.567,
      carrier: '  Acme Mutual ',
      consentAt,
    });
    const { submitLead } = dataOf(await submit(input));
    expect(submitLead).toMatchObject({
      partnerId: 'partner-a',
      externalId: input.externalId,
      productLine: 'PERSONAL_AUTO',
      customerType: 'PERSONAL',
      postalCode: '78701',
      state: 'TX',
      county: 'Travis',
      city: 'Austin',
      timezone: 'America/Chicago',
      estimatedPremium: 1234.57,
      carrier: 'Acme Mutual',
      // Routed before the response; with no agent in the database, queued.
      status: 'QUEUED',
      consentAt,
      duplicateOf: null,
      contact: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada.lovelace@mail.example', phone: '+15122017788' },
    });
    expect(Date.parse(submitLead.createdAt)).toBeGreaterThan(Date.now() - 60_000);

    const { lead } = dataOf(
      await leads.request<{ lead: LeadView }>(
        `query ($id: ID!) { lead(id: $id) { ${LEAD_FIELDS} } }`,
        { id: submitLead.id },
        partner,
      ),
    );
    expect(lead).toEqual(submitLead);
  });

  it.each([
    [
      '10001',
      'COMMERCIAL_GL',
      { state: 'NY', county: 'New York', timezone: 'America/New_York', customerType: 'COMMERCIAL' },
    ],
    [
      '99501',
      'LIFE',
      { state: 'AK', county: 'Anchorage Municipality', timezone: 'America/Anchorage', customerType: 'PERSONAL' },
    ],
    ['85004', 'BOP', { state: 'AZ', county: 'Maricopa', timezone: 'America/Phoenix', customerType: 'COMMERCIAL' }],
  ])('derives the location of ZIP %s and the customer type of %s', async (postalCode, productLine, expected) => {
    const { submitLead } = dataOf(await submit(leadInput({ postalCode, productLine })));
    expect(submitLead).toMatchObject({ postalCode, productLine, ...expected });
  });

  it('accepts a lead without optional fields', async () => {
    const { submitLead } = dataOf(
      await submit(leadInput({ email: null, phone: '  ', estimatedPremium: null, carrier: '', consentAt: null })),
    );
    expect(submitLead).toMatchObject({ estimatedPremium: null, carrier: null, consentAt: null, status: 'QUEUED' });
    expect(submitLead.contact).toMatchObject({ email: null, phone: null });
  });

  it('tolerates a consent time slightly ahead of the server clock', async () => {
    const consentAt = new Date(Date.now() + 2 * 60_000).toISOString();
    const { submitLead } = dataOf(await submit(leadInput({ consentAt })));
    expect(submitLead.consentAt).toBe(consentAt);
  });

  it.each([
    ['input.externalId', 'empty', { externalId: '' }],
    ['input.externalId', 'blank', { externalId: '   ' }],
    ['input.externalId', 'longer than 128', { externalId: 'x'.repeat(129) }],
    ['input.postalCode', 'a ZIP that does not exist', { postalCode: '00000' }],
    ['input.postalCode', 'too short', { postalCode: '7870' }],
    ['input.postalCode', 'not a ZIP', { postalCode: 'Austin' }],
    // Majuro, Marshall Islands: a USPS ZIP where no state licenses an agent, so nobody could ever take the lead.
    ['input.postalCode', 'outside any licensing state', { postalCode: '96960' }],
    ['input.firstName', 'blank', { firstName: ' ' }],
    ['input.firstName', 'longer than 100', { firstName: 'a'.repeat(101) }],
    ['input.lastName', 'empty', { lastName: '' }],
    ['input.lastName', 'longer than 100', { lastName: 'b'.repeat(101) }],
    ['input.email', 'without @', { email: 'not-an-email' }],
    ['input.email', 'without domain', { email: 'ada@' }],
    ['input.phone', 'too short', { phone: '123' }],
    ['input.phone', 'without area code', { phone: '555-0100' }],
    ['input.phone', 'not a US number', { phone: '+44 20 7946 0958' }],
    ['input.estimatedPremium', 'negative', { estimatedPremium: -0.01 }],
    ['input.estimatedPremium', 'beyond DECIMAL(14,2)', { estimatedPremium: 1e15 }],
    ['input.carrier', 'longer than 128', { carrier: 'c'.repeat(129) }],
    ['input.consentAt', 'an hour in the future', { consentAt: new Date(Date.now() + 60 * 60_000).toISOString() }],
    // MariaDB read year 0099 back as 1999: no consent record predates web forms.
    ['input.consentAt', 'in year 99', { consentAt: '0099-01-01T00:00:00.000Z' }],
    ['input.consentAt', 'before 2000', { consentAt: '1999-12-31T23:59:59.999Z' }],
    ['input.externalId', 'with a line break', { externalId: 'order\n42' }],
    ['input.firstName', 'with a NUL', { firstName: 'A\u0000B' }],
    ['input.lastName', 'with an escape sequence', { lastName: 'Lovelace\u001b[31m' }],
    ['input.carrier', 'with a C1 control', { carrier: 'Acme\u0085Mutual' }],
    ['input.productLine', 'not a ProductLine (graphql-js refuses the variable)', { productLine: 'AUTO' }],
    ['input.firstName', 'missing (graphql-js refuses the variable)', { firstName: undefined }],
    ['input.consentAt', 'a number (graphql-js refuses the variable)', { consentAt: 1_700_000_000_000 }],
  ])('rejects %s %s as BAD_USER_INPUT naming the field, and writes nothing', async (field, _case, override) => {
    const before = await leads.countLeads();
    const response = await submit(leadInput(override));
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.extensions?.field).toBe(field);
    // A refused variable is a request error: no `data` at all (the spec), rather than null.
    expect(response.data ?? null).toBeNull();
    expect(await leads.countLeads()).toBe(before);
  });

  it('returns the existing lead when a partner resubmits an externalId, even with other data', async () => {
    const input = leadInput();
    const first = dataOf(await submit(input)).submitLead;
    const again = dataOf(
      await submit({ ...input, externalId: ` ${String(input.externalId)} `, postalCode: '10001' }),
    ).submitLead;
    expect(again).toEqual(first);
    expect(await leads.countLeads({ partnerId: 'partner-a', externalId: String(input.externalId) })).toBe(1);
  });

  it('keys idempotency by partner and by the exact (case-sensitive) externalId', async () => {
    const input = leadInput({ externalId: 'Order-42' });
    const mine = dataOf(await submit(input)).submitLead;
    const otherPartners = dataOf(await submit(input, partnerToken('partner-b'))).submitLead;
    const otherCase = dataOf(await submit({ ...input, externalId: 'ORDER-42' })).submitLead;
    expect(new Set([mine.id, otherPartners.id, otherCase.id]).size).toBe(3);
    expect(otherPartners.partnerId).toBe('partner-b');
  });

  it('says a Puerto Rico ZIP is refused for want of data, not as a typo', async () => {
    const response = await submit(leadInput({ postalCode: '00901' }));
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.extensions?.field).toBe('input.postalCode');
    expect(response.errors?.[0]?.message).toMatch(/no ZIP data for Puerto Rico/);
  });

  it('keeps the consent time of 2000-01-01 exactly as sent', async () => {
    const consentAt = '2000-01-01T00:00:00.000Z';
    const { submitLead } = dataOf(await submit(leadInput({ consentAt })));
    const { lead } = dataOf(
      await leads.request<{ lead: LeadView }>(
        `query ($id: ID!) { lead(id: $id) { consentAt } }`,
        { id: submitLead.id },
        partner,
      ),
    );
    expect([submitLead.consentAt, lead.consentAt]).toEqual([consentAt, consentAt]);
  });

  it('keeps partners whose ids differ only in case apart: their keys, their lists', async () => {
    const input = leadInput({ externalId: 'order-7' });
    const lower = dataOf(await submit(input, partnerToken('acme'))).submitLead;
    const upper = dataOf(await submit(input, partnerToken('ACME'))).submitLead;
    expect(upper.id).not.toBe(lower.id);
    expect(upper.partnerId).toBe('ACME');
    const listed = dataOf(
      await leads.request<{ leads: Array<{ id: string }> }>('{ leads(first: 500) { id } }', {}, partnerToken('acme')),
    ).leads;
    expect(listed.map((lead) => lead.id)).toEqual([lower.id]);
  });

  it('creates exactly one lead from 50 concurrent identical submissions', async () => {
    const input = leadInput();
    const responses = await Promise.all(Array.from({ length: 50 }, () => submit(input)));
    const ids = responses.map((response) => dataOf(response).submitLead.id);
    expect(new Set(ids).size).toBe(1);
    expect(await leads.countLeads({ partnerId: 'partner-a', externalId: String(input.externalId) })).toBe(1);
  });

  describe('who may submit', () => {
    it('lets an admin submit for the partner it names', async () => {
      const { submitLead } = dataOf(await submit(leadInput({ partnerId: 'partner-c' }), adminToken()));
      expect(submitLead.partnerId).toBe('partner-c');
    });

    it('requires an admin to name the partner', async () => {
      const before = await leads.countLeads();
      const response = await submit(leadInput(), adminToken());
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
      expect(response.errors?.[0]?.extensions?.field).toBe('input.partnerId');
      expect(await leads.countLeads()).toBe(before);
    });

    it("lets a partner repeat its own partnerId but never name another's", async () => {
      const own = dataOf(await submit(leadInput({ partnerId: 'partner-a' }))).submitLead;
      expect(own.partnerId).toBe('partner-a');

      const before = await leads.countLeads();
      const response = await submit(leadInput({ partnerId: 'partner-b' }));
      expect(errorCode(response)).toBe('FORBIDDEN');
      expect(await leads.countLeads()).toBe(before);
    });

    it.each([
      ['MANAGER', managerToken()],
      ['AGENT', agentToken('agent-1')],
    ])('forbids a %s', async (_role, token) => {
      const before = await leads.countLeads();
      const response = await submit(leadInput({ partnerId: 'partner-a' }), token);
      expect(errorCode(response)).toBe('FORBIDDEN');
      expect(await leads.countLeads()).toBe(before);
    });

    it.each([
      ['longer than the 64 characters a partner id holds', 'p'.repeat(65)],
      ['empty', ' '],
      ['with a control character', 'acme\n'],
      ['ending in a space, which MariaDB would take for partner-a', 'partner-a '],
    ])('refuses a partner token whose partnerId is %s as UNAUTHENTICATED, not an internal error', async (_case, id) => {
      const before = await leads.countLeads();
      const response = await submit(leadInput(), partnerToken(id));
      expect(errorCode(response)).toBe('UNAUTHENTICATED');
      expect(response.errors?.[0]?.message).toMatch(/partnerId/);
      expect(await leads.countLeads()).toBe(before);
    });

    it('rejects a request without a token as UNAUTHENTICATED', async () => {
      const before = await leads.countLeads();
      const response = await leads.request(SUBMIT_LEAD, { input: leadInput() });
      expect(errorCode(response)).toBe('UNAUTHENTICATED');
      expect(await leads.countLeads()).toBe(before);
    });
  });
});
