import 'reflect-metadata';
import { Role } from '../lib/auth';
import { loadConfig } from '../lib/config';
import { createLogger } from '../lib/logger';
import { seededRandom } from '../scripts/demo/random';
import { startGraph } from '../scripts/graph';
import { greedyByEstimate, offlineOptimum, roundRobin } from './baselines';
import { mapConcurrently } from '../lib/concurrency';
import { GraphClient } from './graph-client';
import { arrivals, buildMarket, roundCount, type Market, type SimAgent } from './market';
import { tempDatabaseUrl } from './temp-database';

/**
 * npm run bench:routing-quality — Leadflow's policy, through the real graph,
 * against round robin, greedy-by-estimate and the offline optimum on one
 * seeded market. Outcomes go back through recordOutcome, so Leadflow learns
 * exactly as it would in production. Prints expected binds (the sum of the
 * true bind probabilities of the assignments made: less noisy than counting
 * simulated binds).
 */
const AGENTS = Number(process.env.BENCH_AGENTS ?? 200);
const LEADS = Number(process.env.BENCH_LEADS ?? 5000);
const SEED = Number(process.env.BENCH_SEED ?? 7);
const CONCURRENCY = 16;
const TEXAS_ZIPS = ['78701', '77002', '75201', '76102', '78205', '79901'];

interface OfferedLead {
  id: string;
  productLine: string;
  currentAssignment: { id: string; agent: { id: string } } | null;
}

async function seedAgents(client: GraphClient, market: Market): Promise<Map<string, SimAgent>> {
  const byId = new Map<string, SimAgent>();
  const { createTerritory } = await client.admin<{ createTerritory: { id: string } }>(
    'mutation { createTerritory(input: { name: "Texas", states: ["TX"] }) { id } }',
  );
  await mapConcurrently(market.agents, 8, async (agent) => {
    const { createAgent } = await client.admin<{ createAgent: { id: string } }>(
      'mutation ($input: CreateAgentInput!) { createAgent(input: $input) { id } }',
      {
        input: {
          name: `Bench Agent ${agent.index}`,
          email: `bench${agent.index}@agency.example`,
          tier: 'STANDARD',
          timezone: 'America/Chicago',
          status: 'ONLINE',
          licenses: ['PROPERTY', 'CASUALTY', 'LIFE'].map((line) => ({ state: 'TX', line, expiresOn: '2035-12-31' })),
          certifications: agent.certifications,
          maxOpen: market.maxOpen,
          dailyCap: 10000,
        },
      },
    );
    byId.set(createAgent.id, agent);
    await client.admin('mutation ($t: ID!, $a: ID!) { assignTerritory(territoryId: $t, agentId: $a) { id } }', {
      t: createTerritory.id,
      a: createAgent.id,
    });
  });
  return byId;
}

async function offeredLeads(client: GraphClient): Promise<OfferedLead[]> {
  const all: OfferedLead[] = [];
  let after: string | null = null;
  for (;;) {
    const page: { leads: OfferedLead[] } = await client.admin(
      'query ($after: String) { leads(status: OFFERED, first: 500, after: $after) { id productLine currentAssignment { id agent { id } } } }',
      { after },
    );
    all.push(...page.leads);
    if (page.leads.length < 500) return all;
    after = page.leads[page.leads.length - 1].id;
  }
}

async function queuedCount(client: GraphClient): Promise<number> {
  const { leads } = await client.admin<{ leads: unknown[] }>('{ leads(status: QUEUED, first: 500) { id } }');
  return leads.length;
}

/**
 * Drains the queue oldest first, as the routing worker does, but only once the
 * whole step's outcomes are in — the process the baselines are simulated with,
 * so every policy is judged on the same dynamics. Stops at the first lead
 * nobody can take (capacity is then full: every agent is eligible for every lead).
 */
async function drainQueue(client: GraphClient): Promise<void> {
  for (;;) {
    const { leads } = await client.admin<{ leads: Array<{ id: string }> }>(
      '{ leads(status: QUEUED, first: 100) { id } }',
    );
    for (const lead of leads) {
      const { routeLead } = await client.as<{ routeLead: { chosenAgent: { id: string } | null } }>(
        Role.MANAGER,
        'mutation ($id: ID!) { routeLead(leadId: $id) { chosenAgent { id } } }',
        { id: lead.id },
      );
      if (!routeLead.chosenAgent) return;
    }
    if (leads.length < 100) return;
  }
}

