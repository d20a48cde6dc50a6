import type { DataSource, EntityManager } from 'typeorm';
import { requireRole, requireStaff, Role, type Viewer } from '../../../lib/auth';
import type { RequestContext } from '../../../lib/context';
import { LeadStatus } from '../../../lib/domain/enums';
import { isId, newId } from '../../../lib/domain/ids';
import { isUniqueViolation } from '../../../lib/db/data-source';
import { insertRows } from '../../../lib/db/plain-sql';
import type { OutboxRecord } from '../../../lib/events/outbox';
import { Topic } from '../../../lib/events/topics';
import { reserveCapacity } from '../../agents/capacity/capacity-ledger';
import { AssignmentStatus } from '../assignment/assignment-status';
import { AssignmentEntity } from '../assignment/assignment.entity';
import { writeTransaction } from '../db/write-transaction';
import { DecisionEntity, type RoutingTrigger } from '../decision/decision.entity';
import { LeadEntity } from '../lead/lead.entity';
import { LeadNotFoundError } from '../lead/lead.errors';
import type { SubmittedLeadRouter } from '../lead/lead.service';
import { ROUTABLE_STATUSES, transitionLead } from '../lead/lead-status';
import type { LeadsLoaders } from '../loaders';
import { decide, NO_ELIGIBLE_AGENT, type RoutingOutcome } from './engine';
import { DuplicateLeadNotRoutableError, LeadNotRoutableError } from './routing.errors';
import { candidatesKey, loadRoutingFacts, type RoutingFacts } from './routing-data';

/** What routing needs from its caller: loaders of the current request, or fresh ones of a worker tick. */
export interface RoutingContext {
  loaders: LeadsLoaders;
}

/** A decision's trigger, plus PREVIEW for the one previewRouting shows and never stores. */
export type DecisionTrigger = RoutingTrigger | 'PREVIEW';

/** Every agent a routing's last pass tried filled up (other routings reserved them) before it could (RoutingService.applyInPasses). */
export const CAPACITY_TAKEN = 'CAPACITY_TAKEN: every eligible agent reached capacity while the lead was being routed';

export type RouteResult =
  /** A decision was stored: the lead is OFFERED (with `assignment`) or QUEUED. */
  | { status: 'DECIDED'; decision: DecisionEntity; assignment: AssignmentEntity | null }
  /** The lead is not NEW or QUEUED (any more): someone else routed it, or an agent holds it. */
  | { status: 'NOT_ROUTABLE'; lead: LeadEntity }
  /**
   * A queue drain found nobody for a lead that was already QUEUED, at once or
   * after its picks filled up under it: nothing written, so the queue does not
   * flood the audit.
   */
  | { status: 'STILL_QUEUED'; lead: LeadEntity };

export interface RoutingServiceOptions {
  /** Loaders for callers without a request (a seeder submitting leads with a bare viewer). */
  createLoaders: () => LeadsLoaders;
  /** Uniform [0, 1) for the engine's fair rotation; injectable so tests are reproducible. */
  random?: () => number;
  clock?: () => Date;
}

/**
 * Applies the pure engine (`decide`) to a lead: reads the facts through the
 * caller's DataLoaders, then in ONE transaction claims the lead with a
 * conditional update, reserves capacity of the engine's pick, and stores the
 * decision, the assignment and the AssignmentOffered event. When the pick
 * filled up meanwhile, it decides again on fresh facts (applyInPasses).
 * Several instances may route at once: the lead claim and the capacity
 * ledger's conditional updates decide who wins.
 */
export class RoutingService implements SubmittedLeadRouter {
  private readonly random: () => number;
  private readonly clock: () => Date;
  private readonly createLoaders: () => LeadsLoaders;

  constructor(
    private readonly dataSource: DataSource,
    options: RoutingServiceOptions,
  ) {
    this.createLoaders = options.createLoaders;
    this.random = options.random ?? Math.random;
    this.clock = options.clock ?? (() => new Date());
  }

