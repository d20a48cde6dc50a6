import type { EntityManager } from 'typeorm';
import { Topic } from '../../../lib/events/topics';
import { AgentEntity, agentLocalDate, releaseCapacity, reserveCapacity } from '../../../subgraphs/agents';
import { dataOf } from '../../support/graphql-client';
import type { TestSubgraph } from '../../support/subgraph';
import { managerToken } from '../../support/tokens';
import { AGENT, ENGINES, outboxEvents, startAgentsSubgraph, type AgentView, createAgentIn } from './agent-fixtures';

describe.each(ENGINES)('capacity ledger on %s', (engine) => {
  let graph: TestSubgraph;

  beforeAll(async () => {
    graph = await startAgentsSubgraph(engine);
  });

  afterAll(async () => {
    await graph?.close();
  });

  const createAgent = (overrides: Record<string, unknown> = {}): Promise<AgentView> => createAgentIn(graph, overrides);

  /**
   * Each call is its own transaction, as routing runs it. MariaDB runs them in
   * parallel on its pool. SQLite has one connection and one writer at a time,
   * and TypeORM's better-sqlite3 runner cannot even begin two transactions at
   * once, so there they wait their turn, as a SQLite deployment must.
   */
  let sqliteTurn: Promise<unknown> = Promise.resolve();
  function inTransaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    if (engine === 'mariadb') return graph.dataSource.transaction(work);
    const result = sqliteTurn.then(() => graph.dataSource.transaction(work));
    sqliteTurn = result.catch(() => undefined);
    return result;
  }
  const reserve = (agent: AgentView, now?: Date): Promise<boolean> =>
    inTransaction((em) => reserveCapacity(em, agent, now));
  const release = (agentId: string, now?: Date): Promise<void> =>
    inTransaction((em) => releaseCapacity(em, agentId, now));
  const counters = (id: string): Promise<AgentEntity> =>
    graph.dataSource.getRepository(AgentEntity).findOneByOrFail({ id });
  const capacityOf = async (id: string): Promise<AgentView['capacity']> =>
    dataOf(await graph.request<{ agent: AgentView }>(AGENT, { id }, managerToken())).agent.capacity;
  const capacityEvents = (agentId: string) => outboxEvents(graph.dataSource, Topic.CapacityChanged, agentId);

  it('reserves until max open is reached, then refuses and changes nothing; Agent.capacity shows the counters', async () => {
    const agent = await createAgent({ maxOpen: 3, dailyCap: 10 });
    const results: boolean[] = [];
    for (let i = 0; i < 4; i += 1) results.push(await reserve(agent));

    expect(results).toEqual([true, true, true, false]);
    expect(await capacityOf(agent.id)).toEqual({
      agentId: agent.id,
      maxOpen: 3,
      dailyCap: 10,
      open: 3,
      assignedToday: 3,
      remaining: 0,
    });
    const events = await capacityEvents(agent.id);
    expect(events.map((event) => event.payload)).toEqual(Array(3).fill({ agentId: agent.id, freed: false }));
  });

  it("stops at a rule's utilization threshold, reaching it exactly despite rounding", async () => {
    const agent = await createAgent({ maxOpen: 100, dailyCap: 200 });
    await graph.dataSource.getRepository(AgentEntity).update({ id: agent.id }, { openCount: 27 });
    // 0.29 × 100 is 28.999999999999996 in floating point: the 29th unit must still be allowed.
    const atThreshold = (): Promise<boolean> => inTransaction((em) => reserveCapacity(em, agent, new Date(), [], 0.29));
    expect([await atThreshold(), await atThreshold(), await atThreshold()]).toEqual([true, true, false]);
    expect((await counters(agent.id)).openCount).toBe(29);
    // Without a threshold, max open is the limit.
    expect(await reserve(agent)).toBe(true);
  });

  it('enforces the daily cap within one agent-local day and starts counting afresh on the next', async () => {
    const agent = await createAgent({ timezone: 'America/Los_Angeles', maxOpen: 10, dailyCap: 2 });
    // 11:00 on Friday 14 March in Los Angeles.
    const friday = new Date('2025-03-14T18:00:00Z');
    expect([await reserve(agent, friday), await reserve(agent, friday), await reserve(agent, friday)]).toEqual([
      true,
      true,
      false,
    ]);
    expect(await counters(agent.id)).toMatchObject({ openCount: 2, assignedToday: 2, assignedDay: '2025-03-14' });

    // The cap counts the day's assignments, not open ones: giving one back frees no daily capacity.
    await release(agent.id, friday);
    expect(await reserve(agent, friday)).toBe(false);

    // Counts kept for an earlier day are stale: the first reservation today starts again from one.
    await graph.dataSource.getRepository(AgentEntity).update({ id: agent.id }, { assignedDay: '2025-03-13' });
    expect(await reserve(agent, friday)).toBe(true);
    expect(await counters(agent.id)).toMatchObject({ openCount: 2, assignedToday: 1, assignedDay: '2025-03-14' });
    expect(await reserve(agent, friday)).toBe(true);

    // Already Saturday in UTC, still Friday 23:30 in Los Angeles: the cap still holds.
    expect(await reserve(agent, new Date('2025-03-15T06:30:00Z'))).toBe(false);
    // Saturday 00:30 in Los Angeles.
    expect(await reserve(agent, new Date('2025-03-15T07:30:00Z'))).toBe(true);
    expect(await counters(agent.id)).toMatchObject({ openCount: 4, assignedToday: 1, assignedDay: '2025-03-15' });
  });

  /** A zone whose date differs from Los Angeles' right now: far ahead, or, near Los Angeles' midnight, behind. */
  const zoneOnAnotherDate = (): string =>
    agentLocalDate('Pacific/Kiritimati') !== agentLocalDate('America/Los_Angeles')
      ? 'Pacific/Kiritimati'
      : 'Pacific/Pago_Pago';
  const moveTo = async (agentId: string, timezone: string): Promise<AgentView['capacity']> =>
    dataOf(
      await graph.request<{ updateAgent: Pick<AgentView, 'capacity'> }>(
        'mutation ($id: ID!, $input: UpdateAgentInput!) { updateAgent(id: $id, input: $input) { capacity { assignedToday remaining } } }',
        { id: agentId, input: { timezone } },
        managerToken(),
      ),
    ).updateAgent.capacity;

  it("keeps the day's count when the agent moves to a time zone on another date", async () => {
    const agent = await createAgent({ timezone: 'America/Los_Angeles', maxOpen: 10, dailyCap: 2 });
    expect([await reserve(agent), await reserve(agent)]).toEqual([true, true]);
    const zone = zoneOnAnotherDate();
    expect(await moveTo(agent.id, zone)).toMatchObject({ assignedToday: 2, remaining: 0 });
    expect(await reserve({ ...agent, timezone: zone })).toBe(false);
  });

  it("drops an earlier day's count when the agent moves to a time zone still on that date", async () => {
    const zone = zoneOnAnotherDate();
    const agent = await createAgent({ timezone: zone, maxOpen: 10, dailyCap: 2 });
    // Two assignments on the date Los Angeles is on now: another day than the agent's own.
    const losAngelesToday = agentLocalDate('America/Los_Angeles');
    await graph.dataSource
      .getRepository(AgentEntity)
      .update({ id: agent.id }, { assignedDay: losAngelesToday, assignedToday: 2 });
    expect(await capacityOf(agent.id)).toMatchObject({ assignedToday: 0, remaining: 2 });

    expect(await moveTo(agent.id, 'America/Los_Angeles')).toMatchObject({ assignedToday: 0, remaining: 2 });
    expect(await reserve({ ...agent, timezone: 'America/Los_Angeles' })).toBe(true);
  });

  it('refuses a reservation made on the agent as it was before it moved to another time zone, changing nothing', async () => {
    const agent = await createAgent({ timezone: 'America/Los_Angeles', maxOpen: 10, dailyCap: 2 });
    expect(await reserve(agent)).toBe(true);
    const zone = zoneOnAnotherDate();
    await moveTo(agent.id, zone);
    const before = await counters(agent.id);
    // A routing that read the agent before the move: its day would be Los Angeles', undoing the carry-over.
    expect(await reserve(agent)).toBe(false);
    expect(await counters(agent.id)).toEqual(before);
    expect(await reserve({ ...agent, timezone: zone })).toBe(true);
    expect(await counters(agent.id)).toMatchObject({ openCount: 2, assignedToday: 2 });
  });

  it('lets exactly max open of 60 concurrent reservations through', async () => {
    const agent = await createAgent({ maxOpen: 25, dailyCap: 1000 });
    const results = await Promise.all(Array.from({ length: 60 }, () => reserve(agent)));

    expect(results.filter(Boolean)).toHaveLength(25);
    expect(await counters(agent.id)).toMatchObject({ openCount: 25, assignedToday: 25 });
    expect(await capacityOf(agent.id)).toMatchObject({ open: 25, assignedToday: 25, remaining: 0 });
    expect(await capacityEvents(agent.id)).toHaveLength(25);
  });

  it('releases one unit at a time, never below zero, recording each release as freed capacity', async () => {
    const agent = await createAgent({ maxOpen: 5, dailyCap: 20 });
    expect(await reserve(agent)).toBe(true);
    expect(await reserve(agent)).toBe(true);

    await release(agent.id);
    expect(await capacityOf(agent.id)).toMatchObject({ open: 1, assignedToday: 2, remaining: 4 });
    await release(agent.id);
    await release(agent.id);
    expect(await capacityOf(agent.id)).toMatchObject({ open: 0, assignedToday: 2, remaining: 5 });
    expect(await counters(agent.id)).toMatchObject({ openCount: 0 });

    const events = await capacityEvents(agent.id);
    expect(events.map((event) => event.payload)).toEqual([
      { agentId: agent.id, freed: false },
      { agentId: agent.id, freed: false },
      { agentId: agent.id, freed: true },
      { agentId: agent.id, freed: true },
      { agentId: agent.id, freed: true },
    ]);
  });
});
