import { Role } from '../../../lib/auth';
import { LeadStatus, OutcomeType } from '../../../lib/domain/enums';
import { newId } from '../../../lib/domain/ids';
import { createOutcomesServices } from '../../../subgraphs/outcomes';
import { dataOf, errorCode, type GraphQLResponse } from '../../support/graphql-client';
import { adminToken, agentToken, managerToken, partnerToken } from '../../support/tokens';
import {
  ENGINES,
  RECORD_OUTCOME,
  startOutcomesTestBed,
  type OutcomesTestBed,
  type RecordedOutcome,
} from './outcomes-test-bed';

type RecordResponse = GraphQLResponse<{ recordOutcome: RecordedOutcome }>;

describe.each(ENGINES)('recordOutcome (%s)', (engine) => {
  let bed: OutcomesTestBed;
  const record = (input: Record<string, unknown>, token = managerToken()): Promise<RecordResponse> =>
    bed.request<{ recordOutcome: RecordedOutcome }>(RECORD_OUTCOME, { input }, token);

  beforeAll(async () => {
    bed = await startOutcomesTestBed(engine);
  });
  afterAll(async () => {
    await bed?.close();
  });

  it('records an outcome with every field and returns it', async () => {
    const lead = await bed.insertLead({ status: LeadStatus.ASSIGNED, createdAt: new Date('2024-11-20T09:00:00Z') });
    const agentId = await bed.insertAgent();
    const occurredAt = '2024-11-20T15:30:00.250Z';
    const { recordOutcome } = dataOf(
      await record({ leadId: lead.id, agentId, type: 'BOUND', premium: 1234.5, policyNumber: ' PA-778 ', occurredAt }),
    );
    expect(recordOutcome).toEqual({
      id: expect.any(String),
      type: 'BOUND',
      premium: 1234.5,
      reason: null,
      policyNumber: 'PA-778',
      occurredAt,
      recordedAt: expect.any(String),
      lead: { id: lead.id },
      agent: { id: agentId },
    });
    expect(Math.abs(Date.parse(recordOutcome.recordedAt) - Date.now())).toBeLessThan(60_000);
    expect(await bed.leadStatus(lead.id)).toBe(LeadStatus.BOUND);
  });

  it('defaults occurredAt to now and leaves agent null when unattributed', async () => {
    const lead = await bed.insertLead();
    const { recordOutcome } = dataOf(await record({ leadId: lead.id, type: 'CONTACTED' }));
    expect(Math.abs(Date.parse(recordOutcome.occurredAt) - Date.now())).toBeLessThan(60_000);
    expect(recordOutcome.agent).toBeNull();
  });

  it.each<[string, Record<string, unknown>]>([
    ['left out', {}],
    ['null', { policyNumber: null }],
    ['blank', { policyNumber: '  ' }],
  ])(
    'records a sale whose policy number is %s, as the contract’s RecordOutcomeInput has none',
    async (_case, fields) => {
      const lead = await bed.insertLead({ status: LeadStatus.QUOTED });
      const { recordOutcome } = dataOf(await record({ leadId: lead.id, type: 'BOUND', premium: 1200, ...fields }));
      expect(recordOutcome).toMatchObject({ type: 'BOUND', premium: 1200, policyNumber: null });
      expect(await bed.leadStatus(lead.id)).toBe(LeadStatus.BOUND);
    },
  );

  it('accepts an occurredAt a little ahead of the server clock', async () => {
    const lead = await bed.insertLead();
    const occurredAt = new Date(Date.now() + 2 * 60_000).toISOString();
    expect(dataOf(await record({ leadId: lead.id, type: 'CONTACTED', occurredAt })).recordOutcome.occurredAt).toBe(
      occurredAt,
    );
  });

  it('records through OutcomeService outside GraphQL (demo seeder), with the same rules', async () => {
    const { outcomes } = createOutcomesServices(bed.dataSource);
    const lead = await bed.insertLead();
    const admin = { sub: 'seeder', role: Role.ADMIN };
    const outcome = await outcomes.record(admin, { leadId: lead.id, type: OutcomeType.QUOTED, premium: 321.5 });
    expect(outcome).toMatchObject({ leadId: lead.id, type: OutcomeType.QUOTED, premium: 321.5, recordedBy: 'seeder' });
    expect(await bed.leadStatus(lead.id)).toBe(LeadStatus.QUOTED);
    await expect(
      outcomes.record({ viewer: admin }, { leadId: lead.id, type: OutcomeType.BOUND, premium: 0 }),
    ).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'input.premium' },
    });
    await expect(
      outcomes.record(
        { sub: 'p', role: Role.PARTNER, partnerId: 'x' },
        { leadId: lead.id, type: OutcomeType.CONTACTED },
      ),
    ).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
  });

  describe('lead status', () => {
    it('moves forward stage by stage', async () => {
      const lead = await bed.insertLead({ status: LeadStatus.OFFERED });
      dataOf(await record({ leadId: lead.id, type: 'CONTACTED' }));
      expect(await bed.leadStatus(lead.id)).toBe(LeadStatus.CONTACTED);
      dataOf(await record({ leadId: lead.id, type: 'QUOTED', premium: 900 }));
      expect(await bed.leadStatus(lead.id)).toBe(LeadStatus.QUOTED);
      dataOf(await record({ leadId: lead.id, type: 'BOUND', premium: 880, policyNumber: 'P-1' }));
      expect(await bed.leadStatus(lead.id)).toBe(LeadStatus.BOUND);
    });

    it.each([
      [LeadStatus.NEW, 'BOUND', LeadStatus.BOUND],
      [LeadStatus.QUEUED, 'QUOTED', LeadStatus.QUOTED],
      [LeadStatus.ASSIGNED, 'LOST', LeadStatus.LOST],
      [LeadStatus.CONTACTED, 'LOST', LeadStatus.LOST],
    ])('skips earlier stages: %s + %s outcome → %s', async (from, type, to) => {
      const lead = await bed.insertLead({ status: from });
      const extra = {
        BOUND: { premium: 500, policyNumber: 'P-2' },
        QUOTED: { premium: 500 },
        LOST: { reason: 'price' },
      };
      dataOf(await record({ leadId: lead.id, type, ...extra[type as keyof typeof extra] }));
      expect(await bed.leadStatus(lead.id)).toBe(to);
    });

    it('stores an outcome of an earlier or equal stage without moving the status back', async () => {
      const lead = await bed.insertLead({ status: LeadStatus.QUOTED });
      const before = await bed.outcomeCount();
      dataOf(await record({ leadId: lead.id, type: 'CONTACTED' }));
      dataOf(await record({ leadId: lead.id, type: 'QUOTED', premium: 410 }));
      expect(await bed.leadStatus(lead.id)).toBe(LeadStatus.QUOTED);
      expect(await bed.outcomeCount()).toBe(before + 2);
    });

    it.each([
      [LeadStatus.BOUND, 'CONTACTED'],
      [LeadStatus.BOUND, 'LOST'],
      [LeadStatus.LOST, 'BOUND'],
      [LeadStatus.LOST, 'QUOTED'],
    ])('refuses any outcome for a closed %s lead (%s) with CONFLICT and writes nothing', async (status, type) => {
      const lead = await bed.insertLead({ status });
      const before = await bed.outcomeCount();
      const response = await record({
        leadId: lead.id,
        type,
        premium: 100,
        policyNumber: type === 'BOUND' ? 'P' : null,
        reason: 'x',
      });
      expect(errorCode(response)).toBe('CONFLICT');
      expect(await bed.leadStatus(lead.id)).toBe(status);
      expect(await bed.outcomeCount()).toBe(before);
    });

    it('closes a lead with its BOUND outcome, after which the next outcome is a CONFLICT', async () => {
      const lead = await bed.insertLead();
      dataOf(await record({ leadId: lead.id, type: 'LOST', reason: 'went with a captive agent' }));
      const response = await record({ leadId: lead.id, type: 'CONTACTED' });
      expect(errorCode(response)).toBe('CONFLICT');
      expect(await bed.leadStatus(lead.id)).toBe(LeadStatus.LOST);
    });

    it('refuses outcomes for a DUPLICATE lead with CONFLICT', async () => {
      const original = await bed.insertLead();
      const duplicate = await bed.insertLead({ status: LeadStatus.DUPLICATE, duplicateOfId: original.id });
      const before = await bed.outcomeCount();
      expect(errorCode(await record({ leadId: duplicate.id, type: 'CONTACTED' }))).toBe('CONFLICT');
      expect(await bed.leadStatus(duplicate.id)).toBe(LeadStatus.DUPLICATE);
      expect(await bed.outcomeCount()).toBe(before);
    });
  });

  describe('validation', () => {
    const future = (): string => new Date(Date.now() + 10 * 60_000).toISOString();
    it.each<[string, Record<string, unknown>, string]>([
      ['QUOTED without premium', { type: 'QUOTED' }, 'input.premium'],
      ['a negative premium', { type: 'QUOTED', premium: -1 }, 'input.premium'],
      ['QUOTED with a premium of 0', { type: 'QUOTED', premium: 0 }, 'input.premium'],
      ['BOUND with a premium of 0', { type: 'BOUND', premium: 0, policyNumber: 'P-9' }, 'input.premium'],
      ['BOUND with a negative premium', { type: 'BOUND', premium: -250 }, 'input.premium'],
      ['a premium in fractions of a cent', { type: 'QUOTED', premium: 10.005 }, 'input.premium'],
      ['BOUND without premium', { type: 'BOUND', policyNumber: 'P-9' }, 'input.premium'],
      [
        'a policy number longer than 64 characters',
        { type: 'BOUND', premium: 100, policyNumber: 'P'.repeat(65) },
        'input.policyNumber',
      ],
      [
        'a policy number on a QUOTED outcome',
        { type: 'QUOTED', premium: 100, policyNumber: 'P-9' },
        'input.policyNumber',
      ],
      ['LOST without reason', { type: 'LOST' }, 'input.reason'],
      ['LOST with a blank reason', { type: 'LOST', reason: '   ' }, 'input.reason'],
      ['a reason longer than 500 characters', { type: 'LOST', reason: 'x'.repeat(501) }, 'input.reason'],
      ['occurredAt in the future', { type: 'CONTACTED', occurredAt: future() }, 'input.occurredAt'],
      ['a blank agentId', { type: 'CONTACTED', agentId: ' ' }, 'input.agentId'],
    ])('rejects %s as BAD_USER_INPUT naming the field, writing nothing', async (_case, fields, field) => {
      const lead = await bed.insertLead({ status: LeadStatus.ASSIGNED });
      const before = await bed.outcomeCount();
      const response = await record({ leadId: lead.id, ...fields });
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
      expect(response.errors?.[0]?.extensions?.field).toBe(field);
      expect(await bed.outcomeCount()).toBe(before);
      expect(await bed.leadStatus(lead.id)).toBe(LeadStatus.ASSIGNED);
    });

    describe('occurredAt and the lead’s creation', () => {
      const createdAt = new Date('2024-11-20T09:00:00.000Z');
      const minutesAfterCreation = (minutes: number): string =>
        new Date(createdAt.getTime() + minutes * 60_000).toISOString();

      it('refuses an outcome before the lead was created, naming when it was, and writes nothing', async () => {
        const lead = await bed.insertLead({ status: LeadStatus.ASSIGNED, createdAt });
        const before = await bed.outcomeCount();
        const response = await record({ leadId: lead.id, type: 'CONTACTED', occurredAt: minutesAfterCreation(-60) });
        expect(errorCode(response)).toBe('BAD_USER_INPUT');
        expect(response.errors?.[0]?.extensions?.field).toBe('input.occurredAt');
        expect(response.errors?.[0]?.message).toContain(createdAt.toISOString());
        expect(await bed.outcomeCount()).toBe(before);
        expect(await bed.leadStatus(lead.id)).toBe(LeadStatus.ASSIGNED);
      });

      it('accepts one after the lead was created, or a little before it (clocks disagree)', async () => {
        const lead = await bed.insertLead({ status: LeadStatus.ASSIGNED, createdAt });
        for (const occurredAt of [minutesAfterCreation(30), minutesAfterCreation(-1)]) {
          expect(
            dataOf(await record({ leadId: lead.id, type: 'CONTACTED', occurredAt })).recordOutcome.occurredAt,
          ).toBe(occurredAt);
        }
      });

      it('tells an agent that may not record for the lead FORBIDDEN, not when the lead was created', async () => {
        const agentId = await bed.insertAgent();
        const lead = await bed.insertLead({ status: LeadStatus.ASSIGNED, createdAt });
        const response = await record(
          { leadId: lead.id, type: 'CONTACTED', occurredAt: minutesAfterCreation(-60) },
          agentToken(agentId),
        );
        expect(errorCode(response)).toBe('FORBIDDEN');
      });
    });

    it('answers NOT_FOUND for an unknown lead', async () => {
      const before = await bed.outcomeCount();
      const response = await record({ leadId: newId(), type: 'CONTACTED' });
      expect(errorCode(response)).toBe('NOT_FOUND');
      expect(await bed.outcomeCount()).toBe(before);
    });

    it('answers NOT_FOUND for an unknown agent and writes nothing', async () => {
      const lead = await bed.insertLead();
      const before = await bed.outcomeCount();
      const response = await record({ leadId: lead.id, agentId: newId(), type: 'CONTACTED' });
      expect(errorCode(response)).toBe('NOT_FOUND');
      expect(response.errors?.[0]?.extensions?.entity).toBe('Agent');
      expect(await bed.outcomeCount()).toBe(before);
      expect(await bed.leadStatus(lead.id)).toBe(LeadStatus.NEW);
    });
  });

  describe('auth', () => {
    it('lets ADMIN and MANAGER record outcomes', async () => {
      const lead = await bed.insertLead();
      dataOf(await record({ leadId: lead.id, type: 'CONTACTED' }, adminToken()));
      dataOf(await record({ leadId: lead.id, type: 'QUOTED', premium: 300 }, managerToken()));
      expect(await bed.leadStatus(lead.id)).toBe(LeadStatus.QUOTED);
    });

    it.each([
      ['an AGENT the lead was never offered to', (agentId: string) => agentToken(agentId)],
      ['a PARTNER, even for its own lead', () => partnerToken('partner-acme')],
    ])('refuses %s with FORBIDDEN and writes nothing', async (_who, tokenOf) => {
      const agentId = await bed.insertAgent();
      const lead = await bed.insertLead({ status: LeadStatus.ASSIGNED });
      const before = await bed.outcomeCount();
      const response = await record({ leadId: lead.id, type: 'CONTACTED', agentId }, tokenOf(agentId));
      expect(errorCode(response)).toBe('FORBIDDEN');
      expect(await bed.outcomeCount()).toBe(before);
      expect(await bed.leadStatus(lead.id)).toBe(LeadStatus.ASSIGNED);
    });

    it('refuses a request without a token', async () => {
      const lead = await bed.insertLead();
      const response = await bed.request(RECORD_OUTCOME, { input: { leadId: lead.id, type: 'CONTACTED' } });
      expect(errorCode(response)).toBe('UNAUTHENTICATED');
    });
  });
});
