import 'reflect-metadata';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { isUniqueViolation } from '../../lib/db/data-source';
import { changedRows, insertRows, selectByKeys, selectEntities } from '../../lib/db/plain-sql';
import { AgentStatus, AgentTier, LineOfAuthority, ProductLine } from '../../lib/domain/enums';
import { newId } from '../../lib/domain/ids';
import { OutboxEventEntity } from '../../lib/events/outbox-event.entity';
import { agentsSubgraph } from '../../subgraphs/agents';
import { AgentEntity } from '../../subgraphs/agents/agent/agent.entity';
import { AgentLicenseEntity } from '../../subgraphs/agents/license/license.entity';
import { DATABASE_ENGINES, migratedDatabase } from '../support/migrated-database';

const event = (aggregateId: string, createdAt: Date): OutboxEventEntity =>
  Object.assign(new OutboxEventEntity(), {
    topic: 'TestHappened',
    aggregateId,
    payload: { aggregateId, nested: { ok: true, count: 2 }, note: 'it\'s "quoted" – ünïcode' },
    createdAt,
  });

/** The hot-path statements read and write exactly what TypeORM's repository reads and writes. */
describe.each(DATABASE_ENGINES)('plain SQL on %s', (_engine, create) => {
  const source = migratedDatabase(create, agentsSubgraph);
  let dataSource: DataSource;
  beforeAll(() => {
    dataSource = source();
  });

  it('inserts rows in order that the repository reads back unchanged, and selects them as entities', async () => {
    const createdAt = new Date('2026-11-24T08:15:30.123Z');
    // In a transaction, as the hot paths write (on MariaDB as a prepared statement).
    await dataSource.transaction((em) =>
      insertRows(em, OutboxEventEntity, [event('a-1', createdAt), event('a-2', createdAt)]),
    );

    const stored = await dataSource.getRepository(OutboxEventEntity).find({ order: { id: 'ASC' } });
    expect(stored.map((row) => row.aggregateId)).toEqual(['a-1', 'a-2']);
    expect(stored[1].id).toBeGreaterThan(stored[0].id);
    expect(stored[0].createdAt.toISOString()).toBe(createdAt.toISOString());
    expect(stored[0].payload).toEqual(event('a-1', createdAt).payload);
    expect(stored[0].publishedAt).toBeNull();

    const selected = await selectEntities(dataSource.manager, OutboxEventEntity, 'WHERE aggregate_id = ?', ['a-2']);
    expect(selected).toEqual([stored[1]]);
    expect(selected[0]).toBeInstanceOf(OutboxEventEntity);
  });

  it('refuses rows that give a column in some rows only, inserting none of them', async () => {
    const now = new Date();
    const published = Object.assign(event('b-1', now), { publishedAt: now });
    await expect(insertRows(dataSource.manager, OutboxEventEntity, [published, event('b-2', now)])).rejects.toThrow(
      /published_at is set in some rows only/,
    );
    expect(await selectEntities(dataSource.manager, OutboxEventEntity, "WHERE aggregate_id LIKE 'b-%'")).toEqual([]);
  });

  it('fails a duplicate key as the unique violation TypeORM reports, writing nothing', async () => {
    const now = new Date();
    const twins = [Object.assign(event('d-1', now), { id: 9001 }), Object.assign(event('d-2', now), { id: 9001 })];
    const failure = await dataSource
      .transaction((em) => insertRows(em, OutboxEventEntity, twins))
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(isUniqueViolation(failure)).toBe(true);
    expect(await selectEntities(dataSource.manager, OutboxEventEntity, "WHERE aggregate_id LIKE 'd-%'")).toEqual([]);
  });

  it("selects by keys exactly the entities, in the order, that the repository's find gives", async () => {
    const now = new Date('2026-12-03T16:30:00.457Z');
    const agent = (name: string, extra: Partial<AgentEntity>): AgentEntity =>
      Object.assign(new AgentEntity(), {
        id: newId(),
        name,
        email: `${name.toLowerCase()}.${newId()}@agency.example`,
        tier: AgentTier.SENIOR,
        status: AgentStatus.AWAY,
        timezone: 'America/Denver',
        maxOpen: 7,
        dailyCap: 40,
        openCount: 2,
        assignedToday: 3,
        assignedDay: '2026-12-03',
        appointments: ['Acme Mutual', 'Ünïon "Life"'],
        certifications: [ProductLine.LIFE],
        workingHours: [{ isoWeekday: 1, start: '08:30', end: '17:00' }],
        routingLicenses: null,
        createdAt: now,
        updatedAt: now,
        ...extra,
      });
    const agents = [
      agent('Ada', {}),
      agent('Bo', { assignedDay: null, appointments: [], certifications: [], workingHours: [] }),
    ];
    await dataSource.getRepository(AgentEntity).insert(agents);
    const license = (agentId: string, state: string, line: LineOfAuthority, expiresOn: string | null) =>
      Object.assign(new AgentLicenseEntity(), { id: newId(), agentId, state, line, expiresOn });
    await dataSource
      .getRepository(AgentLicenseEntity)
      .insert([
        license(agents[0].id, 'TX', LineOfAuthority.LIFE, '2027-01-31'),
        license(agents[0].id, 'CA', LineOfAuthority.PROPERTY, null),
        license(agents[1].id, 'NV', LineOfAuthority.CASUALTY, null),
        license(agents[0].id, 'CA', LineOfAuthority.CASUALTY, '2026-12-31'),
      ]);
    const em = dataSource.manager;
    const keys = [agents[1].id, 'no-such-agent', agents[0].id];

    const byId = (rows: AgentEntity[]): AgentEntity[] => [...rows].sort((a, b) => a.id.localeCompare(b.id));
    const selected = await selectByKeys(em, AgentEntity, 'id', keys);
    expect(selected.every((row) => row instanceof AgentEntity)).toBe(true);
    expect(byId(selected)).toEqual(byId(await dataSource.getRepository(AgentEntity).findBy({ id: In(keys) })));
    expect(byId(selected).map((row) => row.name)).toEqual(byId(agents).map((row) => row.name));

    const licenses = await selectByKeys(em, AgentLicenseEntity, 'agentId', keys, ['state', 'line']);
    expect(licenses).toEqual(
      await dataSource
        .getRepository(AgentLicenseEntity)
        .find({ where: { agentId: In(keys) }, order: { state: 'ASC', line: 'ASC' } }),
    );
    expect(licenses.map((row) => `${row.state} ${row.line}`)).toEqual([
      'CA CASUALTY',
      'CA PROPERTY',
      'NV CASUALTY',
      'TX LIFE',
    ]);
    expect(await selectByKeys(em, AgentEntity, 'id', [])).toEqual([]);
  });

  it('counts the rows a conditional update changed, and only inside a transaction', async () => {
    const now = new Date();
    await insertRows(dataSource.manager, OutboxEventEntity, [event('c-1', now), event('c-2', now)]);
    const changed = await dataSource.transaction((em) =>
      changedRows(em, "UPDATE outbox_events SET topic = 'Done' WHERE aggregate_id LIKE 'c-%' AND topic <> 'Done'", []),
    );
    const again = await dataSource.transaction((em) =>
      changedRows(em, "UPDATE outbox_events SET topic = 'Done' WHERE aggregate_id LIKE 'c-%' AND topic <> 'Done'", []),
    );
    expect([changed, again]).toEqual([2, 0]);
    await expect(changedRows(dataSource.manager, 'DELETE FROM outbox_events', [])).rejects.toThrow(/transaction/);
  });
});

describe('plain SQL on MariaDB', () => {
  const source = migratedDatabase(DATABASE_ENGINES[1][1], agentsSubgraph);
  let dataSource: DataSource;
  beforeAll(() => {
    dataSource = source();
  });

  it('refuses a write through a MySQL transaction that has ended, whose connection may be serving another', async () => {
    let ended: EntityManager | undefined;
    await dataSource.transaction(async (em) => {
      ended = em;
    });
    await expect(insertRows(ended!, OutboxEventEntity, [event('e-1', new Date())])).rejects.toThrow(/released/i);
    expect(await selectEntities(dataSource.manager, OutboxEventEntity, "WHERE aggregate_id = 'e-1'")).toEqual([]);
  });
});
