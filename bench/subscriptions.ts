import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { createClient, type Client } from 'graphql-ws';
import { createConnection } from 'mysql2/promise';
import WebSocket from 'ws';
import { Role } from '../lib/auth';
import { mapConcurrently } from '../lib/concurrency';
import { createDataSource } from '../lib/db/data-source';
import { CustomerType, LeadStatus, ProductLine } from '../lib/domain/enums';
import { newId } from '../lib/domain/ids';
import { recordEvent } from '../lib/events/outbox';
import { Topic } from '../lib/events/topics';
import { lookupZip } from '../lib/geo/zip-codes';
import { AssignmentEntity, AssignmentStatus, LeadEntity, leadLocation, leadsSubgraph } from '../subgraphs/leads';
import { startGraphProcesses } from '../test/support/processes';
import { TEST_JWT_SECRET } from '../test/support/tokens';
import { MARKETS, seedStatewideMarkets } from './agent-market';
import { GraphClient } from './graph-client';
import { cpuBetween, pidsNamed, readCpu } from './process-cpu';
import { fmt, percentile } from './stats';
import { tempDatabaseUrl } from './temp-database';

/**
 * npm run bench:subscriptions — 1,000 agents, each with its own graphql-ws
 * connection to one gateway, subscribed to their offers with fields from four
 * subgraphs; offers are committed at 100/s for 30 s (see MODE). Prints the
 * time from each offer's commit to its receipt (p50/p99), offers
 * lost or delivered twice, and the gateway's memory per subscription. The
 * graph runs as deployed: separate processes, MariaDB, events through Redis.
 *
 * The measured 30 s follow a warm-up at the same rate (BENCH_WARMUP_SECONDS,
 * default 5): a freshly started graph spends its first second compiling hot
 * code and opening pooled connections, which a running deployment has done
 * long before. The warm-up's figures are printed too, and its offers are
 * checked for loss and duplicates like the rest.
 *
 * BENCH_MYSQL_URL and BENCH_REDIS_URL pick the servers (default: local);
 * BENCH_AGENTS, BENCH_RATE, BENCH_SECONDS size the run; BENCH_OFFERS=submit makes
 * the offers through submitLead (see MODE); BENCH_CPU_PROF=<dir>
 * writes a CPU profile of every process of the graph.
 */
process.env.BENCH_MYSQL_URL ??= 'mysql://root@127.0.0.1:3306/test';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const AGENTS = Number(process.env.BENCH_AGENTS ?? 1000);
const RATE = Number(process.env.BENCH_RATE ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
/** How long after the last submission deliveries may still arrive before they count as lost. */
const DRAIN_MS = 10_000;
const TARGET_P99_MS = 100;
/**
 * commit (default): the bench commits each offer itself, as routing does (lead, assignment and
 * AssignmentOffered event in one transaction), so the figure is the delivery path alone and the
 * commit time is exact. submit: offers come from partners' submitLead through the gateway, routing
 * and delivery sharing the machine.
 */
const MODE = process.env.BENCH_OFFERS === 'submit' ? 'submit' : 'commit';

const OFFERS = `subscription ($agentId: ID!) {
  assignmentOffered(agentId: $agentId) {
    id offeredAt expiresAt
    lead { id productLine state estimatedPremium contact { phone } }
    agent { id name territories { name } performance { bindRate } }
  }
}`;

interface Offer {
  assignmentOffered: {
    id: string;
    offeredAt: string;
    lead: { id: string };
    agent: { id: string; territories: Array<{ name: string }> };
  };
}

interface Delivery {
  subscriber: string;
  assignmentId: string;
  leadId: string;
  agentId: string;
  complete: boolean;
  receivedAt: number;
}

/** Resident memory of a process in bytes (Linux). */
function residentBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN) * 1024;
}

interface OfferProducer {
  (index: number): Promise<string>;
  close(): Promise<void>;
}

