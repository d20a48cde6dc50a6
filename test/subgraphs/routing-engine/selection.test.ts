import { AgentStatus, TerritoryRole } from '../../../lib/domain/enums';
import type { CandidateRecord } from '../../../subgraphs/leads/decision/decision.entity';
import { decide, ExclusionReason, queuedReasonFor } from '../../../subgraphs/leads/routing/engine';
import type { RoutingInput } from '../../../subgraphs/leads/routing/engine/types';
import { chosenProbability } from '../../../subgraphs/leads/routing/engine/selection';
import { candidate, routingInput, ruleFor, seededRandom } from './engine-fixtures';

/** Three agents with identical records and load, and one clearly worse. */
const TEAM = [
  candidate({ id: 'carol' }, { stats: { leads: 40, bound: 8 } }),
  candidate({ id: 'alice' }, { stats: { leads: 40, bound: 8 } }),
  candidate({ id: 'bob' }, { stats: { leads: 40, bound: 8 } }),
  candidate({ id: 'dave', openCount: 5 }, { stats: { leads: 40, bound: 8 } }),
];

describe('routing engine: fair rotation among near-equal candidates', () => {
  it('spreads the picks over all near-equal candidates, each with probability 1/k', () => {
    const random = seededRandom(42);
    const picks = new Map<string, number>();
    for (let draw = 0; draw < 3000; draw += 1) {
      const [first] = decide(routingInput(TEAM, { random })).attempts;
      expect(first.probability).toBeCloseTo(1 / 3, 12);
      picks.set(first.agentId, (picks.get(first.agentId) ?? 0) + 1);
    }
    expect([...picks.keys()].sort()).toEqual(['alice', 'bob', 'carol']);
    for (const count of picks.values()) {
      expect(count).toBeGreaterThan(850);
      expect(count).toBeLessThan(1150);
    }
  });

  it('treats scores within the rule tolerance of the best as equal, and no others', () => {
    const team = [
      candidate({ id: 'best' }, { weight: 1 }),
      candidate({ id: 'close' }, { weight: 0.97 }),
      candidate({ id: 'behind' }, { weight: 0.94 }),
    ];
    const withTolerance = (rotationTolerance: number, random: () => number) =>
      decide(routingInput(team, { rule: ruleFor({ rotationTolerance }), random })).attempts;
    expect(withTolerance(0.05, () => 0.99)).toEqual([
      { agentId: 'close', probability: 0.5 },
      { agentId: 'best', probability: 1 },
      { agentId: 'behind', probability: 1 },
    ]);
    expect(withTolerance(0.1, () => 0.99)[0]).toEqual({ agentId: 'behind', probability: 1 / 3 });
    expect(withTolerance(0, () => 0.99)[0]).toEqual({ agentId: 'best', probability: 1 });
  });

  it('does not draw when there is no choice', () => {
    const random = jest.fn(() => 0.5);
    const outcome = decide(routingInput([candidate()], { random }));
    expect(outcome.attempts).toEqual([{ agentId: 'agent-a', probability: 1 }]);
    expect(random).not.toHaveBeenCalled();
  });

  it('is reproducible for the same random sequence and leaves its input untouched', () => {
    const frozen = (seed: number): RoutingInput => deepFreeze(routingInput(TEAM, { random: seededRandom(seed) }));
    expect(decide(frozen(7))).toEqual(decide(frozen(7)));
  });
});

