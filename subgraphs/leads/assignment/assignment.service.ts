import { LessThanOrEqual, type DataSource, type EntityManager } from 'typeorm';
import { Role } from '../../../lib/auth';
import type { RequestContext } from '../../../lib/context';
import { LeadStatus } from '../../../lib/domain/enums';
import { isId } from '../../../lib/domain/ids';
import { BadUserInputError } from '../../../lib/errors';
import type { Logger } from '../../../lib/logger';
import { releaseCapacity } from '../../agents/capacity/capacity-ledger';
import { writeTransaction } from '../db/write-transaction';
import type { RoutingTrigger } from '../decision/decision.entity';
import { transitionLead } from '../lead/lead-status';
import type { LeadsLoaders } from '../loaders';
import type { RoutingContext, RoutingService } from '../routing/routing.service';
import { AssignmentStatus } from './assignment-status';
import { AssignmentEntity } from './assignment.entity';
import {
  AssignmentNotFoundError,
  AssignmentNotOfferedError,
  NotTheOfferedAgentError,
  OfferExpiredError,
} from './assignment.errors';

/** `assignments.decline_reason` is varchar(500). */
export const MAX_DECLINE_REASON_LENGTH = 500;

type Context = RequestContext<LeadsLoaders>;

/** An offer the sweeper found past its expiry. */
export type DueOffer = Pick<AssignmentEntity, 'id' | 'leadId' | 'agentId'>;

/** Thrown inside a transaction to roll back its earlier writes when the assignment's transition lost a race. */
class TransitionLost extends Error {}

/**
 * An agent's answers to an offer, and offers lapsing. Every transition is a
 * conditional update from OFFERED, so of two instances (or an agent and the
 * expiry sweeper) answering the same offer exactly one wins. Rows are locked
 * lead first, then assignment, then agent, as routing does.
 */
