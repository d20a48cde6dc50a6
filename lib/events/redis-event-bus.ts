import Redis from 'ioredis';
import type { Logger } from '../logger';
import type { DomainEvent, EventBus, EventListener } from './event-bus';
import type { TopicName } from './topics';

/** One stream for every topic: readers filter locally, and one XREAD per process follows all of them. */
const STREAM = 'leadflow:events';
/** Roughly how many events the stream keeps; a reader further behind than this was down for hours. */
const STREAM_LENGTH = 100_000;
const READ_BLOCK_MS = 1000;
const READ_COUNT = 500;
/** TCP keep-alive probes start after this much silence (the OS default waits two hours). */
const KEEP_ALIVE_MS = 10_000;

export interface RedisEventBusOptions {
  /**
   * How long a command may wait for Redis's answer before it fails, and a
   * blocking read beyond its block time before its connection is dropped and
   * made again. A connection whose peer vanished without closing it (a lost
   * NAT entry, a host gone) otherwise hangs until keep-alive gives up on it:
   * the relay's publication would wait that long, and the reader would hear
   * nothing.
   */
  commandTimeoutMs?: number;
}

/**
 * Events through a Redis stream, so that every instance of every subgraph
 * sees what any instance's relay published. A stream rather than pub/sub: a
 * reader that lost its connection resumes from the last entry it read, so a
 * Redis outage or restart delays events but loses none.
 *
 * Publishing fails at once while Redis is unreachable (no offline queue): the
 * outbox keeps the events and the relay publishes them when Redis is back.
 */
export class RedisEventBus implements EventBus {
  private readonly writer: Redis;
  private reader: Redis | null = null;
  private readonly listeners = new Map<TopicName, Set<EventListener>>();
  private reading: Promise<void> | null = null;
  private closed = false;
  private readonly commandTimeoutMs: number;

  constructor(
    private readonly url: string,
    private readonly logger: Logger,
    options: RedisEventBusOptions = {},
  ) {
    this.commandTimeoutMs = options.commandTimeoutMs ?? 5000;
    this.writer = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      lazyConnect: false,
      commandTimeout: this.commandTimeoutMs,
      keepAlive: KEEP_ALIVE_MS,
    });
    this.writer.on('error', (error) => this.logger.debug({ err: error }, 'redis (events) unavailable'));
  }

  async publish(events: readonly DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    const pipeline = this.writer.pipeline();
    for (const event of events) {
      pipeline.xadd(STREAM, 'MAXLEN', '~', STREAM_LENGTH, '*', 'event', JSON.stringify(event));
    }
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([error]) => error)?.[0];
    if (!failed) return;
    // A timeout leaves the connection as it was, dead: only a new one lets the relay's retry through.
    if (isTimeout(failed)) this.writer.disconnect(true);
    throw failed;
  }

  subscribe(topic: TopicName, listener: EventListener): () => void {
    const set = this.listeners.get(topic) ?? new Set();
    set.add(listener);
    this.listeners.set(topic, set);
    this.reading ??= this.readLoop();
    return () => set.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.reader?.disconnect();
    this.writer.disconnect();
    await this.reading?.catch(() => undefined);
  }

  /** Follows the stream from "now", then from the last entry read, across reconnections. */
  private async readLoop(): Promise<void> {
    // A blocking XREAD needs a connection of its own; it retries forever while Redis is away.
    this.reader = new Redis(this.url, {
      maxRetriesPerRequest: null,
      // While Redis is away a read fails at once and the loop retries it; queued, each would be sent on reconnection.
      enableOfflineQueue: false,
      commandTimeout: READ_BLOCK_MS + this.commandTimeoutMs,
      keepAlive: KEEP_ALIVE_MS,
    });
    this.reader.on('error', (error) => this.logger.debug({ err: error }, 'redis (events reader) unavailable'));
    let lastId = '$';
    while (!this.closed) {
      try {
        if (lastId === '$') {
          // Resolve "now" to a concrete id first, so a reconnection cannot skip what came in between.
          const [latest] = (await this.reader.xrevrange(STREAM, '+', '-', 'COUNT', 1)) as Array<[string, string[]]>;
          lastId = latest?.[0] ?? '0-0';
        }
        const batch = (await this.reader.xread(
          'COUNT',
          READ_COUNT,
          'BLOCK',
          READ_BLOCK_MS,
          'STREAMS',
          STREAM,
          lastId,
        )) as Array<[string, Array<[string, string[]]>]> | null;
        for (const [, entries] of batch ?? []) {
          for (const [entryId, fields] of entries) {
            lastId = entryId;
            this.dispatch(fields);
          }
        }
      } catch (error) {
        if (this.closed) return;
        this.logger.debug({ err: error }, 'reading the event stream failed; retrying');
        // A read that outlived its block time went out on a dead connection: only a new one hears again.
        if (isTimeout(error)) this.reader.disconnect(true);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  private dispatch(fields: string[]): void {
    const index = fields.indexOf('event');
    if (index < 0) return;
    const event = JSON.parse(fields[index + 1]) as DomainEvent;
    for (const listener of this.listeners.get(event.topic) ?? []) {
      try {
        listener(event);
      } catch (error) {
        this.logger.error({ err: error, eventId: event.id }, 'an event listener failed');
      }
    }
  }
}

/** ioredis's commandTimeout rejection. */
const isTimeout = (error: unknown): boolean => error instanceof Error && /timed out/i.test(error.message);
