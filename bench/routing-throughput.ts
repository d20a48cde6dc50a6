import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { join } from 'node:path';
import { cpus, loadavg, totalmem } from 'node:os';
import { createConnection } from 'mysql2/promise';
import { Role } from '../lib/auth';
import { loadConfig } from '../lib/config';
import { StatementCounter } from '../lib/db/statement-counter';
import { createLogger } from '../lib/logger';
import { startGraph } from '../scripts/graph';
import { TEST_JWT_SECRET } from '../test/support/tokens';
import { GraphClient } from './graph-client';
import { DEPLOYED_NODE_FLAGS, startGraphProcesses } from '../test/support/processes';
import { cpuBetween, pidsNamed, readCpu } from './process-cpu';
import { combineSummaries, fmt, measure, type LatencySummary } from './stats';
import { tempDatabaseUrl } from './temp-database';
import { assignMembers, createAgents, createTerritory, MARKETS, seedStatewideMarkets } from './agent-market';

/**
 * npm run bench:routing — decisions per second and p50/p99 latency of
 * `submitLead` (which routes at once) at concurrency 16 against 1,000 agents
 * on MariaDB: through the gateway, and the same sent straight to the leads
 * subgraph, taking turns in rounds. The graph runs as deployed: four
 * subgraph processes and a gateway process. For scale, the same through
 * bench/forwarding-proxy, a process that only forwards: the least a gateway
 * can add on this machine. Then, in process, the SQL statements one decision
 * costs at 10, 100 and 1,000 candidates.
 *
 * BENCH_MYSQL_URL picks the server (default: the local MariaDB); BENCH_AGENTS,
 * BENCH_LEADS, BENCH_WARMUP, BENCH_TURN_WARMUP, BENCH_ROUNDS size the run; BENCH_CPU_PROF=<dir>
 * writes a CPU profile of every process of the graph; BENCH_SHOW_SQL=1 lists the statements
 * of the 1,000-candidate decision; BENCH_ONLY=throughput|statements runs one part.
 */
process.env.BENCH_MYSQL_URL ??= 'mysql://root@127.0.0.1:3306/test';
const AGENTS = Number(process.env.BENCH_AGENTS ?? 1000);
const LEADS = Number(process.env.BENCH_LEADS ?? 3000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 200);
/** The paths take turns in this many rounds, so that the machine's drift during a run falls on all of them. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/**
 * Unmeasured submissions at the start of every turn. A process that sat idle
 * through the other paths' turns (the gateway, the proxy) starts its turn
 * slower: in a traced run the gateway's first second of a turn had a p99 of
 * 148-187 ms against 67-77 ms for the rest of the turn. A deployed gateway
 * under steady load does not idle like that, so each turn warms in first.
 */
const TURN_WARMUP = Number(process.env.BENCH_TURN_WARMUP ?? 400);
/** Submissions one at a time, to see latency without queueing. */
const UNLOADED = 200;
const CONCURRENCY = 16;
const CANDIDATE_COUNTS = [10, 100, 1000] as const;

const TARGET_DECISIONS_PER_SECOND = 300;
const TARGET_P99_MS = 50;
const TARGET_GATEWAY_RATIO = 1.25;

/** None that the default rule set restricts (Medicare, large commercial). */
const PRODUCT_LINES = ['PERSONAL_AUTO', 'HOMEOWNERS', 'RENTERS', 'UMBRELLA', 'LIFE', 'HEALTH'];

const SUBMIT_LEAD = 'mutation ($input: SubmitLeadInput!) { submitLead(input: $input) { id status } }';
const DECISION_FIELDS = 'id chosenProbability queuedReason candidates { eligible }';

interface Decision {
  id: string;
  chosenProbability: number | null;
  queuedReason: string | null;
  candidates: Array<{ eligible: boolean }>;
}

// ---------------------------------------------------------------- throughput

interface Tally {
  offered: number;
  otherStatus: Map<string, number>;
  errors: number;
  firstError?: string;
}

