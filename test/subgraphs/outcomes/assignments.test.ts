import { LeadStatus } from '../../../lib/domain/enums';
import { Topic } from '../../../lib/events/topics';
import { AssignmentStatus } from '../../../subgraphs/leads/assignment/assignment-status';
import { dataOf, errorCode, type GraphQLResponse } from '../../support/graphql-client';
import { adminToken, agentToken, managerToken } from '../../support/tokens';
import {
  ENGINES,
  RECORD_OUTCOME,
  startOutcomesTestBed,
  type OutcomesTestBed,
  type RecordedOutcome,
} from './outcomes-test-bed';

type RecordResponse = GraphQLResponse<{ recordOutcome: RecordedOutcome }>;

const BOUND = { type: 'BOUND', premium: 1450, policyNumber: 'HO-2231' };
const LOST = { type: 'LOST', reason: 'bought from a captive agent' };

/** Outcomes of routed leads: whose they are, who may record them, and what BOUND and LOST give back. */
describe.each(ENGINES)('outcomes of assigned leads (%s)', (engine) => {
  let bed: OutcomesTestBed;
  const record = (input: Record<string, unknown>, token = managerToken()): Promise<RecordResponse> =>
    bed.request<{ recordOutcome: RecordedOutcome }>(RECORD_OUTCOME, { input }, token);
  const freedEvents = async (agentId: string): Promise<unknown[]> =>
    (await bed.outboxEvents(Topic.CapacityChanged, agentId))
      .map((event) => event.payload)
      .filter((payload) => payload.freed === true);

  /** A lead routed to a fresh agent, whose assignment is in `status`. */
  async function routedLead(status: AssignmentStatus, leadStatus = LeadStatus.ASSIGNED) {
    const agentId = await bed.insertAgent();
    const lead = await bed.insertLead({ status: leadStatus });
    const assignment = await bed.insertAssignment(lead.id, agentId, status);
    return { agentId, lead, assignment };
  }

  beforeAll(async () => {
    bed = await startOutcomesTestBed(engine);
  });
  afterAll(async () => {
    await bed?.close();
  });

  describe('attribution', () => {
    it.each([
      [AssignmentStatus.ACCEPTED, LeadStatus.ASSIGNED],
      [AssignmentStatus.CLOSED, LeadStatus.CONTACTED],
    ])('defaults to the agent of the lead’s %s assignment', async (status, leadStatus) => {
      const { agentId, lead } = await routedLead(status, leadStatus);
      const { recordOutcome } = dataOf(await record({ leadId: lead.id, type: 'QUOTED', premium: 800 }));
      expect(recordOutcome.agent).toEqual({ id: agentId });
    });

    // An offer never answered is not the agent's work: crediting (or debiting) it would skew its routing statistics.
    it.each([
      ['BOUND', BOUND],
      ['LOST', LOST],
    ])('is no one when staff end with %s a lead only offered to an agent', async (_type, fields) => {
      const { lead } = await routedLead(AssignmentStatus.OFFERED, LeadStatus.OFFERED);
      const { recordOutcome } = dataOf(await record({ leadId: lead.id, ...fields }));
      expect(recordOutcome.agent).toBeNull();
    });

    it('is the agent of an unanswered offer when staff name it', async () => {
      const { agentId, lead } = await routedLead(AssignmentStatus.OFFERED, LeadStatus.OFFERED);
      const { recordOutcome } = dataOf(await record({ leadId: lead.id, ...BOUND, agentId }));
      expect(recordOutcome.agent).toEqual({ id: agentId });
    });

    it('prefers the open assignment to earlier ones, and ignores declined and expired offers', async () => {
      const lead = await bed.insertLead({ status: LeadStatus.OFFERED });
      const [declined, expired, current] = await Promise.all([bed.insertAgent(), bed.insertAgent(), bed.insertAgent()]);
      await bed.insertAssignment(lead.id, declined, AssignmentStatus.DECLINED);
      await bed.insertAssignment(lead.id, expired, AssignmentStatus.EXPIRED);
      expect(dataOf(await record({ leadId: lead.id, type: 'CONTACTED' })).recordOutcome.agent).toBeNull();

      await bed.insertAssignment(lead.id, current, AssignmentStatus.ACCEPTED);
      expect(dataOf(await record({ leadId: lead.id, type: 'QUOTED', premium: 800 })).recordOutcome.agent).toEqual({
        id: current,
      });
    });

    it('is whoever staff name, even when the lead is assigned to someone else', async () => {
      const { lead } = await routedLead(AssignmentStatus.ACCEPTED);
      const other = await bed.insertAgent();
      const { recordOutcome } = dataOf(await record({ leadId: lead.id, type: 'CONTACTED', agentId: other }));
      expect(recordOutcome.agent).toEqual({ id: other });
    });
  });

  describe('agents', () => {
    it('may record outcomes of a lead they accepted, attributed to themselves', async () => {
      const { agentId, lead } = await routedLead(AssignmentStatus.ACCEPTED);
      const contacted = dataOf(await record({ leadId: lead.id, type: 'CONTACTED' }, agentToken(agentId)));
      const quoted = dataOf(
        await record({ leadId: lead.id, type: 'QUOTED', premium: 950, agentId }, agentToken(agentId)),
      );
      expect([contacted.recordOutcome.agent, quoted.recordOutcome.agent]).toEqual([{ id: agentId }, { id: agentId }]);
      expect(await bed.leadStatus(lead.id)).toBe(LeadStatus.QUOTED);
    });

    it.each([
      ['another agent', AssignmentStatus.ACCEPTED, false],
      ['the agent of an offer not yet accepted', AssignmentStatus.OFFERED, true],
      ['the agent who declined the offer', AssignmentStatus.DECLINED, true],
      ['the agent whose offer expired', AssignmentStatus.EXPIRED, true],
    ])('are FORBIDDEN as %s, and nothing is written', async (_who, status, asTheAssignee) => {
      const { agentId, lead, assignment } = await routedLead(status, LeadStatus.OFFERED);
      const actor = asTheAssignee ? agentId : await bed.insertAgent();
      const before = await bed.outcomeCount();
      const response = await record({ leadId: lead.id, ...BOUND }, agentToken(actor));
      expect(errorCode(response)).toBe('FORBIDDEN');
      expect(await bed.outcomeCount()).toBe(before);
      expect(await bed.leadStatus(lead.id)).toBe(LeadStatus.OFFERED);
      expect((await bed.assignment(assignment.id)).status).toBe(status);
    });

    it('are FORBIDDEN, not told of a CONFLICT, for a lead staff ended while it was only offered to them', async () => {
      const { agentId, lead } = await routedLead(AssignmentStatus.OFFERED, LeadStatus.OFFERED);
      dataOf(await record({ leadId: lead.id, ...LOST }));
      expect(errorCode(await record({ leadId: lead.id, ...BOUND }, agentToken(agentId)))).toBe('FORBIDDEN');
    });

    it('are FORBIDDEN to attribute an outcome of their lead to another agent', async () => {
      const { agentId, lead } = await routedLead(AssignmentStatus.ACCEPTED);
      const other = await bed.insertAgent();
      const before = await bed.outcomeCount();
      const response = await record({ leadId: lead.id, type: 'CONTACTED', agentId: other }, agentToken(agentId));
      expect(errorCode(response)).toBe('FORBIDDEN');
      expect(await bed.outcomeCount()).toBe(before);
    });

    it('get CONFLICT, not FORBIDDEN, for an outcome after their own BOUND closed the lead', async () => {
      const { agentId, lead } = await routedLead(AssignmentStatus.ACCEPTED);
      dataOf(await record({ leadId: lead.id, ...BOUND }, agentToken(agentId)));
      expect(errorCode(await record({ leadId: lead.id, ...LOST }, agentToken(agentId)))).toBe('CONFLICT');
      expect(errorCode(await record({ leadId: lead.id, ...LOST }, agentToken(await bed.insertAgent())))).toBe(
        'FORBIDDEN',
      );
    });
  });

  describe('closing', () => {
    it('BOUND closes the accepted assignment and gives its capacity back, once', async () => {
      const { agentId, lead, assignment } = await routedLead(AssignmentStatus.ACCEPTED);
      const otherLead = await bed.insertLead({ status: LeadStatus.ASSIGNED });
      await bed.insertAssignment(otherLead.id, agentId, AssignmentStatus.ACCEPTED);
      expect((await bed.agent(agentId)).openCount).toBe(2);

      dataOf(await record({ leadId: lead.id, ...BOUND }, agentToken(agentId)));

      const closed = await bed.assignment(assignment.id);
      expect(closed).toMatchObject({ status: AssignmentStatus.CLOSED, openLeadId: null });
      expect(closed.closedAt).toBeInstanceOf(Date);
      expect(Math.abs(closed.closedAt!.getTime() - Date.now())).toBeLessThan(60_000);
      expect((await bed.agent(agentId)).openCount).toBe(1);
      expect(await freedEvents(agentId)).toEqual([{ agentId, freed: true }]);
      expect(await bed.leadStatus(lead.id)).toBe(LeadStatus.BOUND);
    });

    it('LOST recorded by staff closes an assignment that was only OFFERED', async () => {
      const { agentId, lead, assignment } = await routedLead(AssignmentStatus.OFFERED, LeadStatus.OFFERED);
      dataOf(await record({ leadId: lead.id, ...LOST }, adminToken()));
      // No respondedAt: what tells this CLOSED offer from one the agent accepted (lead.policy.ts).
      expect(await bed.assignment(assignment.id)).toMatchObject({
        status: AssignmentStatus.CLOSED,
        openLeadId: null,
        respondedAt: null,
      });
      expect((await bed.agent(agentId)).openCount).toBe(0);
      expect(await freedEvents(agentId)).toEqual([{ agentId, freed: true }]);
      expect(await bed.leadStatus(lead.id)).toBe(LeadStatus.LOST);
    });

    it.each(['CONTACTED', 'QUOTED'])(
      'refuses %s while the lead is offered and unanswered, with CONFLICT, changing nothing',
      async (type) => {
        // Recorded, it moved the lead past OFFERED: a decline afterwards left it with no agent and out of the queue.
        const { agentId, lead, assignment } = await routedLead(AssignmentStatus.OFFERED, LeadStatus.OFFERED);
        const before = await bed.outcomeCount();
        const input = type === 'QUOTED' ? { leadId: lead.id, type, premium: 700 } : { leadId: lead.id, type };
        const response = await record(input, adminToken());
        expect(errorCode(response)).toBe('CONFLICT');
        expect(response.errors?.[0]?.message).toMatch(/offered to agent .* has not answered/);
        expect(await bed.leadStatus(lead.id)).toBe(LeadStatus.OFFERED);
        expect(await bed.assignment(assignment.id)).toMatchObject({ status: AssignmentStatus.OFFERED });
        expect((await bed.agent(agentId)).openCount).toBe(1);
        expect(await bed.outcomeCount()).toBe(before);
      },
    );

    it('CONTACTED and QUOTED leave the assignment open and the capacity held', async () => {
      const { agentId, lead, assignment } = await routedLead(AssignmentStatus.ACCEPTED);
      dataOf(await record({ leadId: lead.id, type: 'CONTACTED' }, agentToken(agentId)));
      dataOf(await record({ leadId: lead.id, type: 'QUOTED', premium: 700 }, agentToken(agentId)));
      expect(await bed.assignment(assignment.id)).toMatchObject({
        status: AssignmentStatus.ACCEPTED,
        openLeadId: lead.id,
        closedAt: null,
      });
      expect((await bed.agent(agentId)).openCount).toBe(1);
      expect(await freedEvents(agentId)).toEqual([]);
    });

    it('frees nothing for a lead whose assignments have all ended', async () => {
      const { agentId, lead, assignment } = await routedLead(AssignmentStatus.DECLINED, LeadStatus.QUEUED);
      dataOf(await record({ leadId: lead.id, ...BOUND }));
      expect((await bed.assignment(assignment.id)).status).toBe(AssignmentStatus.DECLINED);
      expect(await freedEvents(agentId)).toEqual([]);
    });

    it('gives capacity back once when BOUND and LOST arrive at the same time', async () => {
      const { agentId, lead, assignment } = await routedLead(AssignmentStatus.ACCEPTED);
      const otherLead = await bed.insertLead({ status: LeadStatus.ASSIGNED });
      await bed.insertAssignment(otherLead.id, agentId, AssignmentStatus.ACCEPTED);
      const before = await bed.outcomeCount();

      const responses = await Promise.all([
        record({ leadId: lead.id, ...BOUND }, agentToken(agentId)),
        record({ leadId: lead.id, ...LOST }, managerToken()),
      ]);

      expect(responses.map((response) => (response.errors ? errorCode(response) : 'OK')).sort()).toEqual([
        'CONFLICT',
        'OK',
      ]);
      expect(await bed.outcomeCount()).toBe(before + 1);
      expect(await bed.assignment(assignment.id)).toMatchObject({ status: AssignmentStatus.CLOSED, openLeadId: null });
      expect((await bed.agent(agentId)).openCount).toBe(1);
      expect(await freedEvents(agentId)).toEqual([{ agentId, freed: true }]);
    });
  });
});
