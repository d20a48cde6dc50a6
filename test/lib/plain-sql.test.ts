import 'reflect-metadata';
import type { DataSource, EntityManager } from 'typeorm';
import { isUniqueViolation } from '../../lib/db/data-source';
import { changedRows, insertRows, selectEntities } from '../../lib/db/plain-sql';
import { OutboxEventEntity } from '../../lib/events/outbox-event.entity';
import { agentsSubgraph } from '../../subgraphs/agents';
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
