import { In, type QueryRunner } from 'typeorm';
import { AgentEntity, AgentLicenseEntity } from '../../../subgraphs/agents';
import { AgentStatus, LeadStatus, LineOfAuthority, TerritoryRole } from '../../../lib/domain/enums';
import { PRODUCT_LINES } from '../../../lib/domain/product-lines';
import { LeadEntity } from '../../../subgraphs/leads/lead/lead.entity';
import { TerritoryMemberEntity } from '../../../subgraphs/territories/membership/territory-member.entity';
import { dataOf, errorCode } from '../../support/graphql-client';
import { newId } from '../../../lib/domain/ids';
import { AssignmentStatus } from '../../../subgraphs/leads/assignment/assignment-status';
import { AssignmentEntity } from '../../../subgraphs/leads/assignment/assignment.entity';
import { DEFAULT_RULE_SET } from '../../../subgraphs/leads/rule-set/default-rule-set';
import { ROUTING_PASSES } from '../../../subgraphs/leads/routing/routing.service';
import { adminToken, agentToken, managerToken } from '../../support/tokens';
import {
  AUSTIN,
  decisionsOf,
  ENGINES,
  EXPIRED_ON,
  leadInput,
  startRoutingBed,
  VALID_UNTIL,
  type LeadLocation,
  type RoutingBed,
  type SubmittedLead,
} from './routing-bed';

const ACCEPT = 'mutation ($id: ID!) { acceptAssignment(id: $id) { id status } }';
const RECORD_OUTCOME = 'mutation ($input: RecordOutcomeInput!) { recordOutcome(input: $input) { id type } }';

/** Every offered agent holds an unexpired license for the lead's state in a line its product needs. */
async function expectOfferedAgentsLicensed(bed: RoutingBed, leadIds: string[]): Promise<number> {
  const assignments = await bed.assignmentsOf(leadIds);
  const leads = new Map(
    (await bed.leads.dataSource.getRepository(LeadEntity).findByIds(leadIds)).map((lead) => [lead.id, lead]),
  );
  const licenses = await bed.leads.dataSource.getRepository(AgentLicenseEntity).find();
  const today = new Date().toISOString().slice(0, 10);
  for (const assignment of assignments) {
    const lead = leads.get(assignment.leadId)!;
    const lines: readonly LineOfAuthority[] = PRODUCT_LINES[lead.productLine].linesOfAuthority;
    const licensed = licenses.some(
      (license) =>
        license.agentId === assignment.agentId &&
        license.state === lead.state &&
        lines.includes(license.line) &&
        (license.expiresOn === null || license.expiresOn >= today),
    );
    expect({ assignment: assignment.id, licensed }).toEqual({ assignment: assignment.id, licensed: true });
  }
  return assignments.length;
}

