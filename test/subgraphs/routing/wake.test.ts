import { LeadStatus, LineOfAuthority } from '../../../lib/domain/enums';
import type { BackgroundWorker } from '../../../lib/federation/subgraph-module';
import { leadsSubgraph } from '../../../subgraphs/leads';
import { dataOf } from '../../support/graphql-client';
import { agentToken, managerToken } from '../../support/tokens';
import { ENGINES, leadInput, startRoutingBed, VALID_UNTIL, type RoutingBed } from './routing-bed';

const ACCEPT = 'mutation ($id: ID!) { acceptAssignment(id: $id) { id } }';
const RECORD_OUTCOME = 'mutation ($input: RecordOutcomeInput!) { recordOutcome(input: $input) { id } }';
/** Far longer than the test waits: only an event can make the worker act in time. */
const POLL_MS = 60_000;

async function eventually(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return check();
}

/** An agent licensed in Texas with room for one lead. */
async function oneAgentWithRoomForOne(bed: RoutingBed): Promise<string> {
  const territoryId = await bed.insertTerritory({ states: ['TX'] });
  const [agentId] = await bed.insertAgents(1, {
    territoryId,
    maxOpen: 1,
    licenses: [{ state: 'TX', line: LineOfAuthority.CASUALTY, expiresOn: VALID_UNTIL }],
  });
  return agentId;
}

/** The agent accepts the lead's offer and loses the sale: its capacity is freed. */
async function workToAnOutcome(bed: RoutingBed, leadId: string, agentId: string): Promise<void> {
  const [offer] = await bed.assignmentsOf([leadId]);
  dataOf(await bed.leads.request(ACCEPT, { id: offer.id }, agentToken(agentId)));
  dataOf(
    await bed.outcomes.request(
      RECORD_OUTCOME,
      { input: { leadId, type: 'LOST', reason: 'Bought elsewhere' } },
      managerToken(),
    ),
  );
}

describe.each(ENGINES)('the routing worker woken by events on %s', (engine) => {
  let bed: RoutingBed;
  let workers: BackgroundWorker[] = [];

  beforeAll(async () => {
    bed = await startRoutingBed(engine, { ROUTING_POLL_MS: String(POLL_MS) });
  });
  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop()));
    await bed?.close();
  });

  it('offers a queued lead as soon as the capacity it waits for is freed, not at the next poll', async () => {
    const agentId = await oneAgentWithRoomForOne(bed);
    const first = await bed.submitLead(leadInput());
    const waiting = await bed.submitLead(leadInput());
    expect([first.status, waiting.status]).toEqual(['OFFERED', 'QUEUED']);

    // A leads instance as deployed: its routing worker and its outbox relay, on the in-process bus.
    workers = (await leadsSubgraph.build(bed.leads.dataSource, bed.leads.config, { events: bed.leads.events }))
      .workers!;
    for (const worker of workers) worker.start();
    // The first poll runs at start; the next one is a minute away.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await bed.leadStatus(waiting.id)).toBe('QUEUED');

    await workToAnOutcome(bed, first.id, agentId);
    expect(await eventually(async () => (await bed.leadStatus(waiting.id)) === 'OFFERED', 5000)).toBe(true);
  });
});

