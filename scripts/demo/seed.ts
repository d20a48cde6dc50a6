import { mapConcurrently } from '../../lib/concurrency';
import { dataOf, postGraphQL } from '../../lib/graphql-client';
import type { Logger } from '../../lib/logger';
import { lookupZip } from '../../lib/geo/zip-codes';
import {
  COMMERCIAL_CARRIERS,
  DEMO_STATES,
  FIRST_NAMES,
  LAST_NAMES,
  LIFE_HEALTH_CARRIERS,
  PARTNERS,
  PERSONAL_CARRIERS,
  type DemoState,
} from './data-set';
import { pick, pickSome, seededRandom } from './random';

const AGENT_COUNT = 200;
/** Requests in flight while seeding: quick, without starving the servers being seeded. */
const SEED_CONCURRENCY = 8;
const LEAD_COUNT = 80;

type Specialty = 'PERSONAL' | 'COMMERCIAL' | 'LIFE_HEALTH' | 'GENERALIST';

const SPECIALTY_LINES: Record<Specialty, string[][]> = {
  PERSONAL: [['PERSONAL_LINES'], ['PROPERTY', 'CASUALTY']],
  COMMERCIAL: [['PROPERTY', 'CASUALTY']],
  LIFE_HEALTH: [
    ['LIFE', 'ACCIDENT_HEALTH'],
    ['LIFE', 'ACCIDENT_HEALTH', 'VARIABLE_LIFE_ANNUITY'],
  ],
  GENERALIST: [['PROPERTY', 'CASUALTY', 'LIFE', 'ACCIDENT_HEALTH']],
};
const SPECIALTY_PRODUCTS: Record<Specialty, string[]> = {
  PERSONAL: ['PERSONAL_AUTO', 'HOMEOWNERS', 'RENTERS', 'UMBRELLA'],
  COMMERCIAL: ['COMMERCIAL_GL', 'COMMERCIAL_PROPERTY', 'COMMERCIAL_AUTO', 'WORKERS_COMP', 'BOP'],
  LIFE_HEALTH: ['LIFE', 'HEALTH', 'MEDICARE'],
  GENERALIST: ['PERSONAL_AUTO', 'HOMEOWNERS', 'LIFE', 'BOP'],
};
const SPECIALTY_CARRIERS: Record<Specialty, string[]> = {
  PERSONAL: PERSONAL_CARRIERS,
  COMMERCIAL: COMMERCIAL_CARRIERS,
  LIFE_HEALTH: LIFE_HEALTH_CARRIERS,
  GENERALIST: [...PERSONAL_CARRIERS.slice(0, 3), ...LIFE_HEALTH_CARRIERS.slice(0, 2)],
};
const PREMIUM_RANGE: Record<string, [number, number]> = {
  PERSONAL_AUTO: [900, 3200],
  HOMEOWNERS: [1100, 4800],
  RENTERS: [150, 400],
  UMBRELLA: [250, 900],
  LIFE: [400, 6000],
  HEALTH: [3000, 9000],
  MEDICARE: [1200, 3600],
  COMMERCIAL_GL: [1500, 25000],
  COMMERCIAL_PROPERTY: [2500, 40000],
  COMMERCIAL_AUTO: [3000, 30000],
  WORKERS_COMP: [2000, 50000],
  BOP: [1200, 12000],
};

interface SeededAgent {
  id: string;
  state: string;
  specialty: Specialty;
  products: string[];
}

/** Bearer tokens the seeder acts with: an ADMIN's, and an agent's to answer the offers made to it. */
export interface SeedTokens {
  admin: string;
  agent(agentId: string): string;
}

/**
 * Seeds the demo data set through the public API (as an ADMIN, and as the
 * agents who accept their offers), so demo data passes the same validation
 * and rules as everyone else's. Runs only on an empty graph.
 */
export async function seedDemoIfEmpty(gatewayUrl: string, tokens: SeedTokens, logger: Logger): Promise<boolean> {
  const call = async <T>(query: string, variables: Record<string, unknown> = {}, token = tokens.admin): Promise<T> =>
    dataOf(await postGraphQL<T>(gatewayUrl, query, variables, token));

  const existing = await call<{ agents: unknown[] }>('{ agents(first: 1) { id } }');
  if (existing.agents.length > 0) return false;

  const started = Date.now();
  const random = seededRandom(20261124);
  const agents = await seedAgents(call, random);
  const territories = await seedTerritories(call, random, agents);
  const leads = await seedLeads(call, random);
  const outcomes = await seedOutcomes(call, tokens, random, leads, agents);
  logger.info(
    { agents: agents.length, territories, leads: leads.length, outcomes, ms: Date.now() - started },
    'demo data seeded',
  );
  return true;
}

type Call = <T>(query: string, variables?: Record<string, unknown>, token?: string) => Promise<T>;