describe.each(ENGINES)('routing under load on %s', (engine) => {
  let bed: RoutingBed;

  beforeAll(async () => {
    bed = await startRoutingBed(engine);
  });
  afterAll(async () => {
    await bed?.close();
  });

  it('offers exactly the capacity to 200 concurrent submissions, queues the rest, and offers freed capacity to exactly as many queued leads', async () => {
    const territoryId = await bed.insertTerritory({ states: ['TX'] });
    const agentIds = await bed.insertAgents(10, {
      territoryId,
      maxOpen: 5,
      dailyCap: 100,
      licenses: [{ state: 'TX', line: LineOfAuthority.CASUALTY, expiresOn: VALID_UNTIL }],
    });
    // Decoys in the same territory: licensed for TX only in a line auto does not need, or expired, or offline.
    await bed.insertAgents(3, {
      territoryId,
      licenses: [{ state: 'TX', line: LineOfAuthority.LIFE, expiresOn: VALID_UNTIL }],
    });
    await bed.insertAgents(3, {
      territoryId,
      licenses: [{ state: 'TX', line: LineOfAuthority.CASUALTY, expiresOn: EXPIRED_ON }],
    });
    await bed.insertAgents(2, {
      territoryId,
      status: AgentStatus.OFFLINE,
      licenses: [{ state: 'TX', line: LineOfAuthority.CASUALTY, expiresOn: VALID_UNTIL }],
    });
    await bed.worker.tick(); // the worker finds its place in the outbox before the load starts

    const submitted: SubmittedLead[] = await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        bed.submitLead(leadInput({ postalCode: '78701', estimatedPremium: 500 + index })),
      ),
    );
    const leadIds = submitted.map((lead) => lead.id);
    const count = (status: string) => submitted.filter((lead) => lead.status === status).length;
    expect({ offered: count('OFFERED'), queued: count('QUEUED') }).toEqual({ offered: 50, queued: 150 });
    for (const lead of submitted) expect(await bed.leadStatus(lead.id)).toBe(lead.status);

    const assignments = await bed.assignmentsOf(leadIds);
    expect(assignments).toHaveLength(50);
    expect(assignments.every((assignment) => assignment.status === 'OFFERED')).toBe(true);
    // No lead has two open assignments, and every OFFERED lead has its one.
    expect(new Set(assignments.map((assignment) => assignment.leadId)).size).toBe(50);
    const offeredIds = new Set(submitted.filter((lead) => lead.status === 'OFFERED').map((lead) => lead.id));
    expect(assignments.every((assignment) => offeredIds.has(assignment.leadId))).toBe(true);
    // No agent above max open; the ledger agrees with the assignments it holds.
    const agents = await bed.leads.dataSource.getRepository(AgentEntity).findByIds(agentIds);
    for (const agent of agents) {
      const held = assignments.filter((assignment) => assignment.agentId === agent.id).length;
      expect({ agent: agent.id, open: agent.openCount, held }).toEqual({ agent: agent.id, open: 5, held: 5 });
    }
    expect(await expectOfferedAgentsLicensed(bed, leadIds)).toBe(50);

    // Ten agents' leads end: accepted, then BOUND or LOST, which closes the assignment and frees capacity.
    const closing = assignments.slice(0, 10);
    for (const [index, assignment] of closing.entries()) {
      dataOf(await bed.leads.request(ACCEPT, { id: assignment.id }, agentToken(assignment.agentId)));
      const outcome =
        index % 2 === 0
          ? { leadId: assignment.leadId, type: 'BOUND', premium: 900, policyNumber: `POL-${index}` }
          : { leadId: assignment.leadId, type: 'LOST', reason: 'Bought elsewhere' };
      dataOf(await bed.outcomes.request(RECORD_OUTCOME, { input: outcome }, managerToken()));
    }
    const closed = await bed.assignmentsOf(closing.map((assignment) => assignment.leadId));
    expect(closed.map((assignment) => assignment.status)).toEqual(Array(10).fill('CLOSED'));

    const queuedBefore = submitted.filter((lead) => lead.status === 'QUEUED').map((lead) => lead.id);
    const report = await bed.worker.tick();
    expect(report.offered).toBe(10);
    const statuses = await Promise.all(queuedBefore.map((id) => bed.leadStatus(id)));
    expect(statuses.filter((status) => status === LeadStatus.OFFERED)).toHaveLength(10);
    expect(statuses.filter((status) => status === LeadStatus.QUEUED)).toHaveLength(140);
    // Oldest first, the higher premium first among leads of the same millisecond.
    const queuedRows = await bed.leads.dataSource.getRepository(LeadEntity).findByIds(queuedBefore);
    queuedRows.sort(
      (a, b) =>
        a.createdAt.getTime() - b.createdAt.getTime() ||
        (b.estimatedPremium ?? 0) - (a.estimatedPremium ?? 0) ||
        (a.id < b.id ? -1 : 1),
    );
    const nowOffered = queuedBefore.filter((_, index) => statuses[index] === LeadStatus.OFFERED);
    expect(new Set(nowOffered)).toEqual(new Set(queuedRows.slice(0, 10).map((lead) => lead.id)));
    const reoffered = await bed.assignmentsOf(nowOffered);
    expect(reoffered).toHaveLength(10);
    expect(reoffered.every((assignment) => assignment.status === 'OFFERED')).toBe(true);
    expect(await expectOfferedAgentsLicensed(bed, leadIds)).toBe(60);
    const after = await bed.leads.dataSource.getRepository(AgentEntity).findByIds(agentIds);
    expect(after.every((agent) => agent.openCount <= agent.maxOpen)).toBe(true);
    expect(after.reduce((sum, agent) => sum + agent.openCount, 0)).toBe(50);

    // Nothing more to give: another tick offers nobody.
    expect((await bed.worker.tick()).offered).toBe(0);
  });
});

const ROUTE_LEAD = 'mutation ($leadId: ID!) { routeLead(leadId: $leadId) { id } }';
const PUBLISH_RULE_SET = 'mutation ($input: RuleSetInput!) { publishRuleSet(input: $input) { version } }';