describe.each(ENGINES)('the routing worker draining the queue for the agents an event is about, on %s', (engine) => {
  let bed: RoutingBed;

  beforeAll(async () => {
    bed = await startRoutingBed(engine);
  });
  afterAll(async () => {
    await bed?.close();
  });

  it('offers freed capacity to a queued lead behind more older leads, elsewhere, than a drain gives up after', async () => {
    const agentId = await oneAgentWithRoomForOne(bed);
    const first = await bed.submitLead(leadInput());
    expect(first.status).toBe('OFFERED');
    // Thirty older leads in Nevada, where nobody routes (no territory covers it), ahead of one in Texas.
    const start = Date.now() - 60_000;
    for (let index = 0; index < 30; index += 1) {
      await bed.insertLead({
        status: LeadStatus.QUEUED,
        createdAt: new Date(start + index),
        postalCode: '89501',
        state: 'NV',
        county: 'Washoe',
        city: 'Reno',
      });
    }
    const waiting = await bed.insertLead({ status: LeadStatus.QUEUED, createdAt: new Date(start + 100) });
    // The first tick sweeps the whole queue while the agent is full, and sets where later events are read from.
    expect(await bed.worker.tick()).toMatchObject({ offered: 0, considered: 31 });

    await workToAnOutcome(bed, first.id, agentId);
    expect(await bed.worker.tick()).toMatchObject({ offered: 1, considered: 1 });
    expect(await bed.leadStatus(waiting.id)).toBe('OFFERED');
  });
});

describe.each(ENGINES)('the routing worker when a sweep is due as capacity frees, on %s', (engine) => {
  let bed: RoutingBed;

  beforeAll(async () => {
    // A sweep is due at every tick.
    bed = await startRoutingBed(engine, { ROUTING_SWEEP_MS: '0' });
  });
  afterAll(async () => {
    await bed?.close();
  });

  it('offers the freed capacity to the oldest queued lead, not where the sweep left off', async () => {
    const agentId = await oneAgentWithRoomForOne(bed);
    const first = await bed.submitLead(leadInput());
    expect(first.status).toBe('OFFERED');
    // More queued leads than one sweep's page (200), oldest first.
    const start = Date.now() - 60_000;
    const queued: string[] = [];
    for (let index = 0; index < 201; index += 1) {
      queued.push((await bed.insertLead({ status: LeadStatus.QUEUED, createdAt: new Date(start + index) })).id);
    }
    // The first sweep finds nobody for its page and leaves its cursor before the newest lead.
    expect(await bed.worker.tick()).toMatchObject({ offered: 0, considered: 200 });

    await workToAnOutcome(bed, first.id, agentId);
    expect(await bed.worker.tick()).toMatchObject({ offered: 1 });
    expect(await bed.leadStatus(queued[0])).toBe('OFFERED');
    expect(await bed.leadStatus(queued[200])).toBe('QUEUED');
  });
});

describe.each(ENGINES)("the routing worker's drain order on %s", (engine) => {
  let bed: RoutingBed;

  beforeAll(async () => {
    bed = await startRoutingBed(engine);
  });
  afterAll(async () => {
    await bed?.close();
  });

  it('offers freed capacity to the oldest lead, a stranded NEW one included, then the higher premium of one moment', async () => {
    const agentId = await oneAgentWithRoomForOne(bed);
    const first = await bed.submitLead(leadInput());
    expect(first.status).toBe('OFFERED');
    const start = new Date(Date.now() - 60 * 60_000);
    // A NEW lead whose own routing never happened (a crash): the oldest of all.
    const stranded = await bed.insertLead({ status: LeadStatus.NEW, createdAt: start, updatedAt: start });
    const moment = new Date(start.getTime() + 1);
    const cheaper = await bed.insertLead({ status: LeadStatus.QUEUED, createdAt: moment, estimatedPremium: 500 });
    const dearer = await bed.insertLead({ status: LeadStatus.QUEUED, createdAt: moment, estimatedPremium: 900 });
    // The first tick sweeps the whole queue while the agent is full.
    expect(await bed.worker.tick()).toMatchObject({ offered: 0 });

    await workToAnOutcome(bed, first.id, agentId);
    expect(await bed.worker.tick()).toMatchObject({ offered: 1 });
    expect(await bed.leadStatus(stranded.id)).toBe('OFFERED');

    await workToAnOutcome(bed, stranded.id, agentId);
    expect(await bed.worker.tick()).toMatchObject({ offered: 1 });
    expect([await bed.leadStatus(dearer.id), await bed.leadStatus(cheaper.id)]).toEqual(['OFFERED', 'QUEUED']);
  });
});
