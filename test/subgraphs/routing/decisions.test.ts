import { LeadStatus, LineOfAuthority, ProductLine, TerritoryRole } from '../../../lib/domain/enums';
import { TerritoryMemberEntity } from '../../../subgraphs/territories/membership/territory-member.entity';
import { leadsSubgraph, type RoutingWorker } from '../../../subgraphs/leads';
import { AgentEntity } from '../../../subgraphs/agents';
import { dataOf, errorCode } from '../../support/graphql-client';
import { adminToken, agentToken, managerToken, partnerToken } from '../../support/tokens';
import {
  decisionsOf,
  ENGINES,
  EXPIRED_ON,
  leadInput,
  startRoutingBed,
  VALID_UNTIL,
  type RoutingBed,
} from './routing-bed';

const DECISION_FIELDS = `id ruleSetVersion ruleName trigger queuedReason chosenProbability createdAt
  lead { id status } chosenAgent { id }
  candidates { agent { id } eligible excludedBy score components }`;
const ROUTE = `mutation ($leadId: ID!) { routeLead(leadId: $leadId) { ${DECISION_FIELDS} } }`;
const PREVIEW = `mutation ($leadId: ID!) { previewRouting(leadId: $leadId) { ${DECISION_FIELDS} } }`;
/** What the statement count measures: a routing and the decision's own fields, nothing resolved elsewhere. */
const ROUTE_LEAN = 'mutation ($leadId: ID!) { routeLead(leadId: $leadId) { id queuedReason chosenAgent { id } } }';
const PREVIEW_LEAN =
  'mutation ($leadId: ID!) { previewRouting(leadId: $leadId) { id queuedReason chosenAgent { id } } }';

interface DecisionView {
  id: string;
  ruleSetVersion: number;
  ruleName: string | null;
  trigger: string;
  queuedReason: string | null;
  chosenProbability: number | null;
  createdAt: string;
  lead: { id: string; status: string };
  chosenAgent: { id: string } | null;
  candidates: Array<{
    agent: { id: string };
    eligible: boolean;
    excludedBy: string | null;
    score: number | null;
    components: Record<string, unknown> | null;
  }>;
}

