import { AgentStatus, AgentTier, LineOfAuthority, ProductLine, TerritoryRole } from '../../../lib/domain/enums';
import { decide, ExclusionReason, type RoutingOutcome } from '../../../subgraphs/leads/routing/engine';
import type { AgentFacts, CandidateFacts, RoutingInput } from '../../../subgraphs/leads/routing/engine/types';
import { LEAD, candidate, routingInput, ruleFor } from './engine-fixtures';

function only(outcome: RoutingOutcome) {
  expect(outcome.candidates).toHaveLength(1);
  return outcome.candidates[0];
}

function reasonFor(facts: CandidateFacts, overrides: Partial<RoutingInput> = {}): string | null {
  return only(decide(routingInput([facts], overrides))).excludedBy;
}

describe('routing engine: hard filters', () => {
  it('takes the baseline candidate every case below departs from', () => {
    const outcome = decide(routingInput([candidate()]));
    expect(only(outcome)).toMatchObject({ agentId: 'agent-a', eligible: true, excludedBy: null });
    expect(outcome.attempts).toEqual([{ agentId: 'agent-a', probability: 1 }]);
    expect(outcome.queuedReason).toBeNull();
  });

  const cases: Array<[ExclusionReason, CandidateFacts, Partial<RoutingInput>]> = [
    [ExclusionReason.PREVIOUSLY_OFFERED, candidate({}, { previouslyOffered: true }), {}],
    [
      ExclusionReason.NOT_LICENSED,
      candidate({
        licenses: [
          { state: 'OK', line: LineOfAuthority.CASUALTY, expiresOn: null },
          { state: 'TX', line: LineOfAuthority.LIFE, expiresOn: null },
        ],
      }),
      {},
    ],
    [
      ExclusionReason.LICENSE_EXPIRED,
      candidate({
        licenses: [
          { state: 'TX', line: LineOfAuthority.CASUALTY, expiresOn: '2025-06-30' },
          { state: 'TX', line: LineOfAuthority.PERSONAL_LINES, expiresOn: '2026-11-22' },
        ],
      }),
      {},
    ],
    [ExclusionReason.NOT_APPOINTED, candidate(), { lead: { ...LEAD, carrier: 'Other Casualty Co' } }],
    [
      ExclusionReason.NOT_CERTIFIED,
      candidate({ certifications: [ProductLine.HOMEOWNERS] }),
      { rule: ruleFor({ requireCertification: true }) },
    ],
    [ExclusionReason.TIER_TOO_LOW, candidate(), { rule: ruleFor({ minTier: AgentTier.SENIOR }) }],
    [ExclusionReason.NOT_ONLINE, candidate({ status: AgentStatus.AWAY }), {}],
    [
      ExclusionReason.OUTSIDE_WORKING_HOURS,
      candidate({ workingHours: [{ isoWeekday: 2, start: '09:00', end: '17:00' }] }),
      {},
    ],
    [ExclusionReason.AT_MAX_OPEN, candidate({ openCount: 10, maxOpen: 10 }), {}],
    [ExclusionReason.AT_DAILY_CAP, candidate({ assignedToday: 20, dailyCap: 20, assignedDay: '2026-11-23' }), {}],
    [
      ExclusionReason.OVER_UTILIZATION,
      candidate({ openCount: 8, maxOpen: 10 }),
      { rule: ruleFor({ maxUtilization: 0.8 }) },
    ],
  ];

  it.each(cases)('excludes with %s a candidate failing only that filter', (reason, facts, overrides) => {
    const outcome = decide(routingInput([facts], overrides));
    expect(only(outcome)).toEqual({
      agentId: 'agent-a',
      eligible: false,
      excludedBy: reason,
      score: null,
      components: { role: TerritoryRole.PRIMARY },
    });
    expect(outcome.attempts).toEqual([]);
    expect(outcome.queuedReason).toBe(`NO_ELIGIBLE_AGENT: ${reason}×1`);
  });

  it('records the first filter failed, in the documented order', () => {
    const seniorOnly = { rule: ruleFor({ minTier: AgentTier.SENIOR }) };
    const failsLater: Partial<AgentFacts> = { status: AgentStatus.OFFLINE, openCount: 10, tier: AgentTier.ASSOCIATE };
    expect(reasonFor(candidate({ ...failsLater, licenses: [] }), seniorOnly)).toBe(ExclusionReason.NOT_LICENSED);
    expect(reasonFor(candidate(failsLater), seniorOnly)).toBe(ExclusionReason.TIER_TOO_LOW);
    expect(reasonFor(candidate(failsLater))).toBe(ExclusionReason.NOT_ONLINE);
    expect(reasonFor(candidate({ openCount: 10, assignedToday: 20, assignedDay: '2026-11-23' }))).toBe(
      ExclusionReason.AT_MAX_OPEN,
    );
    expect(reasonFor(candidate(failsLater, { previouslyOffered: true }))).toBe(ExclusionReason.PREVIOUSLY_OFFERED);
  });

  it('accepts any one valid license among expired ones for a required line', () => {
    const licenses = [
      { state: 'TX', line: LineOfAuthority.CASUALTY, expiresOn: '2024-01-31' },
      { state: 'TX', line: LineOfAuthority.PERSONAL_LINES, expiresOn: '2027-01-31' },
    ];
    expect(reasonFor(candidate({ licenses }))).toBeNull();
  });

  it('matches the carrier appointment trimmed and case-insensitively, and only when the rule asks for it', () => {
    const lead = { ...LEAD, carrier: '  ACME mutual ' };
    expect(reasonFor(candidate(), { lead })).toBeNull();
    expect(reasonFor(candidate({ appointments: [] }), { lead })).toBe(ExclusionReason.NOT_APPOINTED);
    expect(
      reasonFor(candidate({ appointments: [] }), { lead, rule: ruleFor({ requireAppointment: false }) }),
    ).toBeNull();
    expect(reasonFor(candidate({ appointments: [] }), { lead: { ...LEAD, carrier: null } })).toBeNull();
  });

  it('lets an agent at exactly the maximum utilization through, but not beyond it', () => {
    const rule = ruleFor({ maxUtilization: 0.8 });
    expect(reasonFor(candidate({ openCount: 7, maxOpen: 10 }), { rule })).toBeNull();
    expect(reasonFor(candidate({ openCount: 8, maxOpen: 10 }), { rule })).toBe(ExclusionReason.OVER_UTILIZATION);
    expect(reasonFor(candidate({ openCount: 6, maxOpen: 10 }), { rule: ruleFor({ maxUtilization: 0.7 }) })).toBeNull();
  });
});

