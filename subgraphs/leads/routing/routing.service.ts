import type { DataSource, EntityManager } from 'typeorm';
import { requireRole, requireStaff, Role, type Viewer } from '../../../lib/auth';
import type { RequestContext } from '../../../lib/context';
import { LeadStatus } from '../../../lib/domain/enums';
import { isId, newId } from '../../../lib/domain/ids';
import { isUniqueViolation } from '../../../lib/db/data-source';
import { changedRows, insertRows, insertStatement, type Statement } from '../../../lib/db/plain-sql';
import type { OutboxRecord } from '../../../lib/events/outbox';
import { Topic } from '../../../lib/events/topics';
import { reservationStatements, reserveCapacity } from '../../agents/capacity/capacity-ledger';
import { AssignmentStatus } from '../assignment/assignment-status';
import { AssignmentEntity } from '../assignment/assignment.entity';
import { batchTransaction, writeTransaction, type BatchStep } from '../db/write-transaction';
import { DecisionEntity, type RoutingTrigger } from '../decision/decision.entity';
import { LeadEntity } from '../lead/lead.entity';
import { LeadNotFoundError } from '../lead/lead.errors';
import type { SubmittedLeadRouter } from '../lead/lead.service';
import { ROUTABLE_STATUSES, transitionLead, transitionStatement } from '../lead/lead-status';
import type { LeadsLoaders } from '../loaders';
import { decide, ExclusionReason, NO_ELIGIBLE_AGENT, type RoutingOutcome } from './engine';
import { chosenProbability } from './engine/selection';
import type { AgentFacts } from './engine/types';
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
   * Runs the routing's transaction in up to ROUTING_PASSES passes. Every pass
   * but the last (`applyFirstPick`) writes the engine's first pick only, and
   * when that agent proves full it rolls back and the lead is decided afresh
   * on the capacity as it is now, so the stored decision shows the state it
   * was made on. The reasons: on MariaDB the conditional UPDATE of an agent's
   * row it had to wait for keeps that lock even when the agent proved full,
   * and two routings each holding one while waiting for the other's next
   * agent deadlocked (under 200 concurrent submissions a lead ran out of
   * deadlock retries and was left NEW); rolled back, a routing never waits
   * for one agent while holding another. And when the last of a tier's agents
   * fills up, the fresh decision reaches the rule's fallback tiers (BACKUP,
   * OVERFLOW), which the first one left out. The last pass (`applyLastPass`)
   * tries the rest of its attempts in one transaction, with
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
    const lead = leadOf(target);
    const storesQueued = 'insert' in target || target.storesQueued;
    for (let pass = 1; ; pass += 1) {
      if (!storesQueued && plan.outcome.attempts.length === 0) return 'STILL_QUEUED';
      try {
        if (pass < ROUTING_PASSES) return await this.applyFirstPick(target, plan, trigger);
        return await writeTransaction(this.dataSource, (em) =>
          this.applyLastPass(em, target, plan, trigger, storesQueued),
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
   * A pass but the last: the lead's write (`claim`: its conditional update,
   * null when another routing took it first; `insert`: the submission, with
   * the status routing gives it), the reservation of the engine's first pick
   * with its AssignmentOffered event, the decision and the assignment, sent
   * in batches (batchTransaction: a submission's in one round trip to MySQL,
   * a claim's in two, and COMMIT), kept only if the lead was claimed and the
   * pick had room. Throws AgentFilledError, having written nothing, when the
   * pick was full (the batch's later INSERTs have run by then, and are rolled
   * back with it: that happens only under contention, and costs less than a
   * round trip between the reservation and the rest on every routing).
   */
  private async applyFirstPick(
    target: RoutingTarget,
    { facts, outcome, now }: RoutingPlan,
    trigger: RoutingTrigger,
  ): Promise<Applied> {
    const em = this.dataSource.manager;
    const lead = leadOf(target);
    const pick = outcome.attempts[0] ?? null;
    const decision = decisionRecord(lead, facts, outcome, trigger, pick, now);
    const offer = pick ? offerOf(decision.id, pick.agentId, facts, now) : null;
    const writes: Statement[] = [];
    if (offer) {
      const agent = agentOf(facts, offer.assignment.agentId);
      writes.push(...reservationStatements(em, agent, now, [offer.offered], facts.input.rule.maxUtilization));
    }
    writes.push(insertStatement(em, DecisionEntity, [decision]));
    if (offer) writes.push(insertStatement(em, AssignmentEntity, [offer.assignment]));
    // The reservation's UPDATE comes first in `writes`: it changed one row when the pick had room.
    const hadRoom = ([reserved]: readonly number[]): boolean => !offer || reserved === 1;
    const write = leadWrite(em, target, pick ? LeadStatus.OFFERED : LeadStatus.QUEUED, now);

    // A submission's INSERT cannot fail to change its row, so everything goes at once. A claim is
    // sent alone first: lost to another routing, the offer after it would collide with that one's.
    const steps: BatchStep[] =
      'insert' in target
        ? [{ statements: [write, ...writes], proceed: ([, ...rest]) => hadRoom(rest) }]
        : [
            { statements: [write], proceed: ([claimed]) => claimed === 1 },
            { statements: writes, proceed: hadRoom },
          ];
    const sent = await batchTransaction(this.dataSource, steps);
    if (sent.committed) return { decision, assignment: offer?.assignment ?? null };
    if ('claim' in target && sent.step === 0) return null;
    throw new AgentFilledError();
  }

  /**
   * The last pass, statement by statement in one transaction: the lead's
   * write, then the attempts in order until one has room. When every attempt
   * was full, a claim without `storesQueued` throws NothingStoredError to
   * roll back; otherwise the lead is stored QUEUED with CAPACITY_TAKEN.
   */
  private async applyLastPass(
    em: EntityManager,
    target: RoutingTarget,
    { facts, outcome, now }: RoutingPlan,
    trigger: RoutingTrigger,
    storesQueued: boolean,
  ): Promise<Applied> {
    const lead = leadOf(target);
    const { attempts } = outcome;
    const hasAttempts = attempts.length > 0;
    const { sql, parameters } = leadWrite(em, target, hasAttempts ? LeadStatus.OFFERED : LeadStatus.QUEUED, now);
    if ((await changedRows(em, sql, parameters)) !== 1) return null;

    const decisionId = newId(now.getTime());
    let taken: { attempt: (typeof attempts)[number]; offer: Offer } | null = null;
    const filled = new Set<string>();
    for (const attempt of attempts) {
      // The offer's id is known before the reservation, so that its event is written with the reservation's.
      const offer = offerOf(decisionId, attempt.agentId, facts, now);
      const agent = agentOf(facts, attempt.agentId);
      if (await reserveCapacity(em, agent, now, [offer.offered], facts.input.rule.maxUtilization)) {
        taken = { attempt, offer };
        break;
      }
      filled.add(attempt.agentId);
    }
    const capacityTaken = hasAttempts && !taken;
    if (capacityTaken) {
      if (!storesQueued) throw new NothingStoredError();
      await transitionLead(em, lead.id, [LeadStatus.OFFERED], LeadStatus.QUEUED, now);
    }

    // The audit says why the agents the engine preferred did not get the lead.
    const audited: RoutingOutcome = {
      ...outcome,
      candidates: outcome.candidates.map((candidate) =>
        filled.has(candidate.agentId)
          ? { ...candidate, eligible: false, excludedBy: ExclusionReason.FILLED_WHILE_ROUTING }
          : candidate,
      ),
    };
    const chosen = taken
      ? { agentId: taken.attempt.agentId, probability: chosenProbability(attempts, filled, taken.attempt.agentId) }
      : null;
    const decision = decisionRecord(lead, facts, audited, trigger, chosen, now, decisionId);
    if (capacityTaken) decision.queuedReason = CAPACITY_TAKEN;
    await insertRows(em, DecisionEntity, [decision]);
    if (!taken) return { decision, assignment: null };
    await insertRows(em, AssignmentEntity, [taken.offer.assignment]);
    return { decision, assignment: taken.offer.assignment };
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

function leadOf(target: RoutingTarget): LeadEntity {
  return 'insert' in target ? target.insert : target.claim;
}

/**
 * The lead's write: a claim moves a NEW or QUEUED lead to `status` (one row
 * changed when it did); a submission is inserted. Every pass writes it before
 * any agent: each transaction of the leads subgraph locks rows in that order.
 */
function leadWrite(em: EntityManager, target: RoutingTarget, status: LeadStatus, now: Date): Statement {
  if ('claim' in target) return transitionStatement(em, target.claim.id, ROUTABLE_STATUSES, status, now);
  return insertStatement(em, LeadEntity, [{ ...target.insert, status, updatedAt: now }]);
}

function agentOf(facts: RoutingFacts, agentId: string): AgentFacts {
  const agent = facts.agents.get(agentId);
  // The engine picks only among the facts' agents.
  if (!agent) throw new Error(`routing picked agent ${agentId}, which its facts do not hold`);
  return agent;
}

/** An offer to one agent: its assignment and the AssignmentOffered event written with the reservation. */
interface Offer {
  assignment: AssignmentEntity;
  offered: OutboxRecord;
}

/** The offer of the facts' lead to `agentId`, made by decision `decisionId`. */
function offerOf(decisionId: string, agentId: string, facts: RoutingFacts, now: Date): Offer {
  const leadId = facts.input.lead.id;
  const id = newId(now.getTime());
  return {
    assignment: Object.assign(new AssignmentEntity(), {
      id,
      leadId,
      agentId,
      decisionId,
      status: AssignmentStatus.OFFERED,
      openLeadId: leadId,
      offeredAt: now,
      expiresAt: new Date(now.getTime() + facts.input.rule.offerTimeoutSeconds * 1000),
      respondedAt: null,
      closedAt: null,
      declineReason: null,
    } satisfies AssignmentEntity),
    offered: { topic: Topic.AssignmentOffered, aggregateId: id, payload: { assignmentId: id, agentId, leadId } },
  };
}

function decisionRecord(
  lead: LeadEntity,
  facts: RoutingFacts,
  outcome: RoutingOutcome,
  trigger: DecisionTrigger,
  chosen: { agentId: string; probability: number } | null,
  now: Date,
  id: string = newId(now.getTime()),
): DecisionEntity {
  return Object.assign(new DecisionEntity(), {
    id,
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
