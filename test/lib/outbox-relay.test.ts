import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { InProcessEventBus, type DomainEvent } from '../../lib/events/event-bus';
import { recordEvent } from '../../lib/events/outbox';
import { OutboxEventEntity } from '../../lib/events/outbox-event.entity';
import { OutboxRelay } from '../../lib/events/outbox-relay';
import { Topic } from '../../lib/events/topics';
import { agentsSubgraph } from '../../subgraphs/agents';
import { DATABASE_ENGINES, migratedDatabase } from '../support/migrated-database';

describe.each(DATABASE_ENGINES)('the outbox relay on %s', (_engine, create) => {
  const source = migratedDatabase(create, agentsSubgraph);
  let dataSource: DataSource;
  beforeAll(() => {
    dataSource = source();
  });

  it('publishes the events committed since its last poll when it stops, as a process shuts down', async () => {
    const bus = new InProcessEventBus();
    const published: DomainEvent[] = [];
    bus.subscribe(Topic.CapacityChanged, (event) => published.push(event));
    // Its next poll is a minute away: only stopping can publish what comes now.
    const relay = new OutboxRelay(dataSource, bus, { idleMs: 60_000 });
    relay.start();
    await relay.relayOnce();

    await dataSource.transaction((em) =>
      recordEvent(em, Topic.CapacityChanged, 'agent-last-request', { agentId: 'agent-last-request', freed: true }),
    );
    await relay.stop();

    expect(published.map((event) => event.aggregateId)).toEqual(['agent-last-request']);
    const row = await dataSource
      .getRepository(OutboxEventEntity)
      .findOneByOrFail({ aggregateId: 'agent-last-request' });
    expect(row.publishedAt).toBeInstanceOf(Date);
  });

  it('publishes nothing when it stops without having been started, as a test that drives it tick by tick', async () => {
    const bus = new InProcessEventBus();
    const published: DomainEvent[] = [];
    bus.subscribe(Topic.CapacityChanged, (event) => published.push(event));
    const relay = new OutboxRelay(dataSource, bus);
    await dataSource.transaction((em) =>
      recordEvent(em, Topic.CapacityChanged, 'agent-never-started', { agentId: 'agent-never-started', freed: true }),
    );

    await relay.stop();

    expect(published).toEqual([]);
    const row = await dataSource
      .getRepository(OutboxEventEntity)
      .findOneByOrFail({ aggregateId: 'agent-never-started' });
    expect(row.publishedAt).toBeNull();
  });
});