  /**
   * Routes a lead LeadService.submit has not stored yet (trigger SUBMIT) and
   * stores it OFFERED or QUEUED in the routing's transaction: one commit per
   * submission. Returns null, having stored nothing, when routing failed; the
   * submission still stands (LeadService stores it NEW and the routing
   * worker's sweep routes it). A unique violation (the partner already
   * submitted this lead) is thrown, nothing of the routing stored.
   */
  async storeRouted(actor: Viewer | RequestContext<LeadsLoaders>, lead: LeadEntity): Promise<LeadEntity | null> {
    const loaders = 'loaders' in actor ? actor.loaders : this.createLoaders();
    try {
      // Not stored yet, so never offered: reading its offers would only cost a statement.
      loaders.assignmentsByLeadId.prime(lead.id, []);
      const plan = await this.planNow(loaders, lead);
      const applied = await this.applyInPasses(loaders, { insert: lead }, 'SUBMIT', plan);
      // Only a claim can be lost or leave a lead as it was.
      if (applied === null || applied === 'STILL_QUEUED') throw new Error('routing stored no submitted lead');
      this.forgetRoutedLead(loaders, lead);
      const status = applied.assignment ? LeadStatus.OFFERED : LeadStatus.QUEUED;
      return Object.assign(new LeadEntity(), lead, { status, updatedAt: applied.decision.createdAt });
    } catch (error) {
      if (isUniqueViolation(error)) throw error;
      const message = 'Routing a submitted lead failed; it is stored NEW for the queue drain';
      if ('logger' in actor) {
        actor.logger.error({ err: error, leadId: lead.id }, message);
      } else {
        console.error(message, lead.id, error);
      }
      return null;
    }
  }

  /** MANAGER, ADMIN: routes a NEW or QUEUED lead now (CONFLICT for any other status). */
  async routeLead(ctx: RequestContext<LeadsLoaders>, leadId: string): Promise<DecisionEntity> {
    requireRole(ctx.viewer, Role.MANAGER, Role.ADMIN);
    const result = await this.route(ctx, leadId, 'ROUTE');
    if (result.status === 'DECIDED') return result.decision;
    throw new LeadNotRoutableError(leadId, result.lead.status);
  }

  /**
   * ADMIN, MANAGER: the decision routing would make now, with the id it would
   * get, writing nothing. Any lead but a duplicate may be previewed; for an
   * offered or assigned lead the current offeree shows as PREVIOUSLY_OFFERED.
   */
  async preview(ctx: RequestContext<LeadsLoaders>, leadId: string): Promise<DecisionEntity> {
    requireStaff(ctx.viewer);
    const lead = await this.freshLead(ctx.loaders, leadId);
    if (lead.status === LeadStatus.DUPLICATE) throw new DuplicateLeadNotRoutableError(lead.id);
    const { facts, outcome, now } = await this.planNow(ctx.loaders, lead);
    return decisionRecord(lead, facts, outcome, 'PREVIEW', outcome.attempts[0] ?? null, now);
  }

  /**
   * Routes the lead if it is NEW or QUEUED. Throws only for a lead that does not
   * exist or is a DUPLICATE; whether it was routed is in the result.
   */
  async route(ctx: RoutingContext, leadId: string, trigger: RoutingTrigger): Promise<RouteResult> {
    const { loaders } = ctx;
    const lead = await this.freshLead(loaders, leadId);
    if (lead.status === LeadStatus.DUPLICATE) throw new DuplicateLeadNotRoutableError(lead.id);
    if (!ROUTABLE_STATUSES.includes(lead.status)) return { status: 'NOT_ROUTABLE', lead };

    const plan = await this.planNow(loaders, lead);
    // A drain that finds nobody for a lead already QUEUED writes nothing, so the queue does not flood the audit.
    const storesQueued = !(trigger === 'QUEUE' && lead.status === LeadStatus.QUEUED);
    const applied = await this.applyInPasses(loaders, { claim: lead, storesQueued }, trigger, plan);
    if (applied === 'STILL_QUEUED') return { status: 'STILL_QUEUED', lead };
    this.forgetRoutedLead(loaders, lead);
    if (!applied) return { status: 'NOT_ROUTABLE', lead: await loaders.leadById.load(lead.id) };
    return { status: 'DECIDED', ...applied };
  }

  /** Later reads in this request (the mutation's response, a next routing) must see what routing wrote. */
  private forgetRoutedLead(loaders: LeadsLoaders, lead: LeadEntity): void {
    loaders.leadById.clear(lead.id);
    loaders.assignmentsByLeadId.clear(lead.id);
    loaders.decisionsByLeadId.clear(lead.id);
    loaders.membersByLocation.clear(candidatesKey(lead));
  }

