import { In, QueryFailedError, type DataSource, type EntityManager } from 'typeorm';
import type { Viewer } from '../../../lib/auth';
import type { RequestContext } from '../../../lib/context';
import { LeadStatus, OutcomeType, type ProductLine } from '../../../lib/domain/enums';
import { newId } from '../../../lib/domain/ids';
import { selectByKeys } from '../../../lib/db/plain-sql';
import { AgentEntity } from '../../agents/agent/agent.entity';
import { releaseCapacity } from '../../agents/capacity/capacity-ledger';
import { AssignmentStatus, OPEN_ASSIGNMENT_STATUSES } from '../../leads/assignment/assignment-status';
import { AssignmentEntity } from '../../leads/assignment/assignment.entity';
import { LeadEntity } from '../../leads/lead/lead.entity';
import { wasAccepted } from '../../leads/lead/lead.policy';
import { conversionIncrements } from '../stats/conversion-progress';
import type { ConversionStatsService } from '../stats/conversion-stats.service';
import { isClosed, statusMoveFor } from './lead-progress';
import { OutcomeEntity } from './outcome.entity';
import {
  AgentNotFoundError,
  DuplicateLeadError,
  LeadChangedConcurrentlyError,
  LeadClosedError,
  LeadNotFoundError,
  LeadOfferPendingError,
} from './outcome.errors';
import type { RecordOutcomeInput } from './outcome.inputs';
import { assertMayRecordOutcomeFor, assertMayRecordOutcomes } from './outcome.policy';
import { assertOccurredAfterCreation, validateRecordOutcomeInput, type ValidOutcomeInput } from './outcome.validation';

/** Whoever acts: a request's context, or a bare viewer for callers outside GraphQL (the demo seeder). */
export type Actor = Viewer | Pick<RequestContext, 'viewer'>;

const viewerOf = (actor: Actor): Viewer => ('viewer' in actor ? actor.viewer : actor);

/** Two transactions upserting the same stats row can deadlock on MySQL; the loser is simply run again. */
const DEADLOCK_ATTEMPTS = 3;

function isDeadlock(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = (error as QueryFailedError & { driverError?: { code?: string } }).driverError;
  return driverError?.code === 'ER_LOCK_DEADLOCK';
}

