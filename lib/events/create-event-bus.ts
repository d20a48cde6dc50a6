import type { Logger } from '../logger';
import { InProcessEventBus, type EventBus } from './event-bus';
import { RedisEventBus } from './redis-event-bus';

/** Redis when REDIS_URL is set (any number of instances), else in-process (one process runs everything). */
export function createEventBus(redisUrl: string | undefined, logger: Logger): EventBus {
  return redisUrl ? new RedisEventBus(redisUrl, logger) : new InProcessEventBus();
}