/** Offers as partners make them: submitLead through the gateway; resolves to the lead id once OFFERED. */
function submittedOffers(client: GraphClient): OfferProducer {
  const tag = randomBytes(4).toString('hex');
  const produce = async (index: number): Promise<string> => {
    const market = MARKETS[index % MARKETS.length];
    const { submitLead } = await client.as<{ submitLead: { id: string; status: string } }>(
      Role.PARTNER,
      'mutation ($input: SubmitLeadInput!) { submitLead(input: $input) { id status } }',
      {
        input: {
          externalId: `${tag}-${index}`,
          productLine: 'HOMEOWNERS',
          postalCode: market.zip,
          firstName: 'Bench',
          lastName: `Lead ${index}`,
          estimatedPremium: 1200,
        },
      },
      'bench-partner',
    );
    if (submitLead.status !== 'OFFERED') throw new Error(`lead ${submitLead.id} is ${submitLead.status}`);
    return submitLead.id;
  };
  return Object.assign(produce, { close: async () => undefined });
}

/**
 * Offers committed as routing commits them: the lead OFFERED, its assignment
 * and the AssignmentOffered event in one transaction, with the leads
 * subgraph's own entities and outbox writer. Agent i % n gets offer i.
 */
async function committedOffers(databaseUrl: string, agentIds: readonly string[]): Promise<OfferProducer> {
  const dataSource = createDataSource({ url: databaseUrl, entities: leadsSubgraph.entities });
  await dataSource.initialize();
  const tag = randomBytes(4).toString('hex');
  const produce = async (index: number): Promise<string> => {
    const market = MARKETS[index % MARKETS.length];
    const location = lookupZip(market.zip)!;
    const now = new Date();
    const lead = Object.assign(new LeadEntity(), {
      id: newId(now.getTime()),
      partnerId: 'bench-partner',
      externalId: `${tag}-${index}`,
      productLine: ProductLine.HOMEOWNERS,
      customerType: CustomerType.PERSONAL,
      status: LeadStatus.OFFERED,
      duplicateOfId: null,
      ...leadLocation(location),
      estimatedPremium: 1200,
      carrier: null,
      firstName: 'Bench',
      lastName: `Lead ${index}`,
      email: null,
      phone: '+15125550100',
      consentAt: null,
      createdAt: now,
      updatedAt: now,
    } satisfies LeadEntity);
    const assignment = Object.assign(new AssignmentEntity(), {
      id: newId(now.getTime()),
      leadId: lead.id,
      agentId: agentIds[index % agentIds.length],
      decisionId: newId(now.getTime()),
      status: AssignmentStatus.OFFERED,
      openLeadId: lead.id,
      offeredAt: now,
      expiresAt: new Date(now.getTime() + 300_000),
      respondedAt: null,
      closedAt: null,
      declineReason: null,
    } satisfies AssignmentEntity);
    await dataSource.transaction(async (em) => {
      await em.insert(LeadEntity, lead);
      await em.insert(AssignmentEntity, assignment);
      await recordEvent(em, Topic.AssignmentOffered, assignment.id, {
        assignmentId: assignment.id,
        agentId: assignment.agentId,
        leadId: lead.id,
      });
    });
    return lead.id;
  };
  return Object.assign(produce, { close: () => dataSource.destroy() });
}

