import { randomUUID } from 'node:crypto';
import type { DomainEvent } from '../../lib/events/event-bus';
import { RedisEventBus } from '../../lib/events/redis-event-bus';
import { Topic } from '../../lib/events/topics';
import { createLogger } from '../../lib/logger';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const REDIS_PORT = Number(new URL(REDIS_URL).port || 6379);
const COMMAND_TIMEOUT_MS = 300;

const offered = (): DomainEvent => ({
  id: randomUUID(),
  topic: Topic.AssignmentOffered,
  aggregateId: randomUUID(),
  payload: { note: 'redis-event-bus.test' },
  occurredAt: new Date().toISOString(),
});

async function eventually(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return check();
}

/** Publishes once the bus's connection is up (it connects in the background and queues nothing meanwhile). */
async function publishWhenConnected(bus: RedisEventBus, events: DomainEvent[]): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await bus.publish(events);
    } catch (error) {
      if (attempt >= 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** Redis whose connections go dead without closing, as when its host vanishes or a NAT forgets them. */
describe('the Redis event bus over connections that go dead without closing', () => {
  const logger = createLogger('silent', 'test');
  let proxy: TcpProxy;
  let behindProxy: RedisEventBus;
  let direct: RedisEventBus;

  beforeEach(async () => {
    proxy = await startTcpProxy(REDIS_PORT);
    behindProxy = new RedisEventBus(`redis://127.0.0.1:${proxy.port}`, logger, {
      commandTimeoutMs: COMMAND_TIMEOUT_MS,
    });
    direct = new RedisEventBus(REDIS_URL, logger);
  });
  afterEach(async () => {
    await behindProxy.close();
    await direct.close();
    await proxy.close();
  });

  it('fails a publication after its timeout instead of waiting, and the retry goes through on a new connection', async () => {
    await publishWhenConnected(behindProxy, [offered()]);
    proxy.hang();

    const started = Date.now();
    await expect(behindProxy.publish([offered()])).rejects.toThrow(/timed out/i);
    expect(Date.now() - started).toBeLessThan(COMMAND_TIMEOUT_MS + 2000);

    // The relay's retry goes through: on a new connection, not the dead one, which would time out for ever.
    const retried = Date.now();
    await publishWhenConnected(behindProxy, [offered()]);
    expect(Date.now() - retried).toBeLessThan(5000);
  });

  it('hears events again on a new connection once its reader went dead, missing none', async () => {
    const received: string[] = [];
    behindProxy.subscribe(Topic.AssignmentOffered, (event) => received.push(event.id));
    // The reader starts from "now": probe until an event published elsewhere arrives, so it is reading.
    let reading = false;
    for (let attempt = 0; attempt < 50 && !reading; attempt += 1) {
      const probe = offered();
      await publishWhenConnected(direct, [probe]);
      reading = await eventually(() => received.includes(probe.id), 100);
    }
    expect(reading).toBe(true);

    proxy.hang();
    const during = [offered(), offered()];
    await direct.publish(during);

    // Before the fix the reader waited on the dead connection for as long as the OS kept it.
    expect(await eventually(() => during.every((event) => received.includes(event.id)), 5000)).toBe(true);
  });
});