async function runLeadflow(client: GraphClient, market: Market): Promise<{ expectedBinds: number; steps: number }> {
  const agents = await seedAgents(client, market);
  const outcomes = seededRandom(SEED + 1);
  let expectedBinds = 0;
  let steps = 0;
  const work = async (): Promise<number> => {
    const offered = await offeredLeads(client);
    steps += offered.length > 0 ? 1 : 0;
    await mapConcurrently(offered, CONCURRENCY, async (lead) => {
      const assignment = lead.currentAssignment!;
      const agent = agents.get(assignment.agent.id)!;
      const rate = agent.trueRate[lead.productLine as keyof SimAgent['trueRate']];
      expectedBinds += rate;
      const bound = outcomes() < rate;
      await client.as(
        Role.AGENT,
        'mutation ($id: ID!) { acceptAssignment(id: $id) { id } }',
        { id: assignment.id },
        assignment.agent.id,
      );
      await client.as(
        Role.AGENT,
        'mutation ($input: RecordOutcomeInput!) { recordOutcome(input: $input) { id } }',
        {
          input: bound
            ? { leadId: lead.id, type: 'BOUND', premium: 1000, policyNumber: `SIM-${lead.id.slice(0, 8)}` }
            : { leadId: lead.id, type: 'LOST', reason: 'simulated' },
        },
        assignment.agent.id,
      );
    });
    await drainQueue(client);
    return offered.length;
  };

  for (let round = 0; round < roundCount(market); round += 1) {
    await mapConcurrently(arrivals(market, round), CONCURRENCY, async (lead) => {
      await client.as(
        Role.PARTNER,
        'mutation ($input: SubmitLeadInput!) { submitLead(input: $input) { id status } }',
        {
          input: {
            externalId: `sim-${lead.index}`,
            productLine: lead.line,
            postalCode: TEXAS_ZIPS[lead.index % TEXAS_ZIPS.length],
            firstName: 'Sim',
            lastName: `Lead ${lead.index}`,
          },
        },
        'simulation',
      );
    });
    await work();
    process.stdout.write(`  round ${round + 1}/${roundCount(market)} done\n`);
  }
  while ((await work()) > 0 || (await queuedCount(client)) > 0);
  return { expectedBinds, steps };
}

async function main(): Promise<void> {
  const market = buildMarket({ agents: AGENTS, leads: LEADS, maxOpen: 2, roundSize: 500, seed: SEED });
  const database = await tempDatabaseUrl();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    PORT: '0',
    LEADS_PORT: '0',
    AGENTS_PORT: '0',
    TERRITORIES_PORT: '0',
    OUTCOMES_PORT: '0',
  });
  // The queue is drained by the benchmark itself (see drainQueue), not by the background worker.
  const graph = await startGraph(config, createLogger('silent', 'bench'), { startWorkers: false });
  const started = Date.now();
  try {
    console.log(
      `routing quality: ${AGENTS} agents (max open ${market.maxOpen}), ${LEADS} leads in rounds of ${market.roundSize}, seed ${SEED}, ${database.label}`,
    );
    const leadflow = await runLeadflow(new GraphClient(graph.gateway.graphqlUrl, config.jwtSecret), market);
    const robin = roundRobin(market, SEED + 1);
    const greedy = greedyByEstimate(market, SEED + 1);
    const optimum = offlineOptimum(market, Math.max(leadflow.steps, robin.steps, greedy.steps));
    const rows: Array<[string, number]> = [
      ['offline optimum (knows true rates)', optimum],
      ['Leadflow (through the graph)', leadflow.expectedBinds],
      ['greedy by estimated probability', greedy.expectedBinds],
      ['round robin among eligible', robin.expectedBinds],
    ];
    console.log('\npolicy                                expected binds   share of optimum');
    for (const [name, binds] of rows) {
      console.log(
        `${name.padEnd(38)}${binds.toFixed(1).padStart(14)}${((100 * binds) / optimum).toFixed(1).padStart(17)}%`,
      );
    }
    console.log(`\nLeadflow / optimum: ${(leadflow.expectedBinds / optimum).toFixed(3)} (target >= 0.90)`);
    console.log(
      `Leadflow / round robin: ${(leadflow.expectedBinds / robin.expectedBinds).toFixed(2)}x (target >= 1.2x)`,
    );
    console.log(
      `steps: Leadflow ${leadflow.steps}, round robin ${robin.steps}, greedy ${greedy.steps}; ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
  } finally {
    await graph.close();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