  /** The engine's decision on the lead from the facts as they are now. */
  private async planNow(loaders: LeadsLoaders, lead: LeadEntity): Promise<RoutingPlan> {
    const now = this.clock();
    const facts = await loadRoutingFacts(loaders, lead, now);
    return { facts, outcome: decide({ ...facts.input, random: this.random }), now };
  }

  /**
   * Runs the routing's transaction (`apply`) in up to ROUTING_PASSES passes.
   * In all but the last, an agent that proves full rolls the transaction
   * back, and the lead is decided afresh on the capacity as it is now, so the
   * stored decision shows the state it was made on. The reasons: on MariaDB
   * the conditional UPDATE of an agent's row it had to wait for keeps that
   * lock even when the agent proved full, and two routings each holding one
   * while waiting for the other's next agent deadlocked (under 200 concurrent
   * submissions a lead ran out of deadlock retries and was left NEW); rolled
   * back, a routing never waits for one agent while holding another. And when
   * the last of a tier's agents fills up, the fresh decision reaches the
   * rule's fallback tiers (BACKUP, OVERFLOW), which the first one left out.
   * The last pass tries the rest of its attempts in one transaction, with
   * writeTransaction's deadlock retries behind it, and stores CAPACITY_TAKEN
   * when none is left.
   *
   * A claim without `storesQueued` (a drain of a lead already QUEUED) stores
   * no decision that finds nobody, before or after its picks filled up: the
   * lead stays QUEUED as it was, and the result is STILL_QUEUED.
   */
  private async applyInPasses(
    loaders: LeadsLoaders,
    target: RoutingTarget,
    trigger: RoutingTrigger,
    plan: RoutingPlan,
  ): Promise<Applied | 'STILL_QUEUED'> {
    const lead = 'insert' in target ? target.insert : target.claim;
    const storesQueued = 'insert' in target || target.storesQueued;
    for (let pass = 1; ; pass += 1) {
      if (!storesQueued && plan.outcome.attempts.length === 0) return 'STILL_QUEUED';
      const lastPass = pass === ROUTING_PASSES;
      try {
        return await writeTransaction(this.dataSource, (em) =>
          this.apply(em, target, plan, trigger, { lastPass, storesQueued }),
        );
      } catch (error) {
        if (error instanceof NothingStoredError) return 'STILL_QUEUED';
        if (!(error instanceof AgentFilledError)) throw error;
        loaders.membersByLocation.clear(candidatesKey(lead));
        // A stored lead may have been offered and declined meanwhile: its earlier offerees are read again.
        if ('claim' in target) loaders.assignmentsByLeadId.clear(lead.id);
        plan = await this.planNow(loaders, lead);
      }
    }
  }