function leadInput(runTag: string, phase: string, index: number): Record<string, unknown> {
  const market = MARKETS[index % MARKETS.length];
  return {
    externalId: `${runTag}-${phase}-${index}`,
    productLine: PRODUCT_LINES[(index * 7 + Math.floor(index / MARKETS.length)) % PRODUCT_LINES.length],
    postalCode: market.zip,
    firstName: 'Bench',
    lastName: `Lead ${index}`,
    estimatedPremium: 500 + ((index * 7919) % 4500),
  };
}

/** Which processes' CPU to account a run's decisions to, by label. */
type CpuGroups = ReadonlyMap<string, readonly number[]>;

interface Run {
  summary: LatencySummary;
  tally: Tally;
  /** CPU seconds per process group during the run (undefined where unreadable). */
  cpu: Map<string, number | undefined>;
}

/** `count` submissions at CONCURRENCY through `client`, each expected to come back OFFERED. */
async function submitLeads(
  client: GraphClient,
  runTag: string,
  phase: string,
  count: number,
  cpuGroups: CpuGroups = new Map(),
  concurrency = CONCURRENCY,
): Promise<Run> {
  const tally: Tally = { offered: 0, otherStatus: new Map(), errors: 0 };
  const cpuBefore = readCpu(cpuGroups);
  const summary = await measure(count, concurrency, async (index) => {
    try {
      const { submitLead } = await client.as<{ submitLead: { status: string } }>(
        Role.PARTNER,
        SUBMIT_LEAD,
        { input: leadInput(runTag, phase, index) },
        'bench-partner',
      );
      if (submitLead.status === 'OFFERED') tally.offered += 1;
      else tally.otherStatus.set(submitLead.status, (tally.otherStatus.get(submitLead.status) ?? 0) + 1);
    } catch (error) {
      tally.errors += 1;
      tally.firstError ??= error instanceof Error ? error.message : String(error);
    }
  });
  return { summary, tally, cpu: cpuBetween(cpuBefore, readCpu(cpuGroups)) };
}

/** One run of several: summaries, tallies and CPU seconds added up. */
function combineRuns(runs: readonly Run[]): Run {
  const tally: Tally = { offered: 0, otherStatus: new Map(), errors: 0 };
  const cpu = new Map<string, number | undefined>();
  for (const run of runs) {
    tally.offered += run.tally.offered;
    tally.errors += run.tally.errors;
    tally.firstError ??= run.tally.firstError;
    for (const [status, n] of run.tally.otherStatus)
      tally.otherStatus.set(status, (tally.otherStatus.get(status) ?? 0) + n);
    for (const [label, seconds] of run.cpu) {
      const before = cpu.has(label) ? cpu.get(label) : 0;
      cpu.set(label, before === undefined || seconds === undefined ? undefined : before + seconds);
    }
  }
  return { summary: combineSummaries(runs.map((run) => run.summary)), tally, cpu };
}

const verdict = (met: boolean): string => (met ? 'met' : 'MISSED');

function printRun(label: string, { summary, tally, cpu }: Run): void {
  const others = [...tally.otherStatus].map(([status, n]) => `${n} ${status}`).join(', ');
  console.log(
    `  ${label.padEnd(22)} ${fmt(summary.perSecond).padStart(7)} decisions/s   p50 ${fmt(summary.p50).padStart(6)} ms   p99 ${fmt(summary.p99).padStart(6)} ms   ` +
      `(${summary.count} in ${fmt(summary.seconds)} s; ${tally.offered} OFFERED${others ? `, ${others}` : ''}, ${tally.errors} errors)`,
  );
  if (tally.firstError) console.log(`    first error: ${tally.firstError.slice(0, 300)}`);
  // Only the processes whose CPU could be read (all of them on Linux).
  const perDecision = [...cpu].filter(([label, seconds]) => label !== 'machine' && seconds !== undefined);
  if (perDecision.length === 0) return;
  const ms = (seconds: number | undefined): number => ((seconds ?? 0) * 1000) / summary.count;
  const ours = perDecision.reduce((sum, [, seconds]) => sum + ms(seconds), 0);
  console.log(
    `    CPU per decision: ${perDecision.map(([name, seconds]) => `${name} ${fmt(ms(seconds))} ms`).join(', ')}; ` +
      `total ${fmt(ours)} ms => at most ${fmt((cores() * 1000) / ours, 0)} decisions/s on ${cores()} cores`,
  );
  const machine = cpu.get('machine');
  if (machine !== undefined) {
    const busy = machine / summary.seconds / cores();
    const outside = Math.max(0, machine - (ours * summary.count) / 1000) / summary.seconds / cores();
    console.log(
      `    machine busy ${fmt(busy * 100, 0)}% of ${cores()} cores, ${fmt(outside * 100, 0)}% of it by processes outside this benchmark`,
    );
  }
}