describe.each(ENGINES)('routing decisions on %s', (engine) => {
  let bed: RoutingBed;

  const route = (leadId: string, token = managerToken()) =>
    bed.leads.request<{ routeLead: DecisionView }>(ROUTE, { leadId }, token);
  const preview = (leadId: string, token = managerToken()) =>
    bed.leads.request<{ previewRouting: DecisionView }>(PREVIEW, { leadId }, token);

  beforeAll(async () => {
    // The rule set and pooled rates stay cached for the whole suite, so statement counts do not depend on timing.
    bed = await startRoutingBed(engine, { ROUTING_CACHE_MS: String(10 * 60 * 1000) });
    await bed.worker.tick();
  });
  afterAll(async () => {
    await bed?.close();
  });

  it('costs the same number of SQL statements per decision with 10, 100 or 1,000 candidates', async () => {
    const figures: Record<number, { route: number; preview: number }> = {};
    // The first decision of a process also reads the rule set and pooled rates it then keeps for a while.
    const warmUp = await bed.insertLead({ postalCode: '60601', state: 'IL', county: 'Cook', city: 'Chicago' });
    await bed.leads.request(PREVIEW_LEAN, { leadId: warmUp.id }, managerToken());
    for (const [size, postalCode] of [
      [10, '60601'],
      [100, '60602'],
      [1000, '60603'],
    ] as const) {
      const territoryId = await bed.insertTerritory({ postalCodes: [postalCode] });
      await bed.insertAgents(size, {
        territoryId,
        licenses: [{ state: 'IL', line: LineOfAuthority.CASUALTY, expiresOn: VALID_UNTIL }],
      });
      const previewed = await bed.insertLead({ postalCode, state: 'IL', county: 'Cook', city: 'Chicago' });
      bed.leads.statements.reset();
      const previewedDecision = dataOf(
        await bed.leads.request<{ previewRouting: DecisionView }>(
          PREVIEW_LEAN,
          { leadId: previewed.id },
          managerToken(),
        ),
      ).previewRouting;
      const previewCount = bed.leads.statements.count;
      expect(previewedDecision.chosenAgent).not.toBeNull();

      const routed = await bed.insertLead({ postalCode, state: 'IL', county: 'Cook', city: 'Chicago' });
      bed.leads.statements.reset();
      const decision = dataOf(
        await bed.leads.request<{ routeLead: DecisionView }>(ROUTE_LEAN, { leadId: routed.id }, managerToken()),
      ).routeLead;
      figures[size] = { route: bed.leads.statements.count, preview: previewCount };
      expect(decision.chosenAgent).not.toBeNull();
      const stored = await decisionsOf(bed, routed.id);
      expect(stored[0].candidates).toHaveLength(size);
    }
    console.log(
      `[${engine}] SQL statements per decision (routeLead incl. writes / previewRouting, reads only): ` +
        Object.entries(figures)
          .map(([size, { route, preview }]) => `${size} candidates: ${route} / ${preview}`)
          .join('; '),
    );
    expect(figures[100]).toEqual(figures[10]);
    expect(figures[1000]).toEqual(figures[10]);
  });

  it('reads the routing fields of a page of leads in a fixed number of statements', async () => {
    const query = `{ leads(first: 200) {
      id currentAssignment { id agent { id } decision { id chosenAgent { id } } lead { id } }
      assignments { id decision { id } } decisions { id candidates { agent { id } } }
    } }`;
    bed.leads.statements.reset();
    const { leads } = dataOf(
      await bed.leads.request<{ leads: Array<{ currentAssignment: { id: string } | null }> }>(
        query,
        {},
        managerToken(),
      ),
    );
    expect(leads.filter((lead) => lead.currentAssignment !== null).length).toBeGreaterThan(1);
    // The page, then assignments and decisions of all its leads, then the assignments' decisions.
    expect(bed.leads.statements.count).toBeLessThanOrEqual(4);
  });

  it('previews the decision it would make, with every candidate, writing nothing', async () => {
    const territoryId = await bed.insertTerritory({ postalCodes: ['98101'] });
    const eligible = await bed.insertAgents(2, {
      territoryId,
      licenses: [{ state: 'WA', line: LineOfAuthority.CASUALTY, expiresOn: VALID_UNTIL }],
    });
    const [expired] = await bed.insertAgents(1, {
      territoryId,
      licenses: [{ state: 'WA', line: LineOfAuthority.CASUALTY, expiresOn: EXPIRED_ON }],
    });
    const [unlicensed] = await bed.insertAgents(1, {
      territoryId,
      licenses: [{ state: 'OR', line: LineOfAuthority.CASUALTY, expiresOn: VALID_UNTIL }],
    });
    const lead = await bed.insertLead({ postalCode: '98101', state: 'WA', county: 'King', city: 'Seattle' });
    const before = await bed.rowCounts();
    const openBefore = (await bed.leads.dataSource.getRepository(AgentEntity).findByIds(eligible)).map(
      (agent) => agent.openCount,
    );

    const decision = dataOf(await preview(lead.id, adminToken())).previewRouting;
    expect(decision).toMatchObject({ trigger: 'PREVIEW', queuedReason: null, lead: { id: lead.id, status: 'NEW' } });
    expect(eligible).toContain(decision.chosenAgent?.id);
    expect(decision.chosenProbability).toBeGreaterThan(0);
    expect(decision.ruleSetVersion).toBe(1);
    const byAgent = new Map(decision.candidates.map((candidate) => [candidate.agent.id, candidate]));
    for (const id of eligible) {
      expect(byAgent.get(id)).toMatchObject({ eligible: true, excludedBy: null });
      expect(byAgent.get(id)?.score).toBeGreaterThan(0);
      expect(byAgent.get(id)?.components).toEqual(expect.objectContaining({}));
    }
    expect(byAgent.get(expired)).toMatchObject({ eligible: false, excludedBy: 'LICENSE_EXPIRED' });
    expect(byAgent.get(unlicensed)).toMatchObject({ eligible: false, excludedBy: 'NOT_LICENSED' });

    expect(await bed.rowCounts()).toEqual(before);
    expect(await bed.leadStatus(lead.id)).toBe(LeadStatus.NEW);
    expect(
      (await bed.leads.dataSource.getRepository(AgentEntity).findByIds(eligible)).map((agent) => agent.openCount),
    ).toEqual(openBefore);
    expect(await decisionsOf(bed, lead.id)).toEqual([]);

    // Routing it for real now stores a decision under a new id.
    const routed = dataOf(await route(lead.id)).routeLead;
    expect(routed.id).not.toBe(decision.id);
    expect(routed).toMatchObject({ trigger: 'ROUTE', lead: { status: 'OFFERED' } });
  });

  it('scores an agent in several territories of the lead as its best role, with the weight it has in that role', async () => {
    const city = await bed.insertTerritory({ postalCodes: ['97201'] });
    const statewide = await bed.insertTerritory({ states: ['OR'] });
    const licenses = [{ state: 'OR', line: LineOfAuthority.CASUALTY, expiresOn: VALID_UNTIL }];
    const [agentId] = await bed.insertAgents(1, { territoryId: city, licenses });
    const members = bed.leads.dataSource.getRepository(TerritoryMemberEntity);
    // The manager halved the agent's share in the city; statewide it stands in as OVERFLOW at full weight.
    await members.update({ territoryId: city, agentId }, { weight: 0.5 });
    const now = new Date();
    await members.insert({
      territoryId: statewide,
      agentId,
      role: TerritoryRole.OVERFLOW,
      weight: 2,
      createdAt: now,
      updatedAt: now,
    });
    const lead = await bed.insertLead({ postalCode: '97201', state: 'OR', county: 'Multnomah', city: 'Portland' });

    const { candidates } = dataOf(await preview(lead.id)).previewRouting;

    const own = candidates.filter((candidate) => candidate.agent.id === agentId);
    expect(own).toHaveLength(1);
    expect(own[0].components).toMatchObject({ role: 'PRIMARY', weight: 0.5 });
  });

  it("routes a QUEUED lead on a manager's request once someone can take it, and refuses what it may not route", async () => {
    const queued = await bed.submitLead(leadInput({ postalCode: '85004', productLine: 'COMMERCIAL_GL' }));
    expect(queued.status).toBe('QUEUED');
    const stillQueued = dataOf(await route(queued.id)).routeLead;
    expect(stillQueued).toMatchObject({
      trigger: 'ROUTE',
      chosenAgent: null,
      queuedReason: 'NO_CANDIDATES',
      lead: { id: queued.id, status: 'QUEUED' },
    });

    const territoryId = await bed.insertTerritory({ states: ['AZ'] });
    const [agentId] = await bed.insertAgents(1, {
      territoryId,
      licenses: [{ state: 'AZ', line: LineOfAuthority.CASUALTY, expiresOn: VALID_UNTIL }],
    });
    for (const token of [agentToken(agentId), partnerToken('partner-a')]) {
      expect(errorCode(await route(queued.id, token))).toBe('FORBIDDEN');
      expect(errorCode(await preview(queued.id, token))).toBe('FORBIDDEN');
    }
    const decision = dataOf(await route(queued.id, adminToken())).routeLead;
    expect(decision).toMatchObject({
      trigger: 'ROUTE',
      chosenAgent: { id: agentId },
      queuedReason: null,
      lead: { id: queued.id, status: 'OFFERED' },
    });
    expect(decision.chosenProbability).toBe(1);

    const again = await route(queued.id);
    expect(errorCode(again)).toBe('CONFLICT');
    expect(again.errors?.[0]?.message).toMatch(/OFFERED/);
    expect(errorCode(await route('01900000-0000-7000-8000-000000000000'))).toBe('NOT_FOUND');
    expect(errorCode(await route('not-an-id'))).toBe('NOT_FOUND');

    const duplicate = await bed.insertLead({ status: LeadStatus.DUPLICATE, postalCode: '85004', state: 'AZ' });
    expect(errorCode(await route(duplicate.id))).toBe('CONFLICT');
    expect(errorCode(await preview(duplicate.id))).toBe('CONFLICT');
    expect(await decisionsOf(bed, duplicate.id)).toEqual([]);
  });

  it('makes an agent eligible for the very next decision once addCertification gives it the certification a rule requires', async () => {
    const territoryId = await bed.insertTerritory({ states: ['FL'] });
    const [agentId] = await bed.insertAgents(1, {
      territoryId,
      licenses: [{ state: 'FL', line: LineOfAuthority.ACCIDENT_HEALTH, expiresOn: VALID_UNTIL }],
    });
    const medicare = () => bed.submitLead(leadInput({ postalCode: '33101', productLine: 'MEDICARE' }));
    const first = await medicare();
    const second = await medicare();
    expect([first.status, second.status]).toEqual(['QUEUED', 'QUEUED']);
    const [queuedDecision] = await decisionsOf(bed, first.id);
    expect(queuedDecision).toMatchObject({ ruleName: 'medicare', queuedReason: 'NO_ELIGIBLE_AGENT: NOT_CERTIFIED×1' });

    const certified = await bed.agents.request(
      'mutation ($agentId: ID!, $line: ProductLine!) { addCertification(agentId: $agentId, productLine: $line) { id certifications } }',
      { agentId, line: ProductLine.MEDICARE },
      managerToken(),
    );
    expect(dataOf(certified)).toEqual({ addCertification: { id: agentId, certifications: ['MEDICARE'] } });

    // The very next decision sees it...
    expect(dataOf(await route(first.id)).routeLead.chosenAgent).toEqual({ id: agentId });
    // ...and the worker, woken by the agent's eligibility event, offers the other queued lead.
    const report = await bed.worker.tick();
    expect(report.offered).toBe(1);
    expect(await bed.leadStatus(second.id)).toBe(LeadStatus.OFFERED);
    expect((await bed.assignmentsOf([second.id]))[0].agentId).toBe(agentId);
  });

  it('routes the very next decision to an agent whose expired license addLicense renewed', async () => {
    const territoryId = await bed.insertTerritory({ postalCodes: ['85004'] });
    const [agentId] = await bed.insertAgents(1, {
      territoryId,
      licenses: [
        { state: 'AZ', line: LineOfAuthority.PROPERTY, expiresOn: EXPIRED_ON },
        { state: 'NM', line: LineOfAuthority.PROPERTY, expiresOn: VALID_UNTIL },
      ],
    });
    const lead = await bed.submitLead(leadInput({ postalCode: '85004', productLine: 'RENTERS' }));
    expect(lead.status).toBe('QUEUED');
    const [queued] = await decisionsOf(bed, lead.id);
    expect(queued.candidates.find((candidate) => candidate.agentId === agentId)).toMatchObject({
      eligible: false,
      excludedBy: 'LICENSE_EXPIRED',
    });

    const renewed = await bed.agents.request(
      'mutation ($agentId: ID!) { addLicense(agentId: $agentId, input: { state: "AZ", line: PROPERTY, expiresOn: "2099-12-31" }) { id } }',
      { agentId },
      managerToken(),
    );
    expect(dataOf(renewed)).toEqual({ addLicense: { id: agentId } });
    const decision = dataOf(await route(lead.id)).routeLead;
    expect(decision.chosenAgent).toEqual({ id: agentId });
    expect(decision.candidates.find((candidate) => candidate.agent.id === agentId)).toMatchObject({
      eligible: true,
      excludedBy: null,
    });
  });

  it('keeps a submitted lead when routing fails, and the worker routes it later', async () => {
    const territoryId = await bed.insertTerritory({ postalCodes: ['02108'] });
    const [agentId] = await bed.insertAgents(1, {
      territoryId,
      licenses: [{ state: 'MA', line: LineOfAuthority.PROPERTY, expiresOn: VALID_UNTIL }],
    });
    // A corrupt row of the only candidate makes routing the lead fail.
    await bed.leads.dataSource.query("UPDATE agents SET working_hours = '{ not json' WHERE id = ?", [agentId]);
    let lead;
    try {
      lead = await bed.submitLead(leadInput({ postalCode: '02108', productLine: 'RENTERS' }));
    } finally {
      await bed.leads.dataSource.query("UPDATE agents SET working_hours = '[]' WHERE id = ?", [agentId]);
    }
    expect(lead.status).toBe('NEW');
    expect(await bed.leadStatus(lead.id)).toBe(LeadStatus.NEW);

    // Its routing is long overdue: a (new) worker instance's safety sweep routes it.
    await bed.leads.dataSource.query('UPDATE leads SET updated_at = ? WHERE id = ?', [
      '2024-01-01 00:00:00.000',
      lead.id,
    ]);
    const worker = (await leadsSubgraph.build(bed.leads.dataSource, bed.leads.config, { events: bed.leads.events }))
      .workers![0] as RoutingWorker;
    const report = await worker.tick();
    expect(report.offered).toBeGreaterThanOrEqual(1);
    expect(await bed.leadStatus(lead.id)).toBe(LeadStatus.OFFERED);
    expect((await bed.assignmentsOf([lead.id]))[0].agentId).toBe(agentId);
    expect((await decisionsOf(bed, lead.id))[0].trigger).toBe('QUEUE');
  });
});