export class AssignmentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly routing: RoutingService,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** The offered AGENT only: OFFERED → ACCEPTED (lead ASSIGNED), unless the offer has expired. */
  async accept(ctx: Context, id: string): Promise<AssignmentEntity> {
    const offer = await this.offerToViewer(ctx, id);
    const now = this.clock();
    await writeTransaction(this.dataSource, async (em) => {
      await transitionLead(em, offer.leadId, [LeadStatus.OFFERED], LeadStatus.ASSIGNED, now);
      const accepted = await transitionOffer(em, id, { status: AssignmentStatus.ACCEPTED, respondedAt: now }, now, {
        unexpired: true,
      });
      if (!accepted) throw await whyNotOffered(em, id);
    });
    return this.reloaded(ctx.loaders, offer);
  }

  /**
   * The offered AGENT only: OFFERED → DECLINED, the agent's capacity given back,
   * and the lead routed again (trigger DECLINE) to someone who has not had it
   * yet, or QUEUED. The decline stands even if that routing fails: the lead is
   * then NEW, and the routing worker's sweep picks it up. A lapsed
   * offer cannot be declined, as it cannot be accepted: it expires, and
   * counts as expired in the agent's record, not as declined.
   */
  async decline(ctx: Context, id: string, reason: string | null | undefined): Promise<AssignmentEntity> {
    const declineReason = validDeclineReason(reason);
    const offer = await this.offerToViewer(ctx, id);
    const now = this.clock();
    await writeTransaction(this.dataSource, async (em) => {
      await transitionLead(em, offer.leadId, [LeadStatus.OFFERED], LeadStatus.NEW, now);
      const declined = await transitionOffer(
        em,
        id,
        { status: AssignmentStatus.DECLINED, openLeadId: null, respondedAt: now, declineReason },
        now,
        { unexpired: true },
      );
      if (!declined) throw await whyNotOffered(em, id);
      await releaseCapacity(em, offer.agentId, now);
    });
    await this.routeAgain(ctx, offer.leadId, 'DECLINE', ctx.logger);
    return this.reloaded(ctx.loaders, offer);
  }

  /** OFFERED assignments whose offer has lapsed, earliest first (served by ix_assignments_status_expires). */
  async dueOffers(limit: number): Promise<DueOffer[]> {
    return this.dataSource.getRepository(AssignmentEntity).find({
      select: { id: true, leadId: true, agentId: true },
      where: { status: AssignmentStatus.OFFERED, expiresAt: LessThanOrEqual(this.clock()) },
      order: { expiresAt: 'ASC' },
      take: limit,
    });
  }

  /**
   * OFFERED → EXPIRED if the offer is still unanswered and past its expiry,
   * the capacity given back, and the lead routed again (trigger EXPIRY).
   * False when someone else (an answer, another instance) got there first.
   */
  async expire(ctx: RoutingContext, offer: DueOffer, logger?: Logger): Promise<boolean> {
    const now = this.clock();
    try {
      await writeTransaction(this.dataSource, async (em) => {
        await transitionLead(em, offer.leadId, [LeadStatus.OFFERED], LeadStatus.NEW, now);
        const expired = await transitionOffer(
          em,
          offer.id,
          { status: AssignmentStatus.EXPIRED, openLeadId: null, respondedAt: now },
          now,
          { expired: true },
        );
        if (!expired) throw new TransitionLost();
        await releaseCapacity(em, offer.agentId, now);
      });
    } catch (error) {
      if (error instanceof TransitionLost) return false;
      throw error;
    }
    await this.routeAgain(ctx, offer.leadId, 'EXPIRY', logger);
    return true;
  }

  private async routeAgain(
    ctx: RoutingContext,
    leadId: string,
    trigger: RoutingTrigger,
    logger: Logger | undefined,
  ): Promise<void> {
    try {
      await this.routing.route(ctx, leadId, trigger);
    } catch (error) {
      logger?.error({ err: error, leadId, trigger }, 'Routing again failed; the queue drain will retry the lead');
    }
  }

  /** The assignment, if it exists and the viewer is the AGENT it was offered to. */
  private async offerToViewer(ctx: Context, id: string): Promise<AssignmentEntity> {
    if (!isId(id)) throw new AssignmentNotFoundError(id);
    ctx.loaders.assignmentById.clear(id);
    const assignment = await ctx.loaders.assignmentById.load(id);
    if (ctx.viewer.role !== Role.AGENT || ctx.viewer.agentId !== assignment.agentId) {
      throw new NotTheOfferedAgentError();
    }
    return assignment;
  }

  private async reloaded(loaders: LeadsLoaders, offer: AssignmentEntity): Promise<AssignmentEntity> {
    loaders.assignmentById.clear(offer.id);
    loaders.assignmentsByLeadId.clear(offer.leadId);
    loaders.leadById.clear(offer.leadId);
    // The agent's capacity changed: a re-offer in this request must see it.
    loaders.membersByLocation.clearAll();
    return loaders.assignmentById.load(offer.id);
  }
}

function validDeclineReason(reason: string | null | undefined): string | null {
  if (reason == null) return null;
  const text = reason.trim();
  if (text.length > MAX_DECLINE_REASON_LENGTH) {
    throw new BadUserInputError('reason', `must be at most ${MAX_DECLINE_REASON_LENGTH} characters`);
  }
  return text || null;
}

/** OFFERED → the given changes, only if still OFFERED (and, as asked, still unexpired or already expired at `now`). */
async function transitionOffer(
  em: EntityManager,
  id: string,
  changes: Partial<AssignmentEntity>,
  now: Date,
  expiry: { unexpired?: boolean; expired?: boolean } = {},
): Promise<boolean> {
  const query = em
    .createQueryBuilder()
    .update(AssignmentEntity)
    .set(changes)
    .where('id = :id AND status = :offered', { id, offered: AssignmentStatus.OFFERED });
  if (expiry.unexpired) query.andWhere('(expires_at IS NULL OR expires_at > :now)', { now });
  if (expiry.expired) query.andWhere('expires_at <= :now', { now });
  return (await query.execute()).affected === 1;
}

async function whyNotOffered(em: EntityManager, id: string): Promise<Error> {
  const current = await em.findOne(AssignmentEntity, { select: { status: true }, where: { id } });
  if (!current) return new AssignmentNotFoundError(id);
  if (current.status === AssignmentStatus.OFFERED) return new OfferExpiredError(id);
  return new AssignmentNotOfferedError(id, current.status);
}