describe('routing engine: license expiry in the agent time zone', () => {
  // 06:00 UTC on the 23rd: still the 22nd in Los Angeles, already the 23rd in New York.
  const now = new Date('2026-11-23T06:00:00Z');
  const licenses = [{ state: 'TX', line: LineOfAuthority.CASUALTY, expiresOn: '2026-11-22' }];

  it('keeps a license valid through its expiry date in the agent zone', () => {
    expect(reasonFor(candidate({ licenses, timezone: 'America/Los_Angeles' }), { now })).toBeNull();
  });

  it('treats a license that expired yesterday in the agent zone as expired', () => {
    expect(reasonFor(candidate({ licenses, timezone: 'America/New_York' }), { now })).toBe(
      ExclusionReason.LICENSE_EXPIRED,
    );
  });

  it('treats a license without an expiry date as valid', () => {
    const open = [{ state: 'TX', line: LineOfAuthority.CASUALTY, expiresOn: null }];
    expect(reasonFor(candidate({ licenses: open }), { now: new Date('2099-01-01T00:00:00Z') })).toBeNull();
  });
});

describe('routing engine: working hours in the agent time zone', () => {
  const losAngelesMonday = candidate({
    timezone: 'America/Los_Angeles',
    workingHours: [{ isoWeekday: 1, start: '09:00', end: '17:00' }],
  });
  const at = (iso: string) => reasonFor(losAngelesMonday, { now: new Date(iso) });

  it('is inside at 10:00 Monday Pacific (18:00 UTC) and outside at 08:00 (16:00 UTC)', () => {
    expect(at('2026-11-23T18:00:00Z')).toBeNull();
    expect(at('2026-11-23T16:00:00Z')).toBe(ExclusionReason.OUTSIDE_WORKING_HOURS);
  });

  it('includes the start and excludes the end of a window', () => {
    expect(at('2026-11-23T17:00:00Z')).toBeNull(); // 09:00 PST
    expect(at('2026-11-24T00:59:00Z')).toBeNull(); // 16:59 PST
    expect(at('2026-11-24T01:00:00Z')).toBe(ExclusionReason.OUTSIDE_WORKING_HOURS); // 17:00 PST
  });

  it('follows daylight saving time: 09:00 PDT is 16:00 UTC in July', () => {
    expect(at('2026-07-13T16:00:00Z')).toBeNull();
    expect(at('2026-07-13T15:59:00Z')).toBe(ExclusionReason.OUTSIDE_WORKING_HOURS);
  });

  it('reads the clock afresh each minute, across a daylight saving change and a local midnight', () => {
    // Chicago springs forward at 08:00 UTC on 8 March 2026: 01:59 CST is followed by 03:00 CDT.
    const chicago = candidate({
      timezone: 'America/Chicago',
      workingHours: [{ isoWeekday: 7, start: '01:00', end: '02:00' }],
    });
    const at = (iso: string) => reasonFor(chicago, { now: new Date(iso) });
    expect(at('2026-03-08T07:59:00Z')).toBeNull();
    expect(at('2026-03-08T07:59:59.999Z')).toBeNull();
    expect(at('2026-03-08T08:00:00Z')).toBe(ExclusionReason.OUTSIDE_WORKING_HOURS);
    // Back to the earlier minute: the answer is the instant's, not the last one read.
    expect(at('2026-03-08T07:59:30Z')).toBeNull();
    // The same instant is 03:59 EDT in New York (it sprang forward an hour earlier): each zone reads its own clock.
    const newYork = candidate({ ...chicago.agent, timezone: 'America/New_York' });
    expect(reasonFor(newYork, { now: new Date('2026-03-08T07:59:30Z') })).toBe(ExclusionReason.OUTSIDE_WORKING_HOURS);

    // A license expiring on 31 May holds until local midnight in Chicago (05:00 UTC in summer).
    const expiring = candidate({
      timezone: 'America/Chicago',
      licenses: [{ state: LEAD.state, line: LineOfAuthority.CASUALTY, expiresOn: '2026-05-31' }],
    });
    expect(reasonFor(expiring, { now: new Date('2026-06-01T04:59:59Z') })).toBeNull();
    expect(reasonFor(expiring, { now: new Date('2026-06-01T05:00:00Z') })).toBe(ExclusionReason.LICENSE_EXPIRED);
  });

  it('uses the agent-local weekday, not the UTC one', () => {
    // Tuesday 01:30 UTC is Monday 17:30 in Los Angeles.
    const evening = candidate({
      timezone: 'America/Los_Angeles',
      workingHours: [{ isoWeekday: 1, start: '17:00', end: '19:00' }],
    });
    expect(reasonFor(evening, { now: new Date('2026-11-24T01:30:00Z') })).toBeNull();
    // 10:30 UTC on Sunday the 22nd is 23:30 that Sunday in Auckland (UTC+13); 11:00 UTC is already Monday there.
    const auckland = candidate({
      timezone: 'Pacific/Auckland',
      workingHours: [{ isoWeekday: 7, start: '20:00', end: '24:00' }],
    });
    expect(reasonFor(auckland, { now: new Date('2026-11-22T10:30:00Z') })).toBeNull();
    expect(reasonFor(auckland, { now: new Date('2026-11-22T11:00:00Z') })).toBe(ExclusionReason.OUTSIDE_WORKING_HOURS);
  });

  it('reads a zone this runtime does not know as UTC rather than failing the decision', () => {
    const unknownZone = candidate({
      timezone: 'Mars/Olympus_Mons',
      workingHours: [{ isoWeekday: 1, start: '17:00', end: '19:00' }],
    });
    expect(reasonFor(unknownZone, { now: new Date('2026-11-23T18:00:00Z') })).toBeNull();
    expect(reasonFor(unknownZone, { now: new Date('2026-11-23T19:00:00Z') })).toBe(
      ExclusionReason.OUTSIDE_WORKING_HOURS,
    );
  });

  it('accepts "24:00" as the end of the day', () => {
    const lateShift = candidate({
      timezone: 'America/Los_Angeles',
      workingHours: [{ isoWeekday: 1, start: '20:00', end: '24:00' }],
    });
    expect(reasonFor(lateShift, { now: new Date('2026-11-24T07:59:00Z') })).toBeNull(); // Mon 23:59
    expect(reasonFor(lateShift, { now: new Date('2026-11-24T08:00:00Z') })).toBe(ExclusionReason.OUTSIDE_WORKING_HOURS); // Tue 00:00
  });
});