function isoDate(daysFromNow: number): string {
  return new Date(Date.now() + daysFromNow * 86_400_000).toISOString().slice(0, 10);
}

async function seedAgents(call: Call, random: () => number): Promise<SeededAgent[]> {
  const specialties: Specialty[] = [
    'PERSONAL',
    'PERSONAL',
    'PERSONAL',
    'COMMERCIAL',
    'LIFE_HEALTH',
    'LIFE_HEALTH',
    'GENERALIST',
  ];
  const tiers = ['ASSOCIATE', 'STANDARD', 'STANDARD', 'STANDARD', 'SENIOR', 'SENIOR', 'SPECIALIST'];
  const statuses = ['ONLINE', 'ONLINE', 'ONLINE', 'AWAY', 'OFFLINE'];
  const plans = Array.from({ length: AGENT_COUNT }, (_, index) => {
    const home = DEMO_STATES[index % DEMO_STATES.length];
    const specialty = pick(random, specialties);
    const tier = specialty === 'COMMERCIAL' && random() < 0.5 ? 'SPECIALIST' : pick(random, tiers);
    const lines = pick(random, SPECIALTY_LINES[specialty]);
    const states = [home.code, ...pickSome(random, home.neighbours, Math.floor(random() * 3))];
    const licenses = states.flatMap((state) =>
      lines.map((line) => ({
        state,
        line,
        // About one license in twenty has lapsed: routing must notice.
        expiresOn: isoDate(random() < 0.05 ? -Math.ceil(random() * 90) : 60 + Math.floor(random() * 900)),
      })),
    );
    const first = pick(random, FIRST_NAMES);
    const last = pick(random, LAST_NAMES);
    const workingHours = [1, 2, 3, 4, 5].map((isoWeekday) => ({ isoWeekday, start: '08:00', end: '17:30' }));
    if (random() < 0.3) workingHours.push({ isoWeekday: 6, start: '09:00', end: '13:00' });
    return {
      home,
      specialty,
      input: {
        name: `${first} ${last}`,
        email: `${first}.${last}.${index + 1}@agency.example`.toLowerCase(),
        tier,
        timezone: home.timezone,
        licenses,
        appointments: pickSome(random, SPECIALTY_CARRIERS[specialty], 2 + Math.floor(random() * 3)),
        certifications: pickSome(random, SPECIALTY_PRODUCTS[specialty], 1 + Math.floor(random() * 3)),
        maxOpen: 4 + Math.floor(random() * 17),
        dailyCap: 8 + Math.floor(random() * 33),
        status: pick(random, statuses),
        workingHours,
      },
    };
  });
  return mapConcurrently(plans, SEED_CONCURRENCY, async (plan) => {
    const { createAgent } = await call<{ createAgent: { id: string } }>(
      'mutation ($input: CreateAgentInput!) { createAgent(input: $input) { id } }',
      { input: plan.input },
    );
    return {
      id: createAgent.id,
      state: plan.home.code,
      specialty: plan.specialty,
      products: plan.input.certifications,
    };
  });
}

async function seedTerritories(call: Call, random: () => number, agents: SeededAgent[]): Promise<number> {
  const create = async (input: Record<string, unknown>): Promise<string> =>
    (
      await call<{ createTerritory: { id: string } }>(
        'mutation ($input: CreateTerritoryInput!) { createTerritory(input: $input) { id } }',
        { input },
      )
    ).createTerritory.id;
  const assign = (territoryId: string, agentId: string, role: string, weight: number): Promise<unknown> =>
    call(
      'mutation ($t: ID!, $a: ID!, $r: TerritoryRole, $w: Float) { assignTerritory(territoryId: $t, agentId: $a, role: $r, weight: $w) { id } }',
      { t: territoryId, a: agentId, r: role, w: weight },
    );

  let count = 0;
  const statewide = new Map<string, string>();
  for (const state of DEMO_STATES) {
    statewide.set(state.code, await create({ name: `${state.code} Statewide`, states: [state.code] }));
    count += 1;
  }
  const metrosByState = new Map<string, string[]>();
  for (const state of DEMO_STATES) {
    const ids: string[] = [];
    for (const metro of state.metros) {
      ids.push(await create({ name: metro.name, zipPrefixes: metro.zipPrefixes, counties: metro.counties }));
      count += 1;
    }
    metrosByState.set(state.code, ids);
  }
  await mapConcurrently(agents, SEED_CONCURRENCY, async (agent) => {
    const metros = metrosByState.get(agent.state) ?? [];
    if (metros.length > 0) await assign(pick(random, metros), agent.id, 'PRIMARY', round2(0.5 + random()));
    await assign(statewide.get(agent.state)!, agent.id, 'BACKUP', round2(0.5 + random() / 2));
    const neighbour = DEMO_STATES.find((state: DemoState) => state.neighbours.includes(agent.state));
    if (neighbour && random() < 0.15) await assign(statewide.get(neighbour.code)!, agent.id, 'OVERFLOW', 0.5);
  });
  return count;
}

