import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { isUniqueViolation } from '../../../lib/db/data-source';
import { columnValue, insertStatement, selectEntities, type Statement } from '../../../lib/db/plain-sql';
import { OutboxEventEntity } from '../../../lib/events/outbox-event.entity';
import { leadsSubgraph } from '../../../subgraphs/leads';
import { batchTransaction } from '../../../subgraphs/leads/db/write-transaction';
import { DATABASE_ENGINES, migratedDatabase } from '../../support/migrated-database';

const event = (aggregateId: string, id?: number): OutboxEventEntity =>
  Object.assign(new OutboxEventEntity(), {
    ...(id === undefined ? {} : { id }),
    topic: 'TestHappened',
    aggregateId,
    payload: { aggregateId, note: 'it\'s "quoted"; – ünïcode \\ backslash' },
    createdAt: new Date('2026-12-03T08:15:30.123Z'),
  });

const always = (): boolean => true;

// One connection on MariaDB: a transaction a batch left open would be the next one's.
describe.each(DATABASE_ENGINES)('a batch transaction on %s', (_engine, create) => {
  const source = migratedDatabase(create, leadsSubgraph, 1);
  let dataSource: DataSource;
  beforeAll(() => {
    dataSource = source();
  });

  const stored = (prefix: string): Promise<OutboxEventEntity[]> =>
    selectEntities(dataSource.manager, OutboxEventEntity, 'WHERE aggregate_id LIKE ? ORDER BY id', [`${prefix}%`]);
  const insert = (...events: OutboxEventEntity[]): Statement =>
    insertStatement(dataSource.manager, OutboxEventEntity, events);
  /** Marks the events of `prefix` published; changes as many rows as there are unpublished ones. */
  const publish = (prefix: string): Statement => ({
    sql: 'UPDATE outbox_events SET published_at = ? WHERE aggregate_id LIKE ? AND published_at IS NULL',
    parameters: [
      columnValue(dataSource.manager, OutboxEventEntity, 'publishedAt', new Date('2026-12-03T09:00:00.000Z')),
      `${prefix}%`,
    ],
  });

  it("commits every step whose statements changed what it expects, with the values TypeORM's repository reads back", async () => {
    const seen: number[][] = [];
    const outcome = await batchTransaction(dataSource, [
      { statements: [insert(event('a-1')), insert(event('a-2'))], proceed: (changed) => seen.push([...changed]) > 0 },
      { statements: [publish('a-')], proceed: (changed) => seen.push([...changed]) > 0 && changed[0] === 2 },
    ]);

    expect(outcome).toEqual({ committed: true });
    expect(seen).toEqual([[1, 1], [2]]);
    const rows = await stored('a-');
    expect(rows.map((row) => row.aggregateId)).toEqual(['a-1', 'a-2']);
    expect(rows[0].payload).toEqual(event('a-1').payload);
    expect(rows[0].createdAt.toISOString()).toBe('2026-12-03T08:15:30.123Z');
    expect(rows[0].publishedAt?.toISOString()).toBe('2026-12-03T09:00:00.000Z');
  });

  it('rolls back every step at one that did not change what it expects, and never runs the steps after it', async () => {
    await batchTransaction(dataSource, [{ statements: [insert(event('b-0', 7001))], proceed: always }]);

    const outcome = await batchTransaction(dataSource, [
      { statements: [insert(event('b-1'))], proceed: always },
      { statements: [publish('b-nobody')], proceed: ([changed]) => changed === 1 },
      // Would fail on the primary key, had it run.
      { statements: [insert(event('b-2', 7001))], proceed: always },
    ]);

    expect(outcome).toEqual({ committed: false, step: 1 });
    expect((await stored('b-')).map((row) => row.aggregateId)).toEqual(['b-0']);
  });

  it('fails a statement as the unique violation TypeORM reports, keeping none of the batch, and serves the next one', async () => {
    await batchTransaction(dataSource, [{ statements: [insert(event('c-0', 8001))], proceed: always }]);

    const failure = await batchTransaction(dataSource, [
      { statements: [insert(event('c-1')), insert(event('c-2', 8001)), insert(event('c-3'))], proceed: always },
    ]).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isUniqueViolation(failure)).toBe(true);

    // On the same connection: had the failed batch's transaction stayed open, this one would commit c-1 with it.
    expect(await batchTransaction(dataSource, [{ statements: [insert(event('c-4'))], proceed: always }])).toEqual({
      committed: true,
    });
    expect((await stored('c-')).map((row) => row.aggregateId)).toEqual(['c-0', 'c-4']);
  });
});