describe('routing engine: daily cap per agent-local day', () => {
  const full = { assignedToday: 20, dailyCap: 20 };

  it('counts the assignments of the current local day', () => {
    expect(reasonFor(candidate({ ...full, assignedDay: '2026-11-23' }))).toBe(ExclusionReason.AT_DAILY_CAP);
  });

  it('resets on a new local day, and the reset day adds no load to the score', () => {
    const outcome = decide(routingInput([candidate({ ...full, assignedDay: '2026-11-22' })]));
    expect(only(outcome)).toMatchObject({ eligible: true, components: { utilization: 0, loadDiscount: 1 } });
  });

  it('decides the day in the agent zone, not in UTC', () => {
    // 03:00 UTC on the 23rd is still 21:00 on the 22nd in Chicago.
    const now = new Date('2026-11-23T03:00:00Z');
    expect(reasonFor(candidate({ ...full, assignedDay: '2026-11-22' }), { now })).toBe(ExclusionReason.AT_DAILY_CAP);
    expect(reasonFor(candidate({ ...full, assignedDay: '2026-11-23' }), { now })).toBeNull();
  });
});

describe('routing engine: fallback tiers', () => {
  const primaryFull = candidate({ id: 'primary', openCount: 10 });
  const backup = candidate({ id: 'backup' }, { role: TerritoryRole.BACKUP });
  const overflow = candidate({ id: 'overflow' }, { role: TerritoryRole.OVERFLOW });

  it('offers to a BACKUP member when every PRIMARY member is full', () => {
    const outcome = decide(routingInput([primaryFull, backup, overflow]));
    expect(outcome.attempts).toEqual([{ agentId: 'backup', probability: 1 }]);
    expect(outcome.candidates.map(({ agentId, eligible, excludedBy }) => [agentId, eligible, excludedBy])).toEqual([
      ['backup', true, null],
      ['overflow', false, ExclusionReason.FALLBACK_NOT_REACHED],
      ['primary', false, ExclusionReason.AT_MAX_OPEN],
    ]);
  });

  it('keeps an eligible PRIMARY ahead of backups, recording what the backups would have scored', () => {
    const outcome = decide(routingInput([backup, candidate({ id: 'primary' })]));
    expect(outcome.attempts.map(({ agentId }) => agentId)).toEqual(['primary']);
    const notReached = outcome.candidates[1];
    expect(notReached).toMatchObject({
      agentId: 'backup',
      eligible: false,
      excludedBy: ExclusionReason.FALLBACK_NOT_REACHED,
      components: { role: TerritoryRole.BACKUP },
    });
    expect(notReached.score).toBeGreaterThan(0);
    expect(notReached.score).toBe(outcome.candidates[0].score);
  });

  it('tries fallback roles in the rule order', () => {
    const rule = ruleFor({ fallback: [TerritoryRole.OVERFLOW, TerritoryRole.BACKUP] });
    const outcome = decide(routingInput([primaryFull, backup, overflow], { rule }));
    expect(outcome.attempts.map(({ agentId }) => agentId)).toEqual(['overflow']);
    expect(outcome.candidates.find(({ agentId }) => agentId === 'backup')?.excludedBy).toBe(
      ExclusionReason.FALLBACK_NOT_REACHED,
    );
  });

  it('queues the lead when the rule has no fallback and every PRIMARY is full', () => {
    const outcome = decide(routingInput([primaryFull, backup, overflow], { rule: ruleFor({ fallback: [] }) }));
    expect(outcome.attempts).toEqual([]);
    expect(outcome.candidates.map(({ agentId, excludedBy }) => [agentId, excludedBy])).toEqual([
      ['primary', ExclusionReason.AT_MAX_OPEN],
      ['backup', ExclusionReason.ROLE_NOT_IN_FALLBACK],
      ['overflow', ExclusionReason.ROLE_NOT_IN_FALLBACK],
    ]);
    expect(outcome.queuedReason).toBe('NO_ELIGIBLE_AGENT: ROLE_NOT_IN_FALLBACK×2, AT_MAX_OPEN×1');
  });

  it('reports a hard filter before the role for a backup that fails one', () => {
    const rule = ruleFor({ fallback: [] });
    expect(reasonFor(candidate({ status: AgentStatus.AWAY }, { role: TerritoryRole.BACKUP }), { rule })).toBe(
      ExclusionReason.NOT_ONLINE,
    );
  });
});
