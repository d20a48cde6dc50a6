import { LineOfAuthority } from '../../../lib/domain/enums';
import { DEFAULT_RULE_SET } from '../../../subgraphs/leads/rule-set/default-rule-set';
import { AssignmentEntity } from '../../../subgraphs/leads/assignment/assignment.entity';
import type { RoutingWorker } from '../../../subgraphs/leads';
import { leadsSubgraph } from '../../../subgraphs/leads';
import { dataOf, errorCode } from '../../support/graphql-client';
import { adminToken, agentToken, managerToken, partnerToken } from '../../support/tokens';
import { decisionsOf, ENGINES, leadInput, startRoutingBed, VALID_UNTIL, type RoutingBed } from './routing-bed';

const ASSIGNMENT_FIELDS = 'id status offeredAt expiresAt respondedAt declineReason agent { id } lead { id status }';
const ACCEPT = `mutation ($id: ID!) { acceptAssignment(id: $id) { ${ASSIGNMENT_FIELDS} } }`;
const DECLINE = `mutation ($id: ID!, $reason: String) { declineAssignment(id: $id, reason: $reason) { ${ASSIGNMENT_FIELDS} } }`;
const LEAD_ROUTING = `query ($id: ID!) { lead(id: $id) {
  id status contact { lastName }
  currentAssignment { id status agent { id } decision { id trigger chosenAgent { id } } }
  assignments { id status agent { id } }
  decisions { id trigger ruleSetVersion queuedReason chosenAgent { id } candidates { agent { id } eligible excludedBy } }
} }`;

interface AssignmentView {
  id: string;
  status: string;
  offeredAt: string;
  expiresAt: string | null;
  respondedAt: string | null;
  declineReason: string | null;
  agent: { id: string };
  lead: { id: string; status: string };
}

interface LeadRoutingView {
  id: string;
  status: string;
  contact: { lastName: string } | null;
  currentAssignment: {
    id: string;
    status: string;
    agent: { id: string };
    decision: { id: string; trigger: string; chosenAgent: { id: string } | null };
  } | null;
  assignments: Array<{ id: string; status: string; agent: { id: string } }>;
  decisions: Array<{
    id: string;
    trigger: string;
    ruleSetVersion: number;
    queuedReason: string | null;
    chosenAgent: { id: string } | null;
    candidates: Array<{ agent: { id: string }; eligible: boolean; excludedBy: string | null }>;
  }>;
}