/** How long after its timestamp each offer's event was published, from the outbox. */
async function relayLagMs(databaseUrl: string, since: Date): Promise<number[]> {
  const connection = await createConnection(databaseUrl);
  try {
    const [rows] = await connection.query(
      "SELECT TIMESTAMPDIFF(MICROSECOND, created_at, published_at) / 1000 AS ms FROM outbox_events WHERE topic = 'assignment.offered' AND published_at IS NOT NULL AND created_at >= ?",
      // created_at holds UTC (the data source's timezone 'Z'); this connection would send a Date in local time.
      [since.toISOString().slice(0, 23).replace('T', ' ')],
    );
    return (rows as Array<{ ms: string | number }>).map((row) => Number(row.ms)).sort((a, b) => a - b);
  } finally {
    await connection.end();
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  console.log('npm run bench:subscriptions');
  console.log(`  machine: ${cpus().length} cores, ${fmt(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  const database = await tempDatabaseUrl();
  let gatewayPid: number | undefined;
  const pids = new Map<string, number[]>();
  const graph = await startGraphProcesses(
    { DATABASE_URL: database.url, REDIS_URL, LOG_LEVEL: 'warn', SEED_DEMO: 'false' },
    {
      nodeArgs: process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [],
      onSpawn: (script, pid) => {
        if (process.env.BENCH_CPU_PROF) console.log(`  CPU profile of ${script}: pid ${pid}`);
        if (script.startsWith('gateway')) gatewayPid = pid;
        const part = script.replace(/^subgraphs\//, '').replace(/\/main\.js$/, '');
        if (pid !== undefined) pids.set(part, [pid]);
      },
    },
  );
  const clients: Client[] = [];
  try {
    const admin = new GraphClient(graph.gatewayUrl, TEST_JWT_SECRET);
    const agentIds = await seedStatewideMarkets(admin, AGENTS);
    console.log(`  ${AGENTS} agents in ${MARKETS.length} states, events through Redis at ${REDIS_URL}`);

    const rssBefore = residentBytes(gatewayPid!);
    const deliveries: Delivery[] = [];
    const subscriptionErrors: string[] = [];
    const wsUrl = graph.gatewayUrl.replace(/^http/, 'ws');
    await mapConcurrently(agentIds, 50, async (agentId) => {
      const token = admin.tokenFor(Role.AGENT, agentId);
      let acknowledged!: () => void;
      const connected = new Promise<void>((resolve) => (acknowledged = resolve));
      const client = createClient({
        url: wsUrl,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${token}` },
        lazy: false,
        retryAttempts: 0,
        on: { connected: () => acknowledged() },
      });
      clients.push(client);
      client.subscribe<Offer>(
        { query: OFFERS, variables: { agentId } },
        {
          next: ({ data, errors }) => {
            const receivedAt = Date.now();
            if (errors || !data) {
              subscriptionErrors.push(JSON.stringify(errors));
              return;
            }
            const offer = data.assignmentOffered;
            deliveries.push({
              subscriber: agentId,
              assignmentId: offer.id,
              leadId: offer.lead.id,
              agentId: offer.agent.id,
              complete: offer.agent.territories.length > 0,
              receivedAt,
            });
          },
          error: (error) => subscriptionErrors.push(String(error)),
          complete: () => undefined,
        },
      );
      await connected;
    });
    // graphql-ws acknowledges connections, not subscriptions: give the upstream subscriptions a moment.
    await sleep(3000);
    const rssSubscribed = residentBytes(gatewayPid!);
    console.log(
      `  ${AGENTS} subscriptions open: gateway resident memory ${fmt(rssBefore / 2 ** 20)} -> ${fmt(rssSubscribed / 2 ** 20)} MiB, ` +
        `${fmt((rssSubscribed - rssBefore) / AGENTS / 1024)} KiB per subscription`,
    );

    const warmupOffers = Math.round(RATE * WARMUP_SECONDS);
    const total = warmupOffers + RATE * SECONDS;
    const produce = MODE === 'commit' ? await committedOffers(database.url, agentIds) : submittedOffers(admin);
    /** When each offer was known committed (commit mode: exactly; submit mode: its response arrived), by lead id. */
    const committedAt = new Map<string, number>();
    const offered = new Set<string>();
    let failed = 0;
    let firstFailure: string | undefined;
    pids.set('MariaDB', pidsNamed(['mariadbd', 'mysqld']));
    pids.set('Redis', pidsNamed(['redis-server']));
    pids.set('bench client', [process.pid]);
    let cpuBefore = readCpu(pids);
    const started = performance.now();
    let measuredFrom = started;
    let measuredSince = new Date();
    const warmupLeads = new Set<string>();
    const inFlight: Array<Promise<void>> = [];
    for (let index = 0; index < total; index += 1) {
      // Open loop: each offer leaves at its time, whether or not earlier ones have finished.
      const wait = started + (index * 1000) / RATE - performance.now();
      if (wait > 0) await sleep(wait);
      if (index === warmupOffers) {
        cpuBefore = readCpu(pids);
        measuredFrom = performance.now();
        measuredSince = new Date();
      }
      const warmingUp = index < warmupOffers;
      inFlight.push(
        produce(index).then(
          (leadId) => {
            committedAt.set(leadId, Date.now());
            offered.add(leadId);
            if (warmingUp) warmupLeads.add(leadId);
          },
          (error: unknown) => {
            failed += 1;
            firstFailure ??= String(error);
          },
        ),
      );
    }
    await Promise.all(inFlight);
    const sendSeconds = (performance.now() - measuredFrom) / 1000;
    await produce.close();
    const drainUntil = Date.now() + DRAIN_MS;
    while (Date.now() < drainUntil && new Set(deliveries.map((delivery) => delivery.leadId)).size < offered.size) {
      await sleep(100);
    }
    await sleep(1000);
    const cpu = cpuBetween(cpuBefore, readCpu(pids));
    const rssAfter = residentBytes(gatewayPid!);

    const perAssignment = new Map<string, number>();
    for (const delivery of deliveries)
      perAssignment.set(delivery.assignmentId, (perAssignment.get(delivery.assignmentId) ?? 0) + 1);
    const deliveredLeads = new Set(deliveries.map((delivery) => delivery.leadId));
    const lost = [...offered].filter((leadId) => !deliveredLeads.has(leadId)).length;
    const duplicated = [...perAssignment.values()].filter((count) => count > 1).length;
    const misrouted = deliveries.filter((delivery) => delivery.agentId !== delivery.subscriber).length;
    const incomplete = deliveries.filter((delivery) => !delivery.complete).length;
    const latencies = (warmup: boolean): number[] =>
      deliveries
        .filter((delivery) => warmupLeads.has(delivery.leadId) === warmup)
        .map((delivery) => delivery.receivedAt - (committedAt.get(delivery.leadId) ?? Number.NaN))
        .filter((ms) => !Number.isNaN(ms))
        .map((ms) => Math.max(0, ms))
        .sort((a, b) => a - b);
    const sinceCommit = latencies(false);
    console.log(
      `  ${total} offers (${MODE === 'commit' ? 'committed by the bench as routing does' : 'through submitLead'}) ` +
        `at ${RATE}/s: ${warmupOffers} in a ${WARMUP_SECONDS} s warm-up, then ${RATE * SECONDS} measured for ${SECONDS} s ` +
        `(made in ${fmt(sendSeconds)} s): ${offered.size} OFFERED, ${failed} failed` +
        (firstFailure ? ` (first: ${firstFailure.slice(0, 200)})` : ''),
    );
    console.log(
      `  ${deliveries.length} offers received: lost ${lost}, delivered twice ${duplicated}, to the wrong agent ${misrouted}, ` +
        `missing other subgraphs' fields ${incomplete}, subscription errors ${subscriptionErrors.length}` +
        (subscriptionErrors[0] ? ` (first: ${subscriptionErrors[0].slice(0, 200)})` : ''),
    );
    const line = (sorted: number[]): string =>
      `p50 ${fmt(percentile(sorted, 50))} ms, p99 ${fmt(percentile(sorted, 99))} ms, max ${fmt(sorted[sorted.length - 1] ?? Number.NaN)} ms`;
    console.log(
      MODE === 'commit'
        ? `  commit -> receipt: ${line(sinceCommit)}`
        : `  submitLead response (after the commit) -> receipt, 0 if earlier: ${line(sinceCommit)}`,
    );
    if (warmupOffers > 0) console.log(`    during the warm-up (not in the target): ${line(latencies(true))}`);
    const perOffer = [...cpu]
      .filter(([label, seconds]) => label !== 'machine' && seconds !== undefined)
      .map(
        ([label, seconds]) =>
          `${label} ${fmt(((seconds ?? 0) * 1000) / Math.max(1, offered.size - warmupLeads.size), 2)}`,
      );
    const machine = cpu.get('machine');
    console.log(
      `  CPU ms per offer (making it and delivering it): ${perOffer.join(', ')}` +
        (machine === undefined ? '' : `; machine busy ${fmt((machine / (sendSeconds + 1) / cpus().length) * 100, 0)}%`),
    );
    const relayLag = await relayLagMs(database.url, measuredSince);
    console.log(`    of which the outbox relay (event timestamp -> published to Redis): ${line(relayLag)}`);
    console.log(`  gateway resident memory after the run: ${fmt(rssAfter / 2 ** 20)} MiB`);
    if (subscriptionErrors.length > 0 || failed > 0) {
      console.log(`  last log lines of the graph:\n${graph.output().split('\n').slice(-15).join('\n')}`);
    }
    const p99 = percentile(sinceCommit, 99);
    console.log('  targets:');
    console.log(`    p99 <= ${TARGET_P99_MS} ms: ${fmt(p99)} ms ${p99 <= TARGET_P99_MS ? 'met' : 'MISSED'}`);
    const clean = lost === 0 && duplicated === 0 && misrouted === 0;
    console.log(`    no lost or duplicated offer: ${clean ? 'met' : 'MISSED'}`);
  } finally {
    await Promise.all(clients.map((client) => client.dispose()));
    await graph.stop();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
