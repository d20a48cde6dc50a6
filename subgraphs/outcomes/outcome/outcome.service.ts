import { In, QueryFailedError, type DataSource, type EntityManager } from 'typeorm';
import type { Viewer } from '../../../lib/auth';
import type { RequestContext } from '../../../lib/context';
import { LeadStatus, type OutcomeType } from '../../../lib/domain/enums';
import { newId } from '../../../lib/domain/ids';
import { LeadEntity } from '../../leads/lead/lead.entity';
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
} from './outcome.errors';
import type { RecordOutcomeInput } from './outcome.inputs';
import { assertMayRecordOutcome } from './outcome.policy';
import { validateRecordOutcomeInput, type ValidOutcomeInput } from './outcome.validation';

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
   * forward and updates the attributed agent's conversion statistics. Every
   * input is checked before anything is written.
   */
  async record(actor: Actor, input: RecordOutcomeInput): Promise<OutcomeEntity> {
    const viewer = viewerOf(actor);
    assertMayRecordOutcome(viewer);
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
    if (ids.length === 0) return [];
    return this.dataSource.getRepository(OutcomeEntity).findBy({ id: In([...ids]) });
  }

  /** The outcomes of these leads, oldest first. */
  async forLeads(leadIds: readonly string[]): Promise<OutcomeEntity[]> {
    if (leadIds.length === 0) return [];
    return this.dataSource.getRepository(OutcomeEntity).find({
      where: { leadId: In([...leadIds]) },
      order: { occurredAt: 'ASC', id: 'ASC' },
    });
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
      select: { id: true, status: true, productLine: true, partnerId: true },
      where: { id: input.leadId },
      ...(isMysql ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!lead) throw new LeadNotFoundError(input.leadId);
    if (lead.status === LeadStatus.DUPLICATE) throw new DuplicateLeadError(lead.id);
    if (isClosed(lead.status)) throw new LeadClosedError(lead.id, lead.status);
    if (input.agentId) await this.assertAgentExists(manager, input.agentId);
    const earlierTypes = input.agentId ? await this.typesRecorded(manager, lead.id, input.agentId) : [];

    const outcome = manager.create(OutcomeEntity, {
      id: newId(now.getTime()),
      leadId: lead.id,
      agentId: input.agentId,
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

    if (input.agentId) {
      await this.stats.add(
        manager,
        input.agentId,
        lead.productLine,
        conversionIncrements(earlierTypes, input.type),
        now,
      );
    }
    return outcome;
  }

  /** The agents table belongs to the agents subgraph; only its primary key is read here. */
  private async assertAgentExists(manager: EntityManager, agentId: string): Promise<void> {
    const agent: unknown = await manager
      .createQueryBuilder()
      .select('a.id')
      .from('agents', 'a')
      .where('a.id = :id', { id: agentId })
      .getRawOne();
    if (!agent) throw new AgentNotFoundError(agentId);
  }

  /** The types of the agent's earlier outcomes for the lead (ix_outcomes_lead_occurred narrows to the lead). */
  private async typesRecorded(manager: EntityManager, leadId: string, agentId: string): Promise<OutcomeType[]> {
    const rows = await manager
      .getRepository(OutcomeEntity)
      .find({ select: { type: true }, where: { leadId, agentId } });
    return rows.map((row) => row.type);
  }
}