describe('routing engine: attempts and the audit order', () => {
  it('tries the pick first, then the other contenders by descending score, ties by agent id', () => {
    // random 0.5 of 3 near-equal (alice, bob, carol by id) picks bob.
    const outcome = decide(routingInput(TEAM, { random: () => 0.5 }));
    expect(outcome.attempts).toEqual([
      { agentId: 'bob', probability: 1 / 3 },
      { agentId: 'alice', probability: 1 },
      { agentId: 'carol', probability: 1 },
      { agentId: 'dave', probability: 1 },
    ]);
  });

  it('never offers beyond the contending tier', () => {
    const outcome = decide(routingInput([...TEAM, candidate({ id: 'eve' }, { role: TerritoryRole.BACKUP })]));
    expect(outcome.attempts.map(({ agentId }) => agentId)).not.toContain('eve');
  });

  it('lists contenders by score, then fallbacks not reached, then the excluded', () => {
    const outcome = decide(
      routingInput([
        candidate({ id: 'offline', status: AgentStatus.OFFLINE }),
        candidate({ id: 'backup' }, { role: TerritoryRole.BACKUP }),
        candidate({ id: 'full', openCount: 10 }),
        candidate({ id: 'busy', openCount: 6 }),
        candidate({ id: 'idle' }),
        candidate({ id: 'offered' }, { previouslyOffered: true }),
      ]),
    );
    expect(outcome.candidates.map(({ agentId, eligible, excludedBy }) => [agentId, eligible, excludedBy])).toEqual([
      ['idle', true, null],
      ['busy', true, null],
      ['backup', false, ExclusionReason.FALLBACK_NOT_REACHED],
      ['offered', false, ExclusionReason.PREVIOUSLY_OFFERED],
      ['offline', false, ExclusionReason.NOT_ONLINE],
      ['full', false, ExclusionReason.AT_MAX_OPEN],
    ]);
    expect(outcome.candidates[0].score).toBeGreaterThan(outcome.candidates[1].score ?? Infinity);
    expect(outcome.candidates.slice(3).every(({ score }) => score === null)).toBe(true);
  });
});

describe('routing engine: queued reason', () => {
  it('says NO_CANDIDATES when the territory lookup found nobody', () => {
    expect(decide(routingInput([]))).toEqual({ candidates: [], attempts: [], queuedReason: 'NO_CANDIDATES' });
  });

  it('summarises the exclusions, most frequent first', () => {
    const full = Array.from({ length: 12 }, (_, index) => candidate({ id: `full-${index}`, openCount: 10 }));
    const away = Array.from({ length: 3 }, (_, index) => candidate({ id: `away-${index}`, status: AgentStatus.AWAY }));
    const unlicensed = candidate({ id: 'unlicensed', licenses: [] });
    const outcome = decide(routingInput([unlicensed, ...away, ...full]));
    expect(outcome.attempts).toEqual([]);
    expect(outcome.queuedReason).toBe('NO_ELIGIBLE_AGENT: AT_MAX_OPEN×12, NOT_ONLINE×3, NOT_LICENSED×1');
  });

  it('stays within the 500 characters of the column', () => {
    const records: CandidateRecord[] = Array.from({ length: 60 }, (_, index) => ({
      agentId: `agent-${index}`,
      eligible: false,
      excludedBy: `SOME_FUTURE_REASON_CODE_${index}`,
      score: null,
      components: null,
    }));
    const reason = queuedReasonFor(records);
    expect(reason.length).toBeLessThanOrEqual(500);
    expect(reason.length).toBeGreaterThan(450);
    expect(reason).toMatch(/^NO_ELIGIBLE_AGENT: (SOME_FUTURE_REASON_CODE_\d+×1, )*SOME_FUTURE_REASON_CODE_\d+×1$/);
  });
});

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value) && !(value instanceof Date)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

describe('routing engine: the probability recorded when a routing’s last pass meets full agents', () => {
  // alice, bob and carol near-equal (drawn with 1/3 each), then dave; bob was drawn.
  const attempts = [
    { agentId: 'bob', probability: 1 / 3 },
    { agentId: 'alice', probability: 1 },
    { agentId: 'carol', probability: 1 },
    { agentId: 'dave', probability: 1 },
  ];

  it('is the draw’s 1/k when the pick had room', () => {
    expect(chosenProbability(attempts, new Set(), 'bob')).toBeCloseTo(1 / 3, 12);
  });

  it('counts every draw of a full near-equal agent for the agent they all fall through to', () => {
    // Drawing bob or alice (both full) ends at carol, as does drawing carol.
    expect(chosenProbability(attempts, new Set(['bob', 'alice']), 'carol')).toBe(1);
    // Drawing bob (full) ends at alice, as does drawing alice; drawing carol gives carol.
    expect(chosenProbability(attempts, new Set(['bob']), 'alice')).toBeCloseTo(2 / 3, 12);
  });

  it('is 1 when every near-equal agent was full and the lead went further down', () => {
    expect(chosenProbability(attempts, new Set(['bob', 'alice', 'carol']), 'dave')).toBe(1);
  });

  it('is 1 for a deterministic choice', () => {
    const alone = [
      { agentId: 'erin', probability: 1 },
      { agentId: 'frank', probability: 1 },
    ];
    expect(chosenProbability(alone, new Set(['erin']), 'frank')).toBe(1);
    expect(chosenProbability(alone, new Set(), 'erin')).toBe(1);
  });
});
