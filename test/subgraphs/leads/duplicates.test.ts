import { createHash } from 'node:crypto';
import { In } from 'typeorm';
import { LeadStatus, ProductLine } from '../../../lib/domain/enums';
import { newId } from '../../../lib/domain/ids';
import { leadsSubgraph } from '../../../subgraphs/leads';
import { LeadEntity } from '../../../subgraphs/leads/lead/lead.entity';
import { dataOf } from '../../support/graphql-client';
import { startTestSubgraph, type TestSubgraph } from '../../support/subgraph';
import { adminToken, managerToken, partnerToken } from '../../support/tokens';
import { ENGINES, leadInput, startLeads, SUBMIT_LEAD, type LeadsUnderTest, type LeadView } from './harness';

const DAY_MS = 24 * 60 * 60 * 1000;

describe.each(ENGINES)('duplicate detection on %s', (engine) => {
  let leads: LeadsUnderTest;

  beforeAll(async () => {
    leads = await startLeads(engine);
  });
  afterAll(async () => {
    await leads.stop();
  });

  const submit = async (input: Record<string, unknown>, partnerId = 'partner-a'): Promise<LeadView> =>
    dataOf(await leads.request<{ submitLead: LeadView }>(SUBMIT_LEAD, { input }, partnerToken(partnerId))).submitLead;

  /** What staff, who see every lead, read as the lead's status and original. */
  async function asStaff(id: string): Promise<Pick<LeadView, 'status' | 'duplicateOf'>> {
    const query = 'query ($id: ID!) { lead(id: $id) { status duplicateOf { id } } }';
    return dataOf(await leads.request<{ lead: LeadView }>(query, { id }, adminToken())).lead;
  }

  /** A lead submitted `daysAgo` days ago, written straight to the table as history. */
  async function insertPastLead(daysAgo: number, contact: { phone?: string; email?: string }): Promise<string> {
    const createdAt = new Date(Date.now() - daysAgo * DAY_MS);
    const id = newId(createdAt.getTime());
    await leads.dataSource.getRepository(LeadEntity).insert({
      id,
      partnerId: 'partner-old',
      externalId: `old-${id}`,
      productLine: ProductLine.PERSONAL_AUTO,
      customerType: 'PERSONAL' as LeadEntity['customerType'],
      status: LeadStatus.NEW,
      duplicateOfId: null,
      postalCode: '78701',
      state: 'TX',
      county: 'Travis',
      city: 'Austin',
      latitude: 30.2713,
      longitude: -97.7426,
      timezone: 'America/Chicago',
      estimatedPremium: null,
      carrier: null,
      firstName: 'Old',
      lastName: 'Lead',
      email: contact.email ?? null,
      phone: contact.phone ?? null,
      consentAt: null,
      createdAt,
      updatedAt: createdAt,
    });
    return id;
  }

  it('flags a lead with the phone of a recent lead of the same line, however the phone is written', async () => {
    const original = await submit(leadInput({ phone: '+15122019001' }));
    const duplicate = await submit(leadInput({ phone: '(512) 201-9001' }), 'partner-b');
    // Not a duplicate, so routed at once; with no agent in the database it is QUEUED.
    expect(original).toMatchObject({ status: 'QUEUED', duplicateOf: null });
    expect(duplicate.status).toBe('DUPLICATE');

    const { lead } = dataOf(
      await leads.request<{ lead: LeadView }>(
        'query ($id: ID!) { lead(id: $id) { status duplicateOf { id partnerId } } }',
        { id: duplicate.id },
        managerToken(),
      ),
    );
    expect(lead).toEqual({ status: 'DUPLICATE', duplicateOf: { id: original.id, partnerId: 'partner-a' } });
  });

  it('keeps one of the same consumer sold by several partners at the same moment, and flags the others as its duplicates', async () => {
    // Each with its own email: only the phone ties them, checked while the others are still being stored.
    const phone = '+15122019010';
    const partners = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const submitted = await Promise.all(partners.map((partner) => submit(leadInput({ phone }), `partner-${partner}`)));

    const seen = await Promise.all(submitted.map((lead) => asStaff(lead.id)));
    const kept = submitted.filter((_, index) => seen[index].status !== LeadStatus.DUPLICATE);
    expect(kept).toHaveLength(1);
    const others = seen.filter((_, index) => submitted[index].id !== kept[0].id);
    expect(others).toEqual(others.map(() => ({ status: LeadStatus.DUPLICATE, duplicateOf: { id: kept[0].id } })));
  });

  it('flags a lead with the email of a recent lead of the same line, whatever its case', async () => {
    const original = await submit(leadInput({ email: 'grace.hopper@mail.example' }));
    const duplicate = await submit(leadInput({ email: 'Grace.Hopper@MAIL.example' }));
    expect(duplicate).toMatchObject({ status: 'DUPLICATE', duplicateOf: { id: original.id } });
  });

  it('does not flag a different address that differs only in an accent, on either engine', async () => {
    await submit(leadInput({ email: 'jose@mail.example' }));
    const accented = await submit(leadInput({ email: 'josé@mail.example' }));
    expect(accented).toMatchObject({ status: 'QUEUED', duplicateOf: null });
  });

  it('flags the same accented address however its accent is encoded', async () => {
    const composed = await submit(leadInput({ email: 'ren\u00e9e@mail.example' }));
    const decomposed = await submit(leadInput({ email: 'Rene\u0301e@mail.example' }));
    expect(decomposed).toMatchObject({ status: 'DUPLICATE', duplicateOf: { id: composed.id } });
  });

  it('points every later duplicate at the earliest lead that is not itself a duplicate', async () => {
    const original = await submit(leadInput({ phone: '+15122019002' }));
    const second = await submit(leadInput({ phone: '+15122019002' }));
    const third = await submit(leadInput({ phone: '+15122019002' }));
    expect(second).toMatchObject({ status: 'DUPLICATE', duplicateOf: { id: original.id } });
    expect(third).toMatchObject({ status: 'DUPLICATE', duplicateOf: { id: original.id } });
  });

  it('picks the earlier of an email match and a phone match', async () => {
    const byEmail = await submit(leadInput({ email: 'earliest@mail.example' }));
    const byPhone = await submit(leadInput({ phone: '+15122019007' }));
    expect(byPhone.status).toBe('QUEUED');
    const both = await submit(leadInput({ phone: '+15122019007', email: 'earliest@mail.example' }));
    expect(both).toMatchObject({ status: 'DUPLICATE', duplicateOf: { id: byEmail.id } });
  });

  it('does not flag a lead of another product line with the same phone and email', async () => {
    const contact = { phone: '+15122019003', email: 'lines@mail.example' };
    await submit(leadInput({ ...contact, productLine: 'PERSONAL_AUTO' }));
    const otherLine = await submit(leadInput({ ...contact, productLine: 'HOMEOWNERS' }));
    expect(otherLine).toMatchObject({ status: 'QUEUED', duplicateOf: null });
  });

  it('flags a match inside the window but not one older than the window', async () => {
    expect(leads.config.duplicateWindowDays).toBe(30);
    const recent = await insertPastLead(20, { phone: '+15122019004' });
    await insertPastLead(40, { phone: '+15122019005', email: 'old@mail.example' });

    const withinWindow = await submit(leadInput({ phone: '+15122019004' }));
    expect(await asStaff(withinWindow.id)).toEqual({ status: 'DUPLICATE', duplicateOf: { id: recent } });

    const outsideWindow = await submit(leadInput({ phone: '+15122019005', email: 'old@mail.example' }));
    expect(await asStaff(outsideWindow.id)).toEqual({ status: 'QUEUED', duplicateOf: null });
  });

  it("hides an original that belongs to another partner from the duplicate's partner, not from staff", async () => {
    const original = await submit(leadInput({ phone: '+15122019006' }), 'partner-a');
    const duplicate = await submit(leadInput({ phone: '+15122019006' }), 'partner-b');
    expect(duplicate).toMatchObject({ status: 'DUPLICATE', duplicateOf: null });
    expect(await asStaff(duplicate.id)).toEqual({ status: 'DUPLICATE', duplicateOf: { id: original.id } });
  });
});