const CHICAGO: LeadLocation = {
  postalCode: '60601',
  state: 'IL',
  county: 'Cook',
  city: 'Chicago',
  latitude: 41.89,
  longitude: -87.62,
  timezone: 'America/Chicago',
};

describe('routing when agents fill up under it on MariaDB', () => {
  let bed: RoutingBed;

  beforeEach(async () => {
    bed = await startRoutingBed('MariaDB');
  });
  afterEach(async () => {
    await bed?.close();
  });

  /** InnoDB's report of the latest deadlock it detected anywhere on the server. */
  async function latestDeadlockReport(): Promise<string> {
    const [status] = await bed.leads.dataSource.query<Array<{ Status: string }>>('SHOW ENGINE INNODB STATUS');
    return /LATEST DETECTED DEADLOCK\n-+\n([\s\S]*?)\n-+\nTRANSACTIONS/.exec(status.Status)?.[1] ?? '';
  }

  /**
   * Resolves once a transaction waits for the row `id` of `table` (by default
   * an agent's), as InnoDB's status reports it (MariaDB's INNODB_LOCK_WAITS
   * missed these waits), so that a test can let the rows go one at a time.
   * InnoDB prints the first 30 bytes of the key.
   */
  async function untilWaitingFor(id: string, table = 'agents'): Promise<void> {
    const [{ name }] = await bed.leads.dataSource.query<Array<{ name: string }>>('SELECT DATABASE() AS name');
    const ofTable = `of table \`${name}\`.\`${table}\``;
    // Generous: the suites running beside this one may keep the server busy.
    for (const deadline = Date.now() + 20_000; ;) {
      const [status] = await bed.leads.dataSource.query<Array<{ Status: string }>>('SHOW ENGINE INNODB STATUS');
      const waits = status.Status.split('FOR THIS LOCK TO BE GRANTED:').slice(1);
      const locks = waits.map((wait) => wait.split('\n------------------')[0]);
      if (locks.some((lock) => lock.includes(ofTable) && lock.includes(`asc ${id.slice(0, 30)}`))) return;
      if (Date.now() > deadline) throw new Error(`no routing ever waited for ${table} row ${id}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** A transaction standing in for a routing that took a unit of the agent's capacity and has not committed yet. */
  async function holdUnit(agentId: string): Promise<QueryRunner> {
    const rival = bed.leads.dataSource.createQueryRunner();
    await rival.startTransaction();
    await rival.query('UPDATE agents SET open_count = open_count + 1 WHERE id = ?', [agentId]);
    return rival;
  }

  async function releaseAll(rivals: QueryRunner[]): Promise<void> {
    for (const rival of rivals) {
      if (rival.isTransactionActive) await rival.rollbackTransaction();
      await rival.release();
    }
  }

  /** Agents licensed in Texas, preferred in the order given (descending territory weights), each with room for one lead. */
  async function agentsInOrderOfPreference(count: number): Promise<string[]> {
    const texas = await bed.insertTerritory({ states: ['TX'] });
    const agents = await bed.insertAgents(count, {
      territoryId: texas,
      maxOpen: 1,
      licenses: [{ state: 'TX', line: LineOfAuthority.CASUALTY, expiresOn: VALID_UNTIL }],
    });
    const members = bed.leads.dataSource.getRepository(TerritoryMemberEntity);
    // Neighbours' scores differ by at least a sixth, far beyond the default rule's 5% rotation tolerance.
    for (const [index, agentId] of agents.entries()) {
      await members.update({ territoryId: texas, agentId }, { weight: 10 * (count - index) });
    }
    return agents;
  }

  /**
   * Runs `route` while rivals fill up its pick on every pass: each pass waits
   * for its agent, whose rival commits once the next agent is held too. With
   * `takeLast`, the last pass's second attempt fills up under it as well.
   */
  async function fillUpEveryPass<T>(agents: string[], route: () => Promise<T>, takeLast: boolean): Promise<T> {
    const rivals = [await holdUnit(agents[0])];
    let routed: Promise<T> | undefined;
    try {
      routed = route();
      for (let pass = 1; pass <= ROUTING_PASSES; pass += 1) {
        await untilWaitingFor(agents[pass - 1]);
        if (pass < ROUTING_PASSES || takeLast) rivals.push(await holdUnit(agents[pass]));
        await rivals[pass - 1].commitTransaction();
      }
      if (takeLast) {
        await untilWaitingFor(agents[ROUTING_PASSES]);
        await rivals[ROUTING_PASSES].commitTransaction();
      }
      return await routed;
    } finally {
      await releaseAll(rivals);
      await Promise.allSettled([routed]);
    }
  }

  /**
   * Runs `route` while rivals hold a unit of each of `agentIds`; once the
   * routing waits for the first of them, the rivals commit.
   */
  async function routeWhileRivalsHold<T>(agentIds: string[], route: () => Promise<T>): Promise<T> {
    const rivals: QueryRunner[] = [];
    let routed: Promise<T> | undefined;
    try {
      for (const agentId of agentIds) rivals.push(await holdUnit(agentId));
      routed = route();
      await untilWaitingFor(agentIds[0]);
      for (const rival of rivals) await rival.commitTransaction();
      return await routed;
    } finally {
      await releaseAll(rivals);
      await Promise.allSettled([routed]);
    }
  }

  /** Submits a lead whose routing waits for `agentId`, of which a rival holds a unit until then. */
  const submitWhileRivalHolds = (agentId: string): Promise<SubmittedLead> =>
    routeWhileRivalsHold([agentId], () => bed.submitLead(leadInput({ postalCode: AUSTIN.postalCode })));

  const openCountsOf = async (agents: string[]): Promise<number[]> => {
    const rows = await bed.leads.dataSource
      .getRepository(AgentEntity)
      .find({ where: { id: In(agents) }, select: { id: true, openCount: true } });
    return rows.map(({ openCount }) => openCount);
  };

  it('offers a submitted lead on its last pass, after its pick filled up under it on every pass before', async () => {
    const agents = await agentsInOrderOfPreference(ROUTING_PASSES + 1);
    const lead = await fillUpEveryPass(
      agents,
      () => bed.submitLead(leadInput({ postalCode: AUSTIN.postalCode })),
      false,
    );

    expect(lead.status).toBe(LeadStatus.OFFERED);
    expect((await bed.assignmentsOf([lead.id])).map(({ agentId }) => agentId)).toEqual([agents[ROUTING_PASSES]]);
    // One decision, made on the last pass: the agents picked on earlier passes full by then, its own pick
    // filled while it reserved (the audit says so, not just that another agent got the lead), the next one free.
    const decisions = await decisionsOf(bed, lead.id);
    expect(decisions).toHaveLength(1);
    expect(decisions[0].chosenAgentId).toBe(agents[ROUTING_PASSES]);
    // Scores far apart: no draw, so every attempt on the path was certain.
    expect(decisions[0].chosenProbability).toBe(1);
    const audit = decisions[0].candidates.map(({ agentId, eligible, excludedBy }) => [
      agents.indexOf(agentId),
      eligible,
      excludedBy,
    ]);
    const last = ROUTING_PASSES - 1;
    expect(audit.sort(([a], [b]) => Number(a) - Number(b))).toEqual(
      agents.map((_, index) =>
        index < last
          ? [index, false, 'AT_MAX_OPEN']
          : index === last
            ? [index, false, 'FILLED_WHILE_ROUTING']
            : [index, true, null],
      ),
    );
    expect(await openCountsOf(agents)).toEqual(agents.map(() => 1));
  });

  it("leaves a queued lead QUEUED with no decision written when a drain's picks fill up on every pass", async () => {
    const agents = await agentsInOrderOfPreference(ROUTING_PASSES + 1);
    const lead = await bed.insertLead({ status: LeadStatus.QUEUED, ...AUSTIN });
    // A fresh worker's first tick sweeps the whole queue.
    const report = await fillUpEveryPass(agents, () => bed.worker.tick(), true);

    expect(report).toMatchObject({ offered: 0, considered: 1 });
    expect(await bed.leadStatus(lead.id)).toBe(LeadStatus.QUEUED);
    expect(await decisionsOf(bed, lead.id)).toEqual([]);
    expect(await bed.assignmentsOf([lead.id])).toEqual([]);
    expect(await openCountsOf(agents)).toEqual(agents.map(() => 1));
  });

  it('offers a submitted lead to a BACKUP member when its only PRIMARY agent fills up under the routing', async () => {
    const texas = await bed.insertTerritory({ states: ['TX'] });
    const licenses = [{ state: 'TX', line: LineOfAuthority.CASUALTY, expiresOn: VALID_UNTIL }];
    const [primary] = await bed.insertAgents(1, { territoryId: texas, maxOpen: 1, licenses });
    const [backup] = await bed.insertAgents(1, {
      territoryId: texas,
      role: TerritoryRole.BACKUP,
      maxOpen: 1,
      licenses,
    });
    // The routing picks the primary (the backup is not reached while it is free) and waits for it.
    const lead = await submitWhileRivalHolds(primary);
    expect(lead.status).toBe(LeadStatus.OFFERED);
    expect((await bed.assignmentsOf([lead.id])).map(({ agentId }) => agentId)).toEqual([backup]);
    const decisions = await decisionsOf(bed, lead.id);
    expect(decisions.map(({ chosenAgentId }) => chosenAgentId)).toEqual([backup]);
    expect(Object.fromEntries(decisions[0].candidates.map(({ agentId, excludedBy }) => [agentId, excludedBy]))).toEqual(
      { [primary]: 'AT_MAX_OPEN', [backup]: null },
    );
  });

  it("never carries an agent past the rule's utilization threshold that a concurrent routing read it below", async () => {
    const rules = { ...DEFAULT_RULE_SET, defaults: { ...DEFAULT_RULE_SET.defaults, maxUtilization: 0.8 } };
    dataOf(await bed.leads.request(PUBLISH_RULE_SET, { input: { rules } }, adminToken()));
    const texas = await bed.insertTerritory({ states: ['TX'] });
    const [agentId] = await bed.insertAgents(1, {
      territoryId: texas,
      maxOpen: 10,
      licenses: [{ state: 'TX', line: LineOfAuthority.CASUALTY, expiresOn: VALID_UNTIL }],
    });
    const agents = bed.leads.dataSource.getRepository(AgentEntity);
    await agents.update({ id: agentId }, { openCount: 7 });
    // Another routing takes the eighth unit, which the threshold allows; this one read 7 of 10 and waits.
    const lead = await submitWhileRivalHolds(agentId);
    expect(lead.status).toBe(LeadStatus.QUEUED);
    expect((await agents.findOneByOrFail({ id: agentId })).openCount).toBe(8);
    const decisions = await decisionsOf(bed, lead.id);
    expect(decisions.map(({ queuedReason }) => queuedReason)).toEqual(['NO_ELIGIBLE_AGENT: OVER_UTILIZATION×1']);
  });

  it('answers CONFLICT, writing nothing, when another routing offers a queued lead while a manager routes it', async () => {
    const [agentId] = await agentsInOrderOfPreference(1);
    const lead = await bed.insertLead({ status: LeadStatus.QUEUED, ...AUSTIN });
    // A rival routing (another instance, say) has claimed the lead and offered it elsewhere, not yet committed.
    const rival = bed.leads.dataSource.createQueryRunner();
    let routed: ReturnType<typeof bed.leads.request> | undefined;
    try {
      await rival.startTransaction();
      await rival.manager.update(LeadEntity, { id: lead.id }, { status: LeadStatus.OFFERED });
      const now = new Date();
      await rival.manager.insert(AssignmentEntity, {
        id: newId(),
        leadId: lead.id,
        agentId: 'elsewhere',
        decisionId: newId(),
        status: AssignmentStatus.OFFERED,
        openLeadId: lead.id,
        offeredAt: now,
        expiresAt: new Date(now.getTime() + 60_000),
        respondedAt: null,
        closedAt: null,
        declineReason: null,
      });
      routed = bed.leads.request(ROUTE_LEAD, { leadId: lead.id }, managerToken());
      await untilWaitingFor(lead.id, 'leads');
      await rival.commitTransaction();
      const response = await routed;

      expect(errorCode(response)).toBe('CONFLICT');
      expect(response.errors?.[0]?.message).toMatch(/OFFERED/);
    } finally {
      if (rival.isTransactionActive) await rival.rollbackTransaction();
      await rival.release();
      await Promise.allSettled([routed]);
    }
    expect((await bed.assignmentsOf([lead.id])).map((offer) => offer.agentId)).toEqual(['elsewhere']);
    expect(await decisionsOf(bed, lead.id)).toEqual([]);
    expect(await openCountsOf([agentId])).toEqual([0]);
  });

  it.each([1, 2])(
    'leaves a queued lead QUEUED with no decision written when the %i agent(s) a queue drain picked fill up under it',
    async (count) => {
      const agents = await agentsInOrderOfPreference(count);
      const lead = await bed.insertLead({ status: LeadStatus.QUEUED, ...AUSTIN });
      // A fresh worker's first tick sweeps the whole queue.
      const drained = await routeWhileRivalsHold(agents, () => bed.worker.tick());

      expect(drained).toMatchObject({ offered: 0 });
      expect(await bed.leadStatus(lead.id)).toBe(LeadStatus.QUEUED);
      expect(await decisionsOf(bed, lead.id)).toEqual([]);
      expect(await bed.assignmentsOf([lead.id])).toEqual([]);
    },
  );

  /** A lead routed as it is submitted (stored by its routing), or stored QUEUED and routed by a manager (claimed). */
  const routings: Array<[string, (location: LeadLocation) => Promise<string>]> = [
    ['submitted', async ({ postalCode }) => (await bed.submitLead(leadInput({ postalCode }))).id],
    [
      'queued and routed by a manager',
      async (location) => {
        const lead = await bed.insertLead({ status: LeadStatus.QUEUED, ...location });
        dataOf(await bed.leads.request(ROUTE_LEAD, { leadId: lead.id }, managerToken()));
        return lead.id;
      },
    ],
  ];

  it.each(routings)(
    'queues two leads %s whose preferred agents fill up in crossing order on a decision made afresh, without the routings deadlocking',
    async (_, route) => {
      // Agent A is preferred in Texas and B in Illinois; each has room for one lead.
      const texas = await bed.insertTerritory({ states: ['TX'] });
      const illinois = await bed.insertTerritory({ states: ['IL'] });
      const [agentA, agentB] = await bed.insertAgents(2, {
        territoryId: texas,
        maxOpen: 1,
        licenses: ['TX', 'IL'].map((state) => ({ state, line: LineOfAuthority.CASUALTY, expiresOn: VALID_UNTIL })),
      });
      const members = bed.leads.dataSource.getRepository(TerritoryMemberEntity);
      await members.update({ territoryId: texas, agentId: agentA }, { weight: 3 });
      const now = new Date();
      await members.insert(
        [
          { agentId: agentA, weight: 1 },
          { agentId: agentB, weight: 3 },
        ].map((member) => ({
          ...member,
          territoryId: illinois,
          role: TerritoryRole.PRIMARY,
          createdAt: now,
          updatedAt: now,
        })),
      );
      const deadlockBefore = await latestDeadlockReport();

      // One transaction stands in for two routings that hold both agents' last unit, not yet committed.
      const rivals = bed.leads.dataSource.createQueryRunner();
      await rivals.startTransaction();
      let routed: Promise<string[]> | undefined;
      try {
        await rivals.query('UPDATE agents SET open_count = open_count + 1 WHERE id IN (?, ?)', [agentA, agentB]);
        routed = Promise.all([route(AUSTIN), route(CHICAGO)]);
        // Each routing now waits for its preferred agent.
        await untilWaitingFor(agentA);
        await untilWaitingFor(agentB);
        await rivals.commitTransaction();
        await routed;
      } finally {
        if (rivals.isTransactionActive) await rivals.rollbackTransaction();
        await rivals.release();
        await Promise.allSettled([routed]);
      }

      // Best effort: InnoDB keeps only the server's latest deadlock, which a parallel suite may overwrite.
      const report = await latestDeadlockReport();
      const [{ name }] = await bed.leads.dataSource.query<Array<{ name: string }>>('SELECT DATABASE() AS name');
      expect(report !== deadlockBefore && report.includes(`\`${name}\``) ? report : null).toBeNull();

      const leadIds = await routed;
      for (const leadId of leadIds) expect(await bed.leadStatus(leadId)).toBe(LeadStatus.QUEUED);
      // Each decision is the one made once the agents were full, and says so.
      for (const leadId of leadIds) {
        const decisions = await decisionsOf(bed, leadId);
        expect(decisions.map(({ queuedReason }) => queuedReason)).toEqual(['NO_ELIGIBLE_AGENT: AT_MAX_OPEN×2']);
        expect(decisions[0].candidates.map(({ excludedBy }) => excludedBy)).toEqual(['AT_MAX_OPEN', 'AT_MAX_OPEN']);
      }
      expect(await bed.assignmentsOf(leadIds)).toEqual([]);
    },
  );
});
