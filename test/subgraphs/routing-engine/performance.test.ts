import { AgentStatus, AgentTier, LineOfAuthority, ProductLine, TerritoryRole } from '../../../lib/domain/enums';
import { decide } from '../../../subgraphs/leads/routing/engine';
import type { CandidateFacts } from '../../../subgraphs/leads/routing/engine/types';
import { LEAD, NOW, candidate, routingInput, ruleFor, seededRandom } from './engine-fixtures';

const ZONES = [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Phoenix',
  'America/Los_Angeles',
  'America/Anchorage',
  'Pacific/Honolulu',
  'America/Puerto_Rico',
];
const ROLES = [TerritoryRole.PRIMARY, TerritoryRole.PRIMARY, TerritoryRole.BACKUP, TerritoryRole.OVERFLOW];
const TIERS = [AgentTier.ASSOCIATE, AgentTier.STANDARD, AgentTier.SENIOR, AgentTier.SPECIALIST];

/** A realistic mix: most agents pass, the rest fail one filter or another. */
function crowd(size: number): CandidateFacts[] {
  const random = seededRandom(2026);
  return Array.from({ length: size }, (_, index) =>
    candidate(
      {
        id: `agent-${String(index).padStart(4, '0')}`,
        timezone: ZONES[index % ZONES.length],
        tier: TIERS[index % TIERS.length],
        status: index % 11 === 0 ? AgentStatus.AWAY : AgentStatus.ONLINE,
        openCount: Math.floor(random() * 11),
        assignedToday: Math.floor(random() * 20),
        assignedDay: index % 2 === 0 ? '2026-11-23' : '2026-11-22',
        appointments: ['Acme Mutual', 'Bluebonnet Casualty', 'Lone Star Indemnity'],
        certifications: [ProductLine.PERSONAL_AUTO, ProductLine.HOMEOWNERS],
        workingHours: [1, 2, 3, 4, 5].map((isoWeekday) => ({ isoWeekday, start: '06:00', end: '22:00' })),
        licenses: [
          { state: 'OK', line: LineOfAuthority.PROPERTY, expiresOn: '2027-12-31' },
          { state: 'TX', line: LineOfAuthority.PROPERTY, expiresOn: '2027-12-31' },
          { state: 'TX', line: LineOfAuthority.CASUALTY, expiresOn: index % 13 === 0 ? '2026-01-31' : '2027-12-31' },
        ],
      },
      {
        role: ROLES[index % ROLES.length],
        weight: 0.5 + random(),
        stats: { leads: Math.floor(random() * 200), bound: Math.floor(random() * 20) },
      },
    ),
  );
}

describe('routing engine: performance', () => {
  it('decides over 1,000 candidates in well under 5 ms', () => {
    const input = routingInput(crowd(1000), {
      lead: { ...LEAD, carrier: 'Bluebonnet Casualty' },
      rule: ruleFor({ maxUtilization: 0.9 }),
      now: NOW,
    });
    for (let warmUp = 0; warmUp < 50; warmUp += 1) decide(input);

    const runs = 200;
    const timings: number[] = [];
    let outcome = decide(input);
    for (let run = 0; run < runs; run += 1) {
      const started = process.hrtime.bigint();
      outcome = decide(input);
      timings.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    timings.sort((a, b) => a - b);
    const median = timings[Math.floor(runs / 2)];
    const p95 = timings[Math.floor(runs * 0.95)];
    console.log(
      `decide() over 1,000 candidates: median ${median.toFixed(3)} ms, p95 ${p95.toFixed(3)} ms, ` +
        `${outcome.attempts.length} attempts, ${outcome.candidates.filter((record) => record.eligible).length} eligible`,
    );

    expect(outcome.candidates).toHaveLength(1000);
    expect(outcome.attempts.length).toBeGreaterThan(0);
    expect(new Set(outcome.candidates.map(({ excludedBy }) => excludedBy)).size).toBeGreaterThan(4);
  });
});
