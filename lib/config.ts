/**
 * The one typed configuration object. Only entry points (`main.ts` files and
 * scripts) call `loadConfig`; everything else receives the object it needs.
 */
export const SUBGRAPH_NAMES = ['leads', 'agents', 'territories', 'outcomes'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

/** Config.databasePoolSize when DATABASE_POOL_SIZE is unset, and createDataSource's when none is given. */
export const DEFAULT_DATABASE_POOL_SIZE = 20;

/** Used only when NODE_ENV is not production, so a newcomer can start without setup. */
export const DEVELOPMENT_JWT_SECRET = 'leadflow-development-secret-do-not-use-in-production';

export interface Config {
  nodeEnv: string;
  /** Interface every server binds to. */
  host: string;
  /** Gateway port. */
  port: number;
  subgraphPorts: Record<SubgraphName, number>;
  /** Where the gateway reaches each subgraph; defaults to 127.0.0.1 on its port. */
  subgraphUrls: Record<SubgraphName, string>;
  /** `mysql://user:pass@host:port/db` or `sqlite:<path>`. */
  databaseUrl: string;
  /**
   * Connections each process may open to MySQL. Above the requests one
   * process has in flight: at 16 concurrent routings a pool of 10 made
   * requests queue for a connection, and routing through the gateway ran
   * about 6% slower than with 20 (bench:routing, two interleaved rounds).
   */
  databasePoolSize: number;
  redisUrl: string | undefined;
  jwtSecret: string;
  seedDemo: boolean;
  /** Leads of the same product line sharing phone or email within this window are duplicates. */
  duplicateWindowDays: number;
  /**
   * How old the active rule set and the pooled bind rates that routing applies
   * may be before a process reads them again (0: every decision reads them).
   */
  routingCacheMs: number;
  /**
   * The routing worker's pause between polls of expired offers and outbox
   * events. Capacity and eligibility events wake it at once as they are
   * published, so this bounds only expiry and what a lost event delays.
   */
  routingPollMs: number;
  /**
   * How often the routing worker sweeps the queue without an event, a page
   * of 200 leads from where the last sweep stopped: the safety net for what
   * no event announces (an agent's working hours beginning, a lost event).
   */
  routingSweepMs: number;
  /**
   * Whether @apollo/gateway may send Apollo its usage metrics. Off unless
   * asked for: when on, every gateway start also probes the AWS, GCP, Azure
   * and Alibaba metadata addresses to describe its host.
   */
  apolloTelemetry: boolean;
  logLevel: string;
}

export class ConfigError extends Error {}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new ConfigError(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

function boolFrom(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes)$/i.test(raw)) return true;
  if (/^(0|false|no)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnv = env.NODE_ENV ?? 'development';
  const jwtSecret = env.JWT_SECRET ?? (nodeEnv === 'production' ? undefined : DEVELOPMENT_JWT_SECRET);
  if (!jwtSecret) throw new ConfigError('JWT_SECRET must be set when NODE_ENV=production');

  const subgraphPorts: Record<SubgraphName, number> = {
    leads: intFrom(env, 'LEADS_PORT', 4001),
    agents: intFrom(env, 'AGENTS_PORT', 4002),
    territories: intFrom(env, 'TERRITORIES_PORT', 4003),
    outcomes: intFrom(env, 'OUTCOMES_PORT', 4004),
  };
  const subgraphUrls = Object.fromEntries(
    SUBGRAPH_NAMES.map((name) => [
      name,
      env[`${name.toUpperCase()}_URL`] ?? `http://127.0.0.1:${subgraphPorts[name]}/graphql`,
    ]),
  ) as Record<SubgraphName, string>;

  const databaseUrl = env.DATABASE_URL || 'sqlite:./data/leadflow.sqlite';
  if (!/^(mysql|mariadb):\/\//.test(databaseUrl) && !databaseUrl.startsWith('sqlite:')) {
    throw new ConfigError(`DATABASE_URL must start with mysql:// or sqlite:, got "${databaseUrl}"`);
  }

  const databasePoolSize = intFrom(env, 'DATABASE_POOL_SIZE', DEFAULT_DATABASE_POOL_SIZE);
  if (databasePoolSize < 1) throw new ConfigError(`DATABASE_POOL_SIZE must be at least 1, got "${databasePoolSize}"`);

  return {
    nodeEnv,
    host: env.HOST || '127.0.0.1',
    port: intFrom(env, 'PORT', 4000),
    subgraphPorts,
    subgraphUrls,
    databaseUrl,
    databasePoolSize,
    redisUrl: env.REDIS_URL || undefined,
    jwtSecret,
    seedDemo: boolFrom(env, 'SEED_DEMO', true),
    duplicateWindowDays: intFrom(env, 'DUPLICATE_WINDOW_DAYS', 30),
    routingCacheMs: intFrom(env, 'ROUTING_CACHE_MS', 2000),
    routingPollMs: intFrom(env, 'ROUTING_POLL_MS', 250),
    routingSweepMs: intFrom(env, 'ROUTING_SWEEP_MS', 10_000),
    apolloTelemetry: boolFrom(env, 'APOLLO_TELEMETRY', false),
    logLevel: env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
  };
}