describe.each(ENGINES)('offers: accept, decline and expiry on %s', (engine) => {
  let bed: RoutingBed;
  let agentIds: string[];

  const readLead = async (id: string, token: string) =>
    dataOf(await bed.leads.request<{ lead: LeadRoutingView | null }>(LEAD_ROUTING, { id }, token)).lead;
  const currentOffer = async (leadId: string): Promise<AssignmentEntity> =>
    bed.leads.dataSource.getRepository(AssignmentEntity).findOneByOrFail({ openLeadId: leadId });
  const lapse = (assignmentId: string) =>
    bed.leads.dataSource
      .getRepository(AssignmentEntity)
      .update({ id: assignmentId }, { expiresAt: new Date(Date.now() - 1000) });

  beforeAll(async () => {
    bed = await startRoutingBed(engine);
    const territoryId = await bed.insertTerritory({ postalCodes: ['10001'] });
    agentIds = await bed.insertAgents(3, {
      territoryId,
      licenses: [{ state: 'NY', line: LineOfAuthority.PERSONAL_LINES, expiresOn: VALID_UNTIL }],
    });
    await bed.worker.tick();
  });
  afterAll(async () => {
    await bed?.close();
  });

  it('re-offers a declined lead to another agent, then on expiry to a third, then queues it with the reason', async () => {
    const lead = await bed.submitLead(leadInput({ postalCode: '10001', productLine: 'HOMEOWNERS' }));
    expect(lead.status).toBe('OFFERED');
    const first = await currentOffer(lead.id);

    const declined = dataOf(
      await bed.leads.request<{ declineAssignment: AssignmentView }>(
        DECLINE,
        { id: first.id, reason: '  Not my market  ' },
        agentToken(first.agentId),
      ),
    ).declineAssignment;
    expect(declined).toMatchObject({ id: first.id, status: 'DECLINED', declineReason: 'Not my market' });
    expect(declined.respondedAt).not.toBeNull();
    expect(declined.lead.status).toBe('OFFERED');
    const second = await currentOffer(lead.id);
    expect(second.agentId).not.toBe(first.agentId);

    // A shorter offer timeout from now on.
    const rules = { ...DEFAULT_RULE_SET, defaults: { ...DEFAULT_RULE_SET.defaults, offerTimeoutSeconds: 10 } };
    dataOf(
      await bed.leads.request(
        'mutation ($input: RuleSetInput!) { publishRuleSet(input: $input) { version } }',
        { input: { rules } },
        adminToken(),
      ),
    );

    // Time passes: the offer's expiry is now behind us; the worker (any instance) expires and re-offers.
    await lapse(second.id);
    expect((await bed.worker.tick()).expired).toBe(1);
    const secondAfter = await bed.leads.dataSource.getRepository(AssignmentEntity).findOneByOrFail({ id: second.id });
    expect(secondAfter).toMatchObject({ status: 'EXPIRED', openLeadId: null });
    const third = await currentOffer(lead.id);
    expect([first.agentId, second.agentId]).not.toContain(third.agentId);
    expect(third.expiresAt!.getTime() - third.offeredAt.getTime()).toBe(10_000);

    await lapse(third.id);
    expect((await bed.worker.tick()).expired).toBe(1);
    expect(await bed.leadStatus(lead.id)).toBe('QUEUED');

    const view = (await readLead(lead.id, managerToken()))!;
    expect(view.status).toBe('QUEUED');
    expect(view.currentAssignment).toBeNull();
    expect(view.assignments.map((assignment) => [assignment.agent.id, assignment.status])).toEqual([
      [first.agentId, 'DECLINED'],
      [second.agentId, 'EXPIRED'],
      [third.agentId, 'EXPIRED'],
    ]);
    expect(view.decisions.map((decision) => decision.trigger)).toEqual(['SUBMIT', 'DECLINE', 'EXPIRY', 'EXPIRY']);
    const last = view.decisions[3];
    expect(last.chosenAgent).toBeNull();
    expect(last.queuedReason).toBe('NO_ELIGIBLE_AGENT: PREVIOUSLY_OFFERED×3');
    expect(last.ruleSetVersion).toBe(2);
    expect(last.candidates.map((candidate) => candidate.excludedBy)).toEqual(Array(3).fill('PREVIOUSLY_OFFERED'));
    // Each re-offer excluded every earlier offeree.
    const declineDecision = view.decisions[1];
    expect(declineDecision.candidates.find((candidate) => candidate.agent.id === first.agentId)).toMatchObject({
      eligible: false,
      excludedBy: 'PREVIOUSLY_OFFERED',
    });
    // The capacity of all three was given back.
    const agents = await bed.leads.dataSource.query('SELECT id, open_count FROM agents');
    expect((agents as Array<{ open_count: number }>).every((agent) => Number(agent.open_count) === 0)).toBe(true);
  });

  it('lets only the offered agent accept or decline, not after the offer expired, and only once', async () => {
    const lead = await bed.submitLead(leadInput({ postalCode: '10001', productLine: 'RENTERS' }));
    const offer = await currentOffer(lead.id);
    const other = agentIds.find((id) => id !== offer.agentId)!;

    expect(errorCode(await bed.leads.request(ACCEPT, { id: offer.id }, agentToken(other)))).toBe('FORBIDDEN');
    expect(errorCode(await bed.leads.request(ACCEPT, { id: offer.id }, managerToken()))).toBe('FORBIDDEN');
    expect(errorCode(await bed.leads.request(ACCEPT, { id: offer.id }, partnerToken('partner-a')))).toBe('FORBIDDEN');
    expect(errorCode(await bed.leads.request(DECLINE, { id: offer.id }, agentToken(other)))).toBe('FORBIDDEN');
    const unknown = '01900000-0000-7000-8000-000000000000';
    expect(errorCode(await bed.leads.request(ACCEPT, { id: unknown }, agentToken(other)))).toBe('NOT_FOUND');
    expect(errorCode(await bed.leads.request(DECLINE, { id: 'nope' }, agentToken(other)))).toBe('NOT_FOUND');
    const tooLong = await bed.leads.request(
      DECLINE,
      { id: offer.id, reason: 'x'.repeat(501) },
      agentToken(offer.agentId),
    );
    expect(errorCode(tooLong)).toBe('BAD_USER_INPUT');
    expect(tooLong.errors?.[0]?.extensions?.field).toBe('reason');

    // The offered agent sees the lead and the consumer's contact, to call at once; others see nothing.
    expect(await readLead(lead.id, agentToken(other))).toBeNull();
    const offered = (await readLead(lead.id, agentToken(offer.agentId)))!;
    expect(offered).toMatchObject({ id: lead.id, status: 'OFFERED', contact: { lastName: 'Lovelace' } });
    expect(offered.assignments.map((assignment) => assignment.id)).toEqual([offer.id]);

    const accepted = dataOf(
      await bed.leads.request<{ acceptAssignment: AssignmentView }>(
        ACCEPT,
        { id: offer.id },
        agentToken(offer.agentId),
      ),
    ).acceptAssignment;
    expect(accepted).toMatchObject({ id: offer.id, status: 'ACCEPTED', lead: { id: lead.id, status: 'ASSIGNED' } });
    expect((await readLead(lead.id, agentToken(offer.agentId)))!.contact).toEqual({ lastName: 'Lovelace' });

    const again = await bed.leads.request(ACCEPT, { id: offer.id }, agentToken(offer.agentId));
    expect(errorCode(again)).toBe('CONFLICT');
    expect(errorCode(await bed.leads.request(DECLINE, { id: offer.id }, agentToken(offer.agentId)))).toBe('CONFLICT');
    // An accepted assignment does not expire.
    await lapse(offer.id);
    expect((await bed.worker.tick()).expired).toBe(0);
    expect(await bed.leadStatus(lead.id)).toBe('ASSIGNED');

    const late = await bed.submitLead(leadInput({ postalCode: '10001', productLine: 'RENTERS' }));
    const lateOffer = await currentOffer(late.id);
    await lapse(lateOffer.id);
    const tooLate = await bed.leads.request(ACCEPT, { id: lateOffer.id }, agentToken(lateOffer.agentId));
    expect(errorCode(tooLate)).toBe('CONFLICT');
    expect(tooLate.errors?.[0]?.message).toMatch(/offer expired/);
    const declinedTooLate = await bed.leads.request(DECLINE, { id: lateOffer.id }, agentToken(lateOffer.agentId));
    expect(errorCode(declinedTooLate)).toBe('CONFLICT');
    expect(declinedTooLate.errors?.[0]?.message).toMatch(/offer expired/);
    expect(await bed.leadStatus(late.id)).toBe('OFFERED');
    // The lapsed offer ends EXPIRED, as the agent's record counts it, not DECLINED.
    expect((await bed.worker.tick()).expired).toBe(1);
    const lapsed = (await bed.assignmentsOf([late.id])).find((assignment) => assignment.id === lateOffer.id);
    expect(lapsed).toMatchObject({ id: lateOffer.id, status: 'EXPIRED', declineReason: null });
  });

  it('expires an offer once when two instances sweep at the same moment', async () => {
    const second = (await leadsSubgraph.build(bed.leads.dataSource, bed.leads.config, { events: bed.leads.events }))
      .workers![0] as RoutingWorker;
    await second.tick();
    const lead = await bed.submitLead(leadInput({ postalCode: '10001', productLine: 'UMBRELLA' }));
    const offer = await currentOffer(lead.id);
    await lapse(offer.id);
    const [a, b] = await Promise.all([bed.worker.tick(), second.tick()]);
    expect(a.expired + b.expired).toBe(1);
    const assignments = await bed.assignmentsOf([lead.id]);
    expect(assignments.filter((assignment) => assignment.status === 'EXPIRED')).toHaveLength(1);
    expect(assignments.filter((assignment) => assignment.openLeadId !== null)).toHaveLength(1);
    expect(
      (await decisionsOf(bed, lead.id)).filter((decision) => decision.trigger === 'EXPIRY' && decision.chosenAgentId),
    ).toHaveLength(1);
  });

  it('returns a resubmitted lead as it is, without routing it again', async () => {
    const input = leadInput({ postalCode: '10001', productLine: 'HOMEOWNERS' });
    const first = await bed.submitLead(input);
    expect(first.status).toBe('OFFERED');
    const again = await bed.submitLead(input);
    expect(again).toEqual(first);
    expect(await decisionsOf(bed, first.id)).toHaveLength(1);
    expect(await bed.assignmentsOf([first.id])).toHaveLength(1);
  });

  it('expires offers on its own once started, and stops cleanly', async () => {
    const lead = await bed.submitLead(leadInput({ postalCode: '10001', productLine: 'RENTERS' }));
    const offer = await currentOffer(lead.id);
    await lapse(offer.id);
    bed.worker.start();
    try {
      const deadline = Date.now() + 10_000;
      let status = offer.status;
      while (status === 'OFFERED' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        status = (await bed.leads.dataSource.getRepository(AssignmentEntity).findOneByOrFail({ id: offer.id })).status;
      }
      expect(status).toBe('EXPIRED');
    } finally {
      await bed.worker.stop();
    }
  });

  it('shows routing to staff and to the agent its own, and none of it to partners or other agents', async () => {
    const lead = await bed.submitLead(leadInput({ postalCode: '10001', productLine: 'HOMEOWNERS' }), 'partner-z');
    const offer = await currentOffer(lead.id);
    const other = agentIds.find((id) => id !== offer.agentId)!;

    const asManager = (await readLead(lead.id, managerToken()))!;
    expect(asManager.currentAssignment).toMatchObject({
      id: offer.id,
      status: 'OFFERED',
      agent: { id: offer.agentId },
      decision: { trigger: 'SUBMIT', chosenAgent: { id: offer.agentId } },
    });
    expect(asManager.decisions).toHaveLength(1);
    expect(asManager.decisions[0].candidates).toHaveLength(3);

    const asPartner = (await readLead(lead.id, partnerToken('partner-z')))!;
    expect(asPartner).toMatchObject({ currentAssignment: null, assignments: [], decisions: [] });
    expect(asPartner.contact).toEqual({ lastName: 'Lovelace' });

    const asAgent = (await readLead(lead.id, agentToken(offer.agentId)))!;
    expect(asAgent.currentAssignment?.id).toBe(offer.id);
    expect(asAgent.decisions.map((decision) => decision.id)).toEqual([asManager.decisions[0].id]);

    const listed = dataOf(
      await bed.leads.request<{ leads: Array<{ id: string }> }>(
        '{ leads(first: 500) { id } }',
        {},
        agentToken(offer.agentId),
      ),
    ).leads.map((row) => row.id);
    expect(listed).toContain(lead.id);
    const offeredToAgent = await bed.leads.dataSource
      .getRepository(AssignmentEntity)
      .findBy({ agentId: offer.agentId });
    expect(new Set(listed)).toEqual(new Set(offeredToAgent.map((assignment) => assignment.leadId)));

    const agentAssignments = `query ($id: ID!, $status: AssignmentStatus) {
      _entities(representations: [{ __typename: "Agent", id: $id }]) {
        ... on Agent { id assignments(status: $status) { id status lead { id } } }
      }
    }`;
    const own = dataOf(
      await bed.leads.request<{ _entities: Array<{ assignments: Array<{ id: string; status: string }> }> }>(
        agentAssignments,
        { id: offer.agentId, status: 'OFFERED' },
        agentToken(offer.agentId),
      ),
    )._entities[0].assignments;
    expect(own.map((assignment) => assignment.id)).toContain(offer.id);
    expect(own.every((assignment) => assignment.status === 'OFFERED')).toBe(true);
    const asStaff = dataOf(
      await bed.leads.request<{ _entities: Array<{ assignments: Array<{ id: string }> }> }>(
        agentAssignments,
        { id: offer.agentId },
        managerToken(),
      ),
    )._entities[0].assignments;
    expect(asStaff.length).toBe(offeredToAgent.length);
    expect(errorCode(await bed.leads.request(agentAssignments, { id: offer.agentId }, agentToken(other)))).toBe(
      'FORBIDDEN',
    );
    expect(errorCode(await bed.leads.request(agentAssignments, { id: offer.agentId }, partnerToken('partner-z')))).toBe(
      'FORBIDDEN',
    );

    const references = `query ($reps: [_Any!]!) {
      _entities(representations: $reps) {
        ... on Assignment { id status }
        ... on RoutingDecision { id trigger }
      }
    }`;
    const reps = [
      { __typename: 'Assignment', id: offer.id },
      { __typename: 'RoutingDecision', id: offer.decisionId },
    ];
    const resolve = async (token: string) =>
      dataOf(await bed.leads.request<{ _entities: unknown[] }>(references, { reps }, token))._entities;
    expect(await resolve(managerToken())).toEqual([
      { id: offer.id, status: 'OFFERED' },
      { id: offer.decisionId, trigger: 'SUBMIT' },
    ]);
    expect(await resolve(agentToken(offer.agentId))).toHaveLength(2);
    expect(await resolve(agentToken(other))).toEqual([null, null]);
    expect(await resolve(partnerToken('partner-z'))).toEqual([null, null]);
  });
});