describe('duplicate detection across instances of the leads subgraph on MariaDB', () => {
  let leads: LeadsUnderTest;
  let another: TestSubgraph;

  beforeAll(async () => {
    leads = await startLeads('MariaDB');
    // A second instance on the same database, as behind a load balancer: it shares no memory with the first.
    another = await startTestSubgraph(leadsSubgraph, { databaseUrl: leads.config.databaseUrl });
  });
  afterAll(async () => {
    await another?.close();
    await leads?.stop();
  });

  it('keeps one of the same consumer submitted through both instances at the same moment', async () => {
    const email = 'same.consumer@mail.example';
    const instances = [leads, another, leads, another, leads, another];
    const submitted = await Promise.all(
      instances.map(async (instance, index) => {
        const response = await instance.request<{ submitLead: LeadView }>(
          SUBMIT_LEAD,
          { input: leadInput({ email }) },
          partnerToken(`partner-${index}`),
        );
        return dataOf(response).submitLead;
      }),
    );

    const stored = await leads.dataSource
      .getRepository(LeadEntity)
      .findBy({ id: In(submitted.map((lead) => lead.id)) });
    const kept = stored.filter((lead) => lead.status !== LeadStatus.DUPLICATE);
    expect(kept).toHaveLength(1);
    expect(stored.filter((lead) => lead.duplicateOfId === kept[0].id)).toHaveLength(instances.length - 1);
  });

  it('gives a submission that waited its turn an id after those stored meanwhile, so a lead list paging by id finds it', async () => {
    const email = 'waits.its.turn@mail.example';
    const key = `PERSONAL_AUTO|email|${email}`;
    // Another instance's submission of the same consumer holds the contact's turn.
    const holder = leads.dataSource.createQueryRunner();
    await holder.connect();
    try {
      await holder.query('SELECT GET_LOCK(?, 5)', [`leadflow:contact:${createHash('sha1').update(key).digest('hex')}`]);
      const waiting = leads.request<{ submitLead: LeadView }>(
        SUBMIT_LEAD,
        { input: leadInput({ email }) },
        partnerToken('partner-w'),
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      const meanwhile = dataOf(
        await leads.request<{ submitLead: LeadView }>(SUBMIT_LEAD, { input: leadInput() }, partnerToken('partner-w')),
      ).submitLead;
      await holder.query('SELECT RELEASE_ALL_LOCKS()');
      const waited = dataOf(await waiting).submitLead;

      expect(waited.id > meanwhile.id).toBe(true);
      const after = dataOf(
        await leads.request<{ leads: Array<{ id: string }> }>(
          'query ($after: String) { leads(partnerId: "partner-w", after: $after) { id } }',
          { after: meanwhile.id },
          adminToken(),
        ),
      ).leads;
      expect(after.map((lead) => lead.id)).toEqual([waited.id]);
    } finally {
      await holder.release();
    }
  });

  it.each([2, 1])(
    'stores every one of many consumers submitted at once through an instance with a pool of %i',
    async (poolSize) => {
      // Each submission holds a connection for its contact lock; unbounded, they took the whole pool and waited for ever.
      const small = await startTestSubgraph(leadsSubgraph, {
        databaseUrl: leads.config.databaseUrl,
        env: { DATABASE_POOL_SIZE: String(poolSize) },
      });
      try {
        const submitted = await Promise.all(
          Array.from({ length: 8 }, async () => {
            const response = await small.request<{ submitLead: LeadView }>(
              SUBMIT_LEAD,
              { input: leadInput() },
              partnerToken('partner-small'),
            );
            return dataOf(response).submitLead;
          }),
        );
        expect(submitted.map((lead) => lead.status)).not.toContain(LeadStatus.DUPLICATE);
        expect(new Set(submitted.map((lead) => lead.id)).size).toBe(8);
      } finally {
        await small.close();
      }
    },
  );
});