export class OutcomeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly stats: ConversionStatsService,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /**
   * Records an outcome and, in the same transaction, moves the lead's status
   * forward, updates the attributed agent's conversion statistics and, for
   * BOUND or LOST, closes the lead's open assignment and gives its unit of
   * capacity back. Every input is checked before anything is written.
   */
  async record(actor: Actor, input: RecordOutcomeInput): Promise<OutcomeEntity> {
    const viewer = viewerOf(actor);
    assertMayRecordOutcomes(viewer);
    const now = this.clock();
    const valid = validateRecordOutcomeInput(input, now);
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.dataSource.transaction((manager) => this.recordInTransaction(manager, viewer, valid, now));
      } catch (error) {
        if (attempt >= DEADLOCK_ATTEMPTS || !isDeadlock(error)) throw error;
      }
    }
  }

  async byIds(ids: readonly string[]): Promise<OutcomeEntity[]> {
    return selectByKeys(this.dataSource.manager, OutcomeEntity, 'id', ids);
  }

  /** The outcomes of these leads, oldest first. */
  async forLeads(leadIds: readonly string[]): Promise<OutcomeEntity[]> {
    return selectByKeys(this.dataSource.manager, OutcomeEntity, 'leadId', leadIds, ['occurredAt', 'id']);
  }

  private async recordInTransaction(
    manager: EntityManager,
    viewer: Viewer,
    input: ValidOutcomeInput,
    now: Date,
  ): Promise<OutcomeEntity> {
    // The lead's row lock serializes outcomes of one lead, so the agent's earlier
    // outcomes read below cannot change before this transaction commits and no
    // stage is counted twice. SQLite runs one write transaction at a time anyway
    // and has no row locks.
    const isMysql = manager.connection.driver.options.type === 'mysql';
    const lead = await manager.getRepository(LeadEntity).findOne({
      select: { id: true, status: true, productLine: true, partnerId: true, createdAt: true },
      where: { id: input.leadId },
      ...(isMysql ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!lead) throw new LeadNotFoundError(input.leadId);
    const assignment = await this.currentAssignment(manager, lead.id);
    assertMayRecordOutcomeFor(viewer, {
      assignment,
      leadClosed: isClosed(lead.status),
      requestedAgentId: input.agentId,
    });
    if (lead.status === LeadStatus.DUPLICATE) throw new DuplicateLeadError(lead.id);
    if (isClosed(lead.status)) throw new LeadClosedError(lead.id, lead.status);
    assertOccurredAfterCreation(input.occurredAt, lead.createdAt);
    const endsTheLead = input.type === OutcomeType.BOUND || input.type === OutcomeType.LOST;
    if (!endsTheLead && assignment?.status === AssignmentStatus.OFFERED) {
      throw new LeadOfferPendingError(lead.id, assignment.agentId);
    }
    if (input.agentId) await this.assertAgentExists(manager, input.agentId);
    // Unless told otherwise, the outcome is the work of the agent that accepted the lead. An offer
    // still unanswered makes it no one's: a BOUND or LOST counted for a lead the agent never took
    // on would misstate, one way or the other, how it converts, and routing reads those statistics.
    const agentId = input.agentId ?? (assignment && wasAccepted(assignment) ? assignment.agentId : null);
    const earlierTypes = agentId ? await this.typesRecorded(manager, lead.id, agentId) : [];

    const outcome = manager.create(OutcomeEntity, {
      id: newId(now.getTime()),
      leadId: lead.id,
      agentId,
      partnerId: lead.partnerId,
      productLine: lead.productLine,
      type: input.type,
      premium: input.premium,
      reason: input.reason,
      policyNumber: input.policyNumber,
      occurredAt: input.occurredAt,
      recordedAt: now,
      recordedBy: viewer.sub,
    });
    await manager.insert(OutcomeEntity, outcome);

    const move = statusMoveFor(lead.status, input.type);
    if (move) {
      // Conditional on the statuses that precede the new one: a status can only move forward.
      const result = await manager
        .createQueryBuilder()
        .update(LeadEntity)
        .set({ status: move.next, updatedAt: now })
        .where({ id: lead.id, status: In(move.allowedPrevious) })
        .execute();
      if (result.affected === 0) throw new LeadChangedConcurrentlyError(lead.id);
    }

    if (endsTheLead && assignment && OPEN_ASSIGNMENT_STATUSES.includes(assignment.status)) {
      await this.closeAssignment(manager, assignment, now);
    }

    if (agentId) {
      const certified = await this.isCertified(manager, agentId, lead.productLine);
      const increments = conversionIncrements(earlierTypes, input.type);
      await this.stats.add(manager, agentId, lead.productLine, increments, now, certified);
    }
    return outcome;
  }

  /**
   * The assignment that says whose lead this is: the open one (OFFERED or
   * ACCEPTED, found through the unique open-lead index), else the latest
   * ACCEPTED or CLOSED one. A CLOSED one was accepted unless staff ended the
   * lead while it was only offered (wasAccepted tells them apart).
   */
  private async currentAssignment(manager: EntityManager, leadId: string): Promise<AssignmentEntity | null> {
    const assignments = manager.getRepository(AssignmentEntity);
    const open = await assignments.findOneBy({ openLeadId: leadId });
    if (open) return open;
    return assignments.findOne({
      where: { leadId, status: In([AssignmentStatus.ACCEPTED, AssignmentStatus.CLOSED]) },
      order: { offeredAt: 'DESC', id: 'DESC' },
    });
  }

  /**
   * Ends the lead's open assignment and gives back the capacity it held. The
   * update is conditional on the assignment still being open, so when an expiry
   * or decline (or another outcome) got there first, capacity is not released twice.
   */
  private async closeAssignment(manager: EntityManager, assignment: AssignmentEntity, now: Date): Promise<void> {
    const result = await manager
      .createQueryBuilder()
      .update(AssignmentEntity)
      .set({ status: AssignmentStatus.CLOSED, closedAt: now, openLeadId: null })
      .where({ id: assignment.id, status: In([...OPEN_ASSIGNMENT_STATUSES]) })
      .execute();
    if (result.affected === 1) await releaseCapacity(manager, assignment.agentId, now);
  }

  /** Whether the agent holds a certification for the product line now (it picks the agent's prior group). */
  private async isCertified(manager: EntityManager, agentId: string, productLine: ProductLine): Promise<boolean> {
    const agent = await manager.findOne(AgentEntity, {
      select: { id: true, certifications: true },
      where: { id: agentId },
    });
    return agent?.certifications.includes(productLine) ?? false;
  }

  /** The agents table belongs to the agents subgraph; only its primary key is read here. */
  private async assertAgentExists(manager: EntityManager, agentId: string): Promise<void> {
    if (!(await manager.existsBy(AgentEntity, { id: agentId }))) throw new AgentNotFoundError(agentId);
  }

  /** The types of the agent's earlier outcomes for the lead (ix_outcomes_lead_occurred narrows to the lead). */
  private async typesRecorded(manager: EntityManager, leadId: string, agentId: string): Promise<OutcomeType[]> {
    const rows = await manager
      .getRepository(OutcomeEntity)
      .find({ select: { type: true }, where: { leadId, agentId } });
    return rows.map((row) => row.type);
  }
}
