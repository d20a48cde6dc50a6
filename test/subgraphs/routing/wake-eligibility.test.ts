import { AgentEntity, type WorkingHoursWindow } from '../../../subgraphs/agents';
import {
  AgentStatus,
  AgentTier,
  CustomerType,
  LeadStatus,
  LineOfAuthority,
  ProductLine,
} from '../../../lib/domain/enums';
import { Topic } from '../../../lib/events/topics';
import { OutboxEventEntity } from '../../../lib/events/outbox-event.entity';
import { lookupZip } from '../../../lib/geo/zip-codes';
import { territoriesSubgraph } from '../../../subgraphs/territories';
import { leadLocation } from '../../../subgraphs/leads/lead/lead-location';
import type { LeadEntity } from '../../../subgraphs/leads/lead/lead.entity';
import { dataOf } from '../../support/graphql-client';
import { startTestSubgraph, type TestSubgraph } from '../../support/subgraph';
import { adminToken, managerToken } from '../../support/tokens';
import { ENGINES, startRoutingBed, VALID_UNTIL, type RoutingBed } from './routing-bed';

const CREATE_TERRITORY = 'mutation ($input: CreateTerritoryInput!) { createTerritory(input: $input) { id } }';
const ASSIGN_TERRITORY = `mutation ($territoryId: ID!, $agentId: ID!, $role: TerritoryRole, $weight: Float) {
  assignTerritory(territoryId: $territoryId, agentId: $agentId, role: $role, weight: $weight) { id }
}`;
const UPDATE_AGENT = 'mutation ($id: ID!, $input: UpdateAgentInput!) { updateAgent(id: $id, input: $input) { id } }';
const PREVIEW_ROUTING = 'mutation ($leadId: ID!) { previewRouting(leadId: $leadId) { queuedReason } }';
const SET_STATUS = `mutation ($agentId: ID!, $status: AgentStatus!) {
  setAgentStatus(agentId: $agentId, status: $status) { id }
}`;

/** Only the first tick sweeps the queue: a lead offered later was offered by an event's drain. */
const NO_SWEEP_DURING_THE_TEST = String(60 * 60 * 1000);

/** A queued lead at a real ZIP, its location columns as LeadService stores them, `createdAt` given. */
async function queuedLeadAt(
  bed: RoutingBed,
  postalCode: string,
  createdAt: Date,
  overrides: Partial<LeadEntity> = {},
): Promise<LeadEntity> {
  const location = lookupZip(postalCode);
  if (!location) throw new Error(`no ZIP ${postalCode}`);
  return bed.insertLead({ status: LeadStatus.QUEUED, createdAt, ...leadLocation(location), ...overrides });
}

async function eligibilityReasonsOf(bed: RoutingBed, agentId: string): Promise<unknown[]> {
  const events = await bed.leads.dataSource
    .getRepository(OutboxEventEntity)
    .find({ where: { topic: Topic.AgentEligibilityChanged, aggregateId: agentId }, order: { id: 'ASC' } });
  return events.map((event) => event.payload.reason);
}

/** Why routing the lead now would queue it (null when it would be offered); previewRouting writes nothing. */
async function queuedReasonNow(bed: RoutingBed, leadId: string): Promise<string | null> {
  const response = await bed.leads.request<{ previewRouting: { queuedReason: string | null } }>(
    PREVIEW_ROUTING,
    { leadId },
    managerToken(),
  );
  return dataOf(response).previewRouting.queuedReason;
}

/** The weekday and minute of day it is now in `timeZone`. */
function nowIn(timeZone: string): { isoWeekday: number; minuteOfDay: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date());
  const part = (type: string): string => parts.find((p) => p.type === type)!.value;
  const isoWeekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(part('weekday')) + 1;
  return { isoWeekday, minuteOfDay: Number(part('hour')) * 60 + Number(part('minute')) };
}