  /**
   * The routing's transaction. `claim`: a stored NEW or QUEUED lead, taken with
   * a conditional update (null when another routing took it first). `insert`:
   * a submitted lead, stored here with the status routing gives it. Throws,
   * to roll back, AgentFilledError at a full agent unless on the `lastPass`,
   * and NothingStoredError when on it every attempt was full and the decision
   * must not be stored (not `storesQueued`).
   */
  private async apply(
    em: EntityManager,
    target: RoutingTarget,
    { facts, outcome, now }: RoutingPlan,
    trigger: RoutingTrigger,
    { lastPass, storesQueued }: { lastPass: boolean; storesQueued: boolean },
  ): Promise<Applied> {
    const { attempts } = outcome;
    const hasAttempts = attempts.length > 0;
    const status = hasAttempts ? LeadStatus.OFFERED : LeadStatus.QUEUED;
    // Lead first, then agents: every transaction of the leads subgraph locks rows in this order.
    let lead: LeadEntity;
    if ('insert' in target) {
      lead = target.insert;
      await insertRows(em, LeadEntity, [{ ...lead, status, updatedAt: now }]);
    } else {
      lead = target.claim;
      if (!(await transitionLead(em, lead.id, ROUTABLE_STATUSES, status, now))) return null;
    }

    // The offer's id is known before the reservation, so that its event is written with the reservation's.
    const assignmentId = newId(now.getTime());
    let chosen: { agentId: string; probability: number } | null = null;
    for (const attempt of attempts) {
      const agent = facts.agents.get(attempt.agentId);
      const offered: OutboxRecord = {
        topic: Topic.AssignmentOffered,
        aggregateId: assignmentId,
        payload: { assignmentId, agentId: attempt.agentId, leadId: lead.id },
      };
      if (agent && (await reserveCapacity(em, agent, now, [offered], facts.input.rule.maxUtilization))) {
        chosen = attempt;
        break;
      }
      // Holding that full agent's row, the next UPDATE could wait for a routing that waits for this one.
      if (!lastPass && agent) throw new AgentFilledError();
    }
    const capacityTaken = hasAttempts && !chosen;
    if (capacityTaken) {
      if (!storesQueued) throw new NothingStoredError();
      await transitionLead(em, lead.id, [LeadStatus.OFFERED], LeadStatus.QUEUED, now);
    }

    const decision = decisionRecord(lead, facts, outcome, trigger, chosen, now);
    if (capacityTaken) decision.queuedReason = CAPACITY_TAKEN;
    await insertRows(em, DecisionEntity, [decision]);
    if (!chosen) return { decision, assignment: null };

    const assignment = Object.assign(new AssignmentEntity(), {
      id: assignmentId,
      leadId: lead.id,
      agentId: chosen.agentId,
      decisionId: decision.id,
      status: AssignmentStatus.OFFERED,
      openLeadId: lead.id,
      offeredAt: now,
      expiresAt: new Date(now.getTime() + facts.input.rule.offerTimeoutSeconds * 1000),
      respondedAt: null,
      closedAt: null,
      declineReason: null,
    } satisfies AssignmentEntity);
    await insertRows(em, AssignmentEntity, [assignment]);
    return { decision, assignment };
  }

  /** The lead as stored now, not as an earlier read of this request saw it. */
  private async freshLead(loaders: LeadsLoaders, leadId: string): Promise<LeadEntity> {
    if (!isId(leadId)) throw new LeadNotFoundError(leadId);
    loaders.leadById.clear(leadId);
    loaders.assignmentsByLeadId.clear(leadId);
    return loaders.leadById.load(leadId);
  }
}

/** `claim`: a stored lead, taken with a conditional update; `insert`: a submission, stored by its routing. */
type RoutingTarget = { claim: LeadEntity; storesQueued: boolean } | { insert: LeadEntity };

/** The engine's decision on a lead, and the facts and time it was made on. */
interface RoutingPlan {
  facts: RoutingFacts;
  outcome: RoutingOutcome;
  now: Date;
}

/** A stored decision and its offer; null when another routing claimed the lead first. */
type Applied = { decision: DecisionEntity; assignment: AssignmentEntity | null } | null;

/** Transactions one routing runs at most, deciding afresh between them (RoutingService.applyInPasses). */
export const ROUTING_PASSES = 5;

/** An agent the routing tried was full, before its last pass: see RoutingService.applyInPasses. */
class AgentFilledError extends Error {
  constructor() {
    super('An agent filled up before this routing could reserve it');
  }
}

/** A drain's last pass found every attempt full: it rolls back and leaves the lead QUEUED as it was. */
class NothingStoredError extends Error {
  constructor() {
    super('Every agent this drain tried filled up; the lead stays queued as it was');
  }
}

function decisionRecord(
  lead: LeadEntity,
  facts: RoutingFacts,
  outcome: RoutingOutcome,
  trigger: DecisionTrigger,
  chosen: { agentId: string; probability: number } | null,
  now: Date,
): DecisionEntity {
  return Object.assign(new DecisionEntity(), {
    id: newId(now.getTime()),
    leadId: lead.id,
    ruleSetVersion: facts.ruleSet.version,
    ruleName: facts.input.rule.name,
    chosenAgentId: chosen?.agentId ?? null,
    chosenProbability: chosen?.probability ?? null,
    queuedReason: chosen ? null : (outcome.queuedReason ?? NO_ELIGIBLE_AGENT),
    // PREVIEW never reaches the table; the column keeps the stored triggers.
    trigger: trigger as RoutingTrigger,
    candidates: outcome.candidates,
    createdAt: now,
  } satisfies DecisionEntity);
}