const cores = (): number => cpus().length;

/** bench/forwarding-proxy in its own process, as the gateway runs, in front of `target`. */
async function startForwardingProxy(target: string): Promise<{ url: string; process: ChildProcess }> {
  const child = spawn(process.execPath, [...DEPLOYED_NODE_FLAGS, join(__dirname, 'forwarding-proxy.js'), target], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // A proxy that dies before it listens would otherwise leave the benchmark waiting for ever.
  const started = await Promise.race([
    once(child.stdout!, 'data').then(([line]) => (line as Buffer).toString().trim()),
    once(child, 'exit').then(([code]) => {
      throw new Error(`bench/forwarding-proxy exited with ${String(code)} before it listened`);
    }),
  ]);
  return { url: started, process: child };
}

async function throughput(): Promise<void> {
  const database = await tempDatabaseUrl();
  const profileDir = process.env.BENCH_CPU_PROF;
  const pids = new Map<string, number>();
  try {
    console.log(
      `\nThroughput: ${AGENTS} agents in ${MARKETS.length} states, one statewide territory each (all PRIMARY)`,
    );
    const graph = await startGraphProcesses(
      {
        DATABASE_URL: database.url,
        LOG_LEVEL: 'warn',
        SEED_DEMO: 'false',
      },
      {
        nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
        onSpawn: (script, pid) => {
          if (pid !== undefined) pids.set(script.replace(/^.*\/dist\//, '').replace(/\/main\.js$/, ''), pid);
        },
      },
    );
    if (profileDir) {
      console.log(`  CPU profiles in ${profileDir}: ${[...pids].map(([part, pid]) => `${part}=${pid}`).join(' ')}`);
    }
    const local = ['127.0.0.1', 'localhost'].includes(new URL(process.env.BENCH_MYSQL_URL!).hostname);
    const cpuGroups: CpuGroups = new Map([
      ['leads', [pids.get('subgraphs/leads')!]],
      ['gateway', [pids.get('gateway')!]],
      ['other subgraphs', ['agents', 'territories', 'outcomes'].map((name) => pids.get(`subgraphs/${name}`)!)],
      ['client', [process.pid]],
      ...(local ? [['MariaDB', pidsNamed(['mariadbd', 'mysqld'])] as [string, number[]]] : []),
    ]);
    try {
      const gateway = new GraphClient(graph.gatewayUrl, TEST_JWT_SECRET);
      const direct = new GraphClient(graph.subgraphUrls.leads, TEST_JWT_SECRET);

      const seedStarted = performance.now();
      await seedStatewideMarkets(gateway, AGENTS);
      console.log(`  seeded through the gateway in ${fmt((performance.now() - seedStarted) / 1000)} s`);

      const runTag = `bench-${randomBytes(4).toString('hex')}`;
      const warmGateway = await submitLeads(gateway, runTag, 'warm-gateway', WARMUP);
      const warmDirect = await submitLeads(direct, runTag, 'warm-direct', WARMUP);
      const warmFailures = WARMUP * 2 - warmGateway.tally.offered - warmDirect.tally.offered;
      const warmError = warmGateway.tally.firstError ?? warmDirect.tally.firstError;
      console.log(
        `  warm-up: ${WARMUP} + ${WARMUP} submissions (${warmFailures} not OFFERED)${warmError ? `: ${warmError.slice(0, 200)}` : ''}`,
      );

      // One at a time nothing queues: the difference is the gateway's own cost.
      const alone = await submitLeads(gateway, runTag, 'alone-gateway', UNLOADED, new Map(), 1);
      const aloneDirect = await submitLeads(direct, runTag, 'alone-direct', UNLOADED, new Map(), 1);
      console.log(
        `  one at a time (${UNLOADED} each): gateway p50 ${fmt(alone.summary.p50)} ms, p99 ${fmt(alone.summary.p99)} ms; ` +
          `direct p50 ${fmt(aloneDirect.summary.p50)} ms, p99 ${fmt(aloneDirect.summary.p99)} ms; ` +
          `gateway / direct p50 ${fmt(alone.summary.p50 / aloneDirect.summary.p50, 2)}x`,
      );

      // The floor of any gateway process: what forwarding alone costs on this machine.
      const proxy = await startForwardingProxy(graph.subgraphUrls.leads);
      let viaGateway: Run;
      let straight: Run;
      let viaProxy: Run;
      try {
        const proxied = new GraphClient(proxy.url, TEST_JWT_SECRET);
        await submitLeads(proxied, runTag, 'warm-proxy', WARMUP);
        const paths = [
          { name: 'gateway', client: gateway, groups: cpuGroups, runs: [] as Run[] },
          { name: 'direct', client: direct, groups: cpuGroups, runs: [] as Run[] },
          {
            name: 'proxy',
            client: proxied,
            groups: new Map([...cpuGroups, ['proxy', [proxy.process.pid!]]]),
            runs: [] as Run[],
          },
        ];
        console.log(
          `  submitLead with routing, concurrency ${CONCURRENCY}, ${LEADS} leads each, in ${ROUNDS} rounds taking turns, each turn after ${TURN_WARMUP} unmeasured ` +
            `(load average before: ${loadavg()
              .map((value) => fmt(value, 2))
              .join(' ')}):`,
        );
        for (let round = 0; round < ROUNDS; round += 1) {
          // Each path goes first in one round: none always runs on a machine the others warmed or tired.
          for (let turn = 0; turn < paths.length; turn += 1) {
            const path = paths[(round + turn) % paths.length];
            const count = Math.floor(LEADS / ROUNDS) + (round < LEADS % ROUNDS ? 1 : 0);
            const warm = await submitLeads(path.client, runTag, `${path.name}-${round}-warm`, TURN_WARMUP);
            if (warm.tally.firstError)
              console.log(`    ${path.name} warm-in error: ${warm.tally.firstError.slice(0, 200)}`);
            path.runs.push(await submitLeads(path.client, runTag, `${path.name}-${round}`, count, path.groups));
          }
        }
        [viaGateway, straight, viaProxy] = paths.map((path) => combineRuns(path.runs));
      } finally {
        proxy.process.kill('SIGTERM');
      }
      printRun('through the gateway', viaGateway);
      printRun('straight to leads', straight);
      printRun('bare forwarding proxy', viaProxy);

      const g = viaGateway.summary;
      const d = straight.summary;
      const p50Ratio = g.p50 / d.p50;
      const p99Ratio = g.p99 / d.p99;
      console.log(`  gateway / direct: p50 ${fmt(p50Ratio, 2)}x, p99 ${fmt(p99Ratio, 2)}x`);
      console.log(
        `  bare forwarding proxy / direct: p50 ${fmt(viaProxy.summary.p50 / d.p50, 2)}x, p99 ${fmt(viaProxy.summary.p99 / d.p99, 2)}x ` +
          '(any gateway process costs at least this here)',
      );
      console.log('  targets (through the gateway):');
      console.log(
        `    >= ${TARGET_DECISIONS_PER_SECOND} decisions/s: ${fmt(g.perSecond)} ${verdict(g.perSecond >= TARGET_DECISIONS_PER_SECOND)}`,
      );
      console.log(`    p99 <= ${TARGET_P99_MS} ms: ${fmt(g.p99)} ms ${verdict(g.p99 <= TARGET_P99_MS)}`);
      console.log(
        `    gateway <= ${TARGET_GATEWAY_RATIO}x direct latency: p50 ${fmt(p50Ratio, 2)}x ${verdict(p50Ratio <= TARGET_GATEWAY_RATIO)}, ` +
          `p99 ${fmt(p99Ratio, 2)}x ${verdict(p99Ratio <= TARGET_GATEWAY_RATIO)}`,
      );
    } finally {
      await graph.stop();
    }
  } finally {
    await database.drop();
  }
}

// ---------------------------------------------------------------- statements per decision

interface StatementRow {
  candidates: number;
  eligible: number;
  submit: number;
  submitNoContacts: number;
  preview: number;
  route: number;
}

async function statementsPerDecision(): Promise<void> {
  const database = await tempDatabaseUrl();
  const counter = new StatementCounter();
  const ports = { PORT: '0', LEADS_PORT: '0', AGENTS_PORT: '0', TERRITORIES_PORT: '0', OUTCOMES_PORT: '0' };
  // Rule set and priors stay cached through the run, so the counts are a decision's own statements.
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    JWT_SECRET: TEST_JWT_SECRET,
    ROUTING_CACHE_MS: '600000',
    ...ports,
  });
  try {
    const graph = await startGraph(config, createLogger('silent', 'bench'), {
      sqlLogger: counter,
      startWorkers: false,
    });
    try {
      const gateway = new GraphClient(graph.gateway.graphqlUrl, TEST_JWT_SECRET);
      const leads = new GraphClient(graph.subgraphs.leads.graphqlUrl, TEST_JWT_SECRET);
      const texas = MARKETS[0];
      const zips = ['78701', '77002', '75201'];
      const largest = CANDIDATE_COUNTS[CANDIDATE_COUNTS.length - 1];
      const agentIds = await createAgents(gateway, largest, () => texas);
      const territoryIds: string[] = [];
      for (const zip of zips) {
        territoryIds.push(await createTerritory(gateway, { name: `Bench ZIP ${zip}`, postalCodes: [zip] }));
      }

      const runTag = `stmt-${randomBytes(4).toString('hex')}`;
      let serial = 0;
      const submit = async (zip: string, withContacts = true): Promise<{ id: string; status: string }> => {
        serial += 1;
        const { submitLead } = await leads.as<{ submitLead: { id: string; status: string } }>(
          Role.PARTNER,
          SUBMIT_LEAD,
          {
            input: {
              externalId: `${runTag}-${serial}`,
              productLine: 'HOMEOWNERS',
              postalCode: zip,
              firstName: 'Count',
              lastName: `Lead ${serial}`,
              // Distinct contacts: the two duplicate checks run, and find nothing.
              ...(withContacts
                ? { email: `${runTag}-${serial}@example.com`, phone: `512-555-${String(1000 + serial).slice(-4)}` }
                : {}),
              estimatedPremium: 1800,
            },
          },
          'bench-partner',
        );
        return submitLead;
      };

      // Submitted before the territories have members: QUEUED, for routeLead to route later.
      const queued: string[] = [];
      for (const zip of zips) {
        const lead = await submit(zip);
        if (lead.status !== 'QUEUED') throw new Error(`expected a QUEUED lead in ${zip}, got ${lead.status}`);
        queued.push(lead.id);
      }
      await assignMembers(
        gateway,
        CANDIDATE_COUNTS.flatMap((size, index) =>
          agentIds.slice(0, size).map((agentId): [string, string] => [territoryIds[index], agentId]),
        ),
      );
      // Whatever a first request of a fresh pool does once is not a decision's cost.
      await submit(zips[0]);

      const rows: StatementRow[] = [];
      let largestSubmitSql: string[] = [];
      for (const [index, size] of CANDIDATE_COUNTS.entries()) {
        counter.reset();
        const lead = await submit(zips[index]);
        const submitCount = counter.count;
        if (size === largest) largestSubmitSql = [...counter.statements];
        if (lead.status !== 'OFFERED') throw new Error(`expected OFFERED at ${size} candidates, got ${lead.status}`);
        counter.reset();
        await submit(zips[index], false);
        const submitNoContactsCount = counter.count;

        counter.reset();
        const { previewRouting } = await leads.admin<{ previewRouting: Decision }>(
          `mutation ($id: ID!) { previewRouting(leadId: $id) { ${DECISION_FIELDS} } }`,
          { id: queued[index] },
        );
        const previewCount = counter.count;

        counter.reset();
        const { routeLead } = await leads.admin<{ routeLead: Decision }>(
          `mutation ($id: ID!) { routeLead(leadId: $id) { ${DECISION_FIELDS} } }`,
          { id: queued[index] },
        );
        const routeCount = counter.count;
        if (routeLead.chosenProbability === null)
          throw new Error(`routeLead queued the lead: ${routeLead.queuedReason}`);
        rows.push({
          candidates: previewRouting.candidates.length,
          eligible: previewRouting.candidates.filter((candidate) => candidate.eligible).length,
          submit: submitCount,
          submitNoContacts: submitNoContactsCount,
          preview: previewCount,
          route: routeCount,
        });
      }

      console.log('\nSQL statements per decision (in process, StatementCounter; START TRANSACTION/COMMIT not counted)');
      const columns = [
        'candidates',
        'eligible',
        'submitLead',
        'submitLead, no contacts',
        'previewRouting',
        'routeLead',
      ];
      console.log(`  ${columns.join('  ')}`);
      for (const row of rows) {
        const values = [row.candidates, row.eligible, row.submit, row.submitNoContacts, row.preview, row.route];
        console.log(`  ${values.map((value, index) => String(value).padStart(columns[index].length)).join('  ')}`);
      }
      console.log(
        '  submitLead: with routing, a phone and an email (two duplicate checks, the contact lock taken and released) and the insert; no contacts: as in the throughput run.',
      );
      console.log('  previewRouting and routeLead: of a QUEUED lead in the same territory.');
      const flat = rows.every(
        (row) =>
          row.submit === rows[0].submit &&
          row.submitNoContacts === rows[0].submitNoContacts &&
          row.preview === rows[0].preview &&
          row.route === rows[0].route,
      );
      console.log(
        `  flat from ${rows[0].candidates} to ${rows[rows.length - 1].candidates} candidates: ${flat ? 'yes' : 'NO'}`,
      );
      if (process.env.BENCH_SHOW_SQL) {
        console.log(`  statements of submitLead at ${largest} candidates:`);
        for (const sql of largestSubmitSql) console.log(`    ${sql.replace(/\s+/g, ' ').slice(0, 160)}`);
      }
    } finally {
      await graph.close();
    }
  } finally {
    await database.drop();
  }
}

// ---------------------------------------------------------------- main

async function serverVersion(serverUrl: string): Promise<string> {
  const connection = await createConnection(serverUrl);
  try {
    const [rows] = await connection.query('SELECT VERSION() AS version');
    return (rows as Array<{ version: string }>)[0].version;
  } finally {
    await connection.end();
  }
}

async function main(): Promise<void> {
  const serverUrl = process.env.BENCH_MYSQL_URL!;
  const cores = cpus();
  console.log('npm run bench:routing');
  console.log(
    `  machine: ${cores.length} cores (${cores[0]?.model.trim() ?? 'unknown'}), ${fmt(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  );
  console.log(
    `  database: ${await serverVersion(serverUrl)} at ${new URL(serverUrl).host} (a fresh database per part)`,
  );
  const started = performance.now();
  const only = process.env.BENCH_ONLY;
  if (only !== 'statements') await throughput();
  if (only !== 'throughput') await statementsPerDecision();
  console.log(`\n  total ${fmt((performance.now() - started) / 1000)} s`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