const round2 = (value: number): number => Math.round(value * 100) / 100;

interface SeededLead {
  id: string;
  state: string;
  productLine: string;
  estimatedPremium: number;
}

interface Offer {
  id: string;
  agentId: string;
}

async function seedLeads(call: Call, random: () => number): Promise<SeededLead[]> {
  const products = Object.keys(PREMIUM_RANGE);
  const plans = Array.from({ length: LEAD_COUNT }, (_, index) => {
    const state = pick(random, DEMO_STATES);
    const postalCode = pick(random, pick(random, state.metros).sampleZips);
    const productLine = pick(random, products);
    const [low, high] = PREMIUM_RANGE[productLine];
    const first = pick(random, FIRST_NAMES);
    const last = pick(random, LAST_NAMES);
    return {
      partnerId: pick(random, PARTNERS),
      externalId: `demo-${String(index + 1).padStart(4, '0')}`,
      productLine,
      postalCode,
      firstName: first,
      lastName: last,
      email: `${first}.${last}.${index + 1}@mail.example`.toLowerCase(),
      // 555-01xx numbers are reserved for fiction; area codes are real ones of the lead's state.
      phone: `+1${AREA_CODES[lookupZip(postalCode)?.state ?? 'TX'] ?? '512'}55501${String(index % 100).padStart(2, '0')}`,
      estimatedPremium: round2(low + random() * (high - low)),
      consentAt: new Date(Date.now() - Math.floor(random() * 3_600_000)).toISOString(),
    };
  });
  return mapConcurrently(plans, SEED_CONCURRENCY, async (input) => {
    const { submitLead } = await call<{ submitLead: { id: string; state: string } }>(
      'mutation ($input: SubmitLeadInput!) { submitLead(input: $input) { id state } }',
      { input },
    );
    return {
      id: submitLead.id,
      state: submitLead.state,
      productLine: input.productLine,
      estimatedPremium: input.estimatedPremium,
    };
  });
}

// prettier-ignore
const AREA_CODES: Record<string, string> = {
  TX: '512', CA: '415', FL: '305', NY: '212', IL: '312', GA: '404', AZ: '602', OH: '614', PA: '215', NC: '704',
};

/** The lead's offer still awaiting an answer, if it has one. */
async function currentOffer(call: Call, leadId: string): Promise<Offer | null> {
  const { lead } = await call<{
    lead: { currentAssignment: { id: string; status: string; agent: { id: string } } | null } | null;
  }>('query ($id: ID!) { lead(id: $id) { currentAssignment { id status agent { id } } } }', { id: leadId });
  const assignment = lead?.currentAssignment;
  return assignment?.status === 'OFFERED' ? { id: assignment.id, agentId: assignment.agent.id } : null;
}

/**
 * Works half the leads: an offered lead is accepted by its agent, who records
 * its outcomes (an offer must be answered before it is worked); a queued one is
 * worked outside routing, its outcomes recorded by staff in an agent's name.
 */
async function seedOutcomes(
  call: Call,
  tokens: SeedTokens,
  random: () => number,
  leads: SeededLead[],
  agents: SeededAgent[],
): Promise<number> {
  let count = 0;
  for (const [index, lead] of leads.slice(0, Math.floor(leads.length / 2)).entries()) {
    // Read now, not at submission: the routing worker may have offered a queued lead, or re-offered a lapsed one.
    const offer = await currentOffer(call, lead.id);
    const agentId =
      offer?.agentId ??
      (
        agents.find((candidate) => candidate.state === lead.state && candidate.products.includes(lead.productLine)) ??
        agents.find((candidate) => candidate.state === lead.state)
      )?.id;
    if (!agentId) continue;
    const token = offer ? tokens.agent(agentId) : tokens.admin;
    if (offer) await call('mutation ($id: ID!) { acceptAssignment(id: $id) { id } }', { id: offer.id }, token);
    const record = (input: Record<string, unknown>): Promise<unknown> =>
      call(
        'mutation ($input: RecordOutcomeInput!) { recordOutcome(input: $input) { id } }',
        { input: { ...input, agentId } },
        token,
      );
    await record({ leadId: lead.id, type: 'CONTACTED' });
    count += 1;
    if (random() < 0.6) {
      await record({ leadId: lead.id, type: 'QUOTED', premium: lead.estimatedPremium });
      count += 1;
      const bound = random() < 0.45;
      await record(
        bound
          ? {
              leadId: lead.id,
              type: 'BOUND',
              premium: lead.estimatedPremium,
              policyNumber: `DEMO-${100000 + index}`,
            }
          : {
              leadId: lead.id,
              type: 'LOST',
              reason: pick(random, ['price', 'went with incumbent', 'no longer shopping']),
            },
      );
      count += 1;
    }
  }
  return count;
}