const clockTime = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Two hours from now in `timeZone` (into the next day's first hours near midnight): far from now anywhere 12 h away. */
function theNextTwoHoursIn(timeZone: string): WorkingHoursWindow[] {
  const { isoWeekday, minuteOfDay } = nowIn(timeZone);
  const from = minuteOfDay - (minuteOfDay % 60);
  const windows = [{ isoWeekday, start: clockTime(from), end: clockTime(Math.min(from + 120, 24 * 60)) }];
  if (from + 120 > 24 * 60) windows.push({ isoWeekday: (isoWeekday % 7) + 1, start: '00:00', end: '02:00' });
  return windows;
}

/**
 * Issue #3: a queued lead is routed when an agent becomes able to take it, at
 * the worker's next tick rather than at the next sweep of the whole queue.
 * Each test has a state of its own, so leads left queued by one do not stand
 * in another's way.
 */
describe.each(ENGINES)('the routing worker woken when an agent becomes able to take a queued lead, on %s', (engine) => {
  let bed: RoutingBed;
  let territories: TestSubgraph;

  beforeAll(async () => {
    bed = await startRoutingBed(engine, { ROUTING_SWEEP_MS: NO_SWEEP_DURING_THE_TEST });
    territories = await startTestSubgraph(territoriesSubgraph, { databaseUrl: bed.leads.config.databaseUrl });
    // The first tick sweeps the (empty) queue and sets where later events are read from.
    await bed.worker.tick();
  });
  afterAll(async () => {
    await territories?.close();
    await bed?.close();
  });

  it('offers a queued lead once an ONLINE, licensed agent with room joins a territory containing it', async () => {
    const elsewhere = await bed.insertTerritory({ states: ['NV'] });
    const [agentId] = await bed.insertAgents(1, {
      territoryId: elsewhere,
      licenses: [{ state: 'TX', line: LineOfAuthority.CASUALTY, expiresOn: VALID_UNTIL }],
    });
    const austin = dataOf(
      await territories.request<{ createTerritory: { id: string } }>(
        CREATE_TERRITORY,
        { input: { name: `Austin ${agentId}`, zipPrefixes: ['787'] } },
        adminToken(),
      ),
    ).createTerritory.id;
    const waiting = await queuedLeadAt(bed, '78701', new Date(Date.now() - 60_000));
    expect(await bed.worker.tick()).toMatchObject({ offered: 0 });

    dataOf(await territories.request(ASSIGN_TERRITORY, { territoryId: austin, agentId }, managerToken()));
    expect(await bed.worker.tick()).toMatchObject({ offered: 1, considered: 1 });
    expect(await bed.leadStatus(waiting.id)).toBe(LeadStatus.OFFERED);
    expect(await eligibilityReasonsOf(bed, agentId)).toEqual(['TERRITORY']);
  });

  it('offers a queued lead that needs a higher tier once the agent is raised to it', async () => {
    const phoenix = await bed.insertTerritory({ postalCodes: ['85004'] });
    const [agentId] = await bed.insertAgents(1, {
      territoryId: phoenix,
      tier: AgentTier.STANDARD,
      certifications: [ProductLine.COMMERCIAL_GL],
      licenses: [{ state: 'AZ', line: LineOfAuthority.CASUALTY, expiresOn: VALID_UNTIL }],
    });
    // The default rule set's large-commercial rule: SENIOR and certified.
    const waiting = await queuedLeadAt(bed, '85004', new Date(Date.now() - 60_000), {
      productLine: ProductLine.COMMERCIAL_GL,
      customerType: CustomerType.COMMERCIAL,
      estimatedPremium: 40_000,
    });
    expect(await bed.worker.tick()).toMatchObject({ offered: 0 });

    dataOf(await bed.agents.request(UPDATE_AGENT, { id: agentId, input: { tier: 'SENIOR' } }, managerToken()));
    expect(await bed.worker.tick()).toMatchObject({ offered: 1, considered: 1 });
    expect(await bed.leadStatus(waiting.id)).toBe(LeadStatus.OFFERED);
    expect(await eligibilityReasonsOf(bed, agentId)).toEqual(['TIER']);
  });

  it('records no eligibility event for a lower tier, an unchanged time zone or a new name', async () => {
    const territoryId = await bed.insertTerritory({ postalCodes: ['85004'] });
    const [agentId] = await bed.insertAgents(1, {
      territoryId,
      tier: AgentTier.SENIOR,
      licenses: [{ state: 'AZ', line: LineOfAuthority.CASUALTY, expiresOn: VALID_UNTIL }],
    });
    const update = async (input: Record<string, unknown>) =>
      dataOf(await bed.agents.request(UPDATE_AGENT, { id: agentId, input }, managerToken()));
    await update({ tier: 'STANDARD' });
    await update({ tier: 'STANDARD', timezone: 'America/Chicago' });
    await update({ name: 'Renamed Agent' });
    expect(await eligibilityReasonsOf(bed, agentId)).toEqual([]);
  });

  it('offers a queued lead once a new time zone puts the agent inside its working hours', async () => {
    const denver = await bed.insertTerritory({ postalCodes: ['80202'] });
    const [agentId] = await bed.insertAgents(1, {
      territoryId: denver,
      licenses: [{ state: 'CO', line: LineOfAuthority.CASUALTY, expiresOn: VALID_UNTIL }],
    });
    // Working hours that are now in Tokyo, but were over or not yet begun in Chicago (14 or 15 hours behind).
    await bed.leads.dataSource
      .getRepository(AgentEntity)
      .update({ id: agentId }, { timezone: 'America/Chicago', workingHours: theNextTwoHoursIn('Asia/Tokyo') });
    const waiting = await queuedLeadAt(bed, '80202', new Date(Date.now() - 60_000));
    expect(await bed.worker.tick()).toMatchObject({ offered: 0 });

    dataOf(await bed.agents.request(UPDATE_AGENT, { id: agentId, input: { timezone: 'Asia/Tokyo' } }, managerToken()));
    expect(await bed.worker.tick()).toMatchObject({ offered: 1, considered: 1 });
    expect(await bed.leadStatus(waiting.id)).toBe(LeadStatus.OFFERED);
    expect(await eligibilityReasonsOf(bed, agentId)).toEqual(['TIME_ZONE']);
  });

  it('offers a queued lead naming a carrier once the agent is appointed with that carrier', async () => {
    const albuquerque = await bed.insertTerritory({ postalCodes: ['87102'] });
    const [agentId] = await bed.insertAgents(1, {
      territoryId: albuquerque,
      appointments: ['Travelers'],
      licenses: [{ state: 'NM', line: LineOfAuthority.CASUALTY, expiresOn: VALID_UNTIL }],
    });
    // The default rule set requires an appointment with the carrier a lead names.
    const waiting = await queuedLeadAt(bed, '87102', new Date(Date.now() - 60_000), { carrier: 'Progressive' });
    expect(await bed.worker.tick()).toMatchObject({ offered: 0 });
    expect(await queuedReasonNow(bed, waiting.id)).toContain('NOT_APPOINTED');

    dataOf(
      await bed.agents.request(
        UPDATE_AGENT,
        { id: agentId, input: { appointments: ['Travelers', ' progressive '] } },
        adminToken(),
      ),
    );
    expect(await bed.worker.tick()).toMatchObject({ offered: 1, considered: 1 });
    expect(await bed.leadStatus(waiting.id)).toBe(LeadStatus.OFFERED);
    expect(await eligibilityReasonsOf(bed, agentId)).toEqual(['APPOINTMENT']);
  });

  it('offers a queued lead once the agent’s working hours are changed to include now', async () => {
    const saltLakeCity = await bed.insertTerritory({ postalCodes: ['84101'] });
    const [agentId] = await bed.insertAgents(1, {
      territoryId: saltLakeCity,
      licenses: [{ state: 'UT', line: LineOfAuthority.CASUALTY, expiresOn: VALID_UNTIL }],
    });
    // Hours that are now in Tokyo, which in Chicago (the agent's zone, 14 or 15 hours behind) are not.
    await bed.leads.dataSource
      .getRepository(AgentEntity)
      .update({ id: agentId }, { workingHours: theNextTwoHoursIn('Asia/Tokyo') });
    const waiting = await queuedLeadAt(bed, '84101', new Date(Date.now() - 60_000));
    expect(await bed.worker.tick()).toMatchObject({ offered: 0 });
    expect(await queuedReasonNow(bed, waiting.id)).toContain('OUTSIDE_WORKING_HOURS');

    dataOf(
      await bed.agents.request(
        UPDATE_AGENT,
        { id: agentId, input: { workingHours: theNextTwoHoursIn('America/Chicago') } },
        managerToken(),
      ),
    );
    expect(await bed.worker.tick()).toMatchObject({ offered: 1, considered: 1 });
    expect(await bed.leadStatus(waiting.id)).toBe(LeadStatus.OFFERED);
    expect(await eligibilityReasonsOf(bed, agentId)).toEqual(['WORKING_HOURS']);
  });

  it('offers a lead in its territory to an agent coming ONLINE behind more same-state leads elsewhere than a drain gives up after', async () => {
    const oklahomaCity = await bed.insertTerritory({ postalCodes: ['73102'] });
    const [agentId] = await bed.insertAgents(1, {
      territoryId: oklahomaCity,
      status: AgentStatus.OFFLINE,
      licenses: [{ state: 'OK', line: LineOfAuthority.CASUALTY, expiresOn: VALID_UNTIL }],
    });
    // Thirty older Oklahoma leads in Tulsa, which no territory of the agent's contains, ahead of its own.
    const start = Date.now() - 60_000;
    for (let index = 0; index < 30; index += 1) await queuedLeadAt(bed, '74103', new Date(start + index));
    const waiting = await queuedLeadAt(bed, '73102', new Date(start + 100));
    expect(await bed.worker.tick()).toMatchObject({ offered: 0 });

    dataOf(await bed.agents.request(SET_STATUS, { agentId, status: 'ONLINE' }, managerToken()));
    expect(await bed.worker.tick()).toMatchObject({ offered: 1, considered: 1 });
    expect(await bed.leadStatus(waiting.id)).toBe(LeadStatus.OFFERED);
  });
});
