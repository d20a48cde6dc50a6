import { In, MoreThan, type DataSource } from 'typeorm';
import { LeadStatus } from '../../../lib/domain/enums';
import type { DomainEvent, EventBus } from '../../../lib/events/event-bus';
import { OutboxEventEntity } from '../../../lib/events/outbox-event.entity';
import { AgentLicenseEntity } from '../../agents/license/license.entity';
import {
  territoriesOfAgents,
  whereInTerritories,
  type AgentTerritories,
} from '../../territories/territory/agent-territories';
import { Topic } from '../../../lib/events/topics';
import { PollingLoop } from '../../../lib/federation/polling-loop';
import type { BackgroundWorker } from '../../../lib/federation/subgraph-module';
import type { Logger } from '../../../lib/logger';
import type { AssignmentService } from '../assignment/assignment.service';
import { LeadEntity } from '../lead/lead.entity';
import type { LeadsLoaders } from '../loaders';
import type { RoutingService } from './routing.service';

export interface RoutingWorkerOptions {
  /** Pause between the end of one tick and the start of the next. */
  intervalMs?: number;
  /**
   * Where committed events arrive live: a CapacityChanged or
   * AgentEligibilityChanged event starts the next tick at once rather than
   * after the pause. The tick still reads the outbox, so an event the bus
   * lost (Redis away) is handled by the next poll all the same.
   */
  events?: EventBus;
  /**
   * How often the whole queue is swept without an event: working hours that
   * begin are an event nobody records, and an outbox row committed out of id
   * order could be missed by the poll.
   */
  sweepMs?: number;
  /** Most leads one drain considers, and most offers one tick expires. */
  batchSize?: number;
  /** An event-driven drain stops after this many leads in a row it could not offer. */
  giveUpAfter?: number;
  /** A NEW lead untouched this long lost its own routing (a crash, an error): the next sweep routes it. */
  staleNewLeadMs?: number;
  logger?: Logger;
}

export interface TickReport {
  /** Offers this tick moved to EXPIRED (each lead then routed again). */
  expired: number;
  /** Queued (or stranded NEW) leads this tick offered to an agent. */
  offered: number;
  /** Queued leads this tick routed (offered or not); one the wake's drain and the sweep both tried counts twice. */
  considered: number;
}

const WAKE_TOPICS = [Topic.CapacityChanged, Topic.AgentEligibilityChanged];

/** An event after which a queued lead may find an agent: capacity freed, or an agent newly eligible. */
const isWakeEvent = (event: { topic: string; payload: DomainEvent['payload'] }): boolean =>
  event.topic === Topic.AgentEligibilityChanged || event.payload.freed === true;
/** Events read per poll; the rest are read by the next tick. */
const EVENT_PAGE = 1000;

/**
 * The leads subgraph's background loop, driven entirely from the database so
 * that it survives restarts and any number of instances may run it (the
 * conditional updates of routing and of AssignmentService decide who wins):
 *  1. offers past their expiry become EXPIRED and their leads are routed again;
 *  2. new CapacityChanged (freed) and AgentEligibilityChanged outbox events
 *     wake the queue for their agents: QUEUED leads in those agents'
 *     territories and in the states where they hold a license (routing offers
 *     a lead only to a member of a territory containing it, and every rule
 *     requires a license in its state) are routed oldest first, higher
 *     premium first among equals, until a run of leads nobody can take;
 *  3. periodically (and on the first tick) a sweep routes a page of the whole
 *     queue from a rotating cursor, so no lead waits behind others forever.
 * Every lead gets its own fresh loaders, so each decision sees current capacity.
 */
export class RoutingWorker implements BackgroundWorker {
  private readonly intervalMs: number;
  private readonly sweepMs: number;
  private readonly batchSize: number;
  private readonly giveUpAfter: number;
  private readonly staleNewLeadMs: number;
  private readonly logger: Logger | undefined;

  private readonly events: EventBus | undefined;
  private stopListening: Array<() => void> = [];
  private lastEventId: number | undefined;
  private lastSweepAt = Number.NEGATIVE_INFINITY;
  /** Where the next sweep continues: after this (createdAt, id); null: from the start of the queue. */
  private sweepCursor: { createdAt: Date; id: string } | null = null;
  private readonly loop: PollingLoop<TickReport>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly routing: RoutingService,
    private readonly assignments: AssignmentService,
    private readonly createLoaders: () => LeadsLoaders,
    options: RoutingWorkerOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 250;
    this.sweepMs = options.sweepMs ?? 10_000;
    this.batchSize = options.batchSize ?? 200;
    this.giveUpAfter = options.giveUpAfter ?? 25;
    this.staleNewLeadMs = options.staleNewLeadMs ?? 30_000;
    this.logger = options.logger;
    this.events = options.events;
    this.loop = new PollingLoop(
      () => this.runTick(),
      (outcome) => {
        if ('error' in outcome) this.logger?.error({ err: outcome.error }, 'Routing worker tick failed');
        return this.intervalMs;
      },
    );
  }

  start(): void {
    this.loop.start();
    if (this.events && this.stopListening.length === 0) {
      const events = this.events;
      // Only what the poll would act on: every offer's reservation is a CapacityChanged too.
      const wake = (event: DomainEvent): void => {
        if (isWakeEvent(event)) this.loop.wake();
      };
      this.stopListening = WAKE_TOPICS.map((topic) => events.subscribe(topic, wake));
    }
  }

  stop(): Promise<void> {
    for (const stopListening of this.stopListening.splice(0)) stopListening();
    return this.loop.stop();
  }

  /** One iteration; calls queue behind a running one. Tests drive the worker with it. */
  tick(): Promise<TickReport> {
    return this.loop.run();
  }

  private async runTick(): Promise<TickReport> {
    const expired = await this.expireDueOffers();
    const woken = await this.pollWakeEvents();
    // Freed capacity goes to the head of the queue even when a sweep is due: the sweep starts at its cursor.
    const drained = woken.size > 0 ? await this.drainHead(woken) : { offered: 0, considered: 0 };
    const now = Date.now();
    if (now - this.lastSweepAt >= this.sweepMs) {
      this.lastSweepAt = now;
      const swept = await this.sweep();
      drained.offered += swept.offered;
      drained.considered += swept.considered;
    }
    return { expired, ...drained };
  }

  private async expireDueOffers(): Promise<number> {
    let expired = 0;
    for (const offer of await this.assignments.dueOffers(this.batchSize)) {
      try {
        if (await this.assignments.expire({ loaders: this.createLoaders() }, offer, this.logger)) expired += 1;
      } catch (error) {
        this.logger?.error({ err: error, assignmentId: offer.id }, 'Expiring an offer failed; the next tick retries');
      }
    }
    return expired;
  }

  /**
   * The agents whose events since the last poll may let a queued lead
   * through (each such event is about one agent). The first poll only finds its place.
   */
  private async pollWakeEvents(): Promise<ReadonlySet<string>> {
    const events = this.dataSource.getRepository(OutboxEventEntity);
    if (this.lastEventId === undefined) {
      const latest = await events.find({ select: { id: true }, order: { id: 'DESC' }, take: 1 });
      this.lastEventId = latest[0]?.id ?? 0;
      return new Set();
    }
    const rows = await events.find({
      where: { topic: In(WAKE_TOPICS), id: MoreThan(this.lastEventId) },
      order: { id: 'ASC' },
      take: EVENT_PAGE,
    });
    if (rows.length > 0) this.lastEventId = rows[rows.length - 1].id;
    return new Set(rows.filter(isWakeEvent).map((row) => row.aggregateId));
  }

  /**
   * From the head of the queue, among leads the woken agents may be able to
   * take, until `giveUpAfter` in a row find nobody. Narrowed to their
   * territories and licensed states, a head of leads they cannot take (a ZIP
   * no territory covers, another city of their state) never uses up the drain
   * before it reaches theirs; a run of misses is then leads they could take
   * but did not (full, away, another rule), where giving up is right.
   */
  private async drainHead(woken: ReadonlySet<string>): Promise<{ offered: number; considered: number }> {
    const [states, territories] = await Promise.all([
      this.licensedStates(woken),
      territoriesOfAgents(this.dataSource.manager, [...woken]),
    ]);
    if (states.length === 0 || !territories) return { offered: 0, considered: 0 };
    const leads = await this.routableLeads(null, ['createdAt', 'premium'], { states, territories });
    let offered = 0;
    let missesInARow = 0;
    let considered = 0;
    for (const lead of leads) {
      considered += 1;
      if (await this.routeQueued(lead.id)) {
        offered += 1;
        missesInARow = 0;
      } else if (++missesInARow >= this.giveUpAfter) {
        break;
      }
    }
    return { offered, considered };
  }

  /** The states where any of these agents holds a license (expired or not: a renewal may be what woke them). */
  private async licensedStates(agentIds: ReadonlySet<string>): Promise<string[]> {
    const rows = await this.dataSource
      .getRepository(AgentLicenseEntity)
      .createQueryBuilder('license')
      .select('DISTINCT license.state', 'state')
      .where('license.agentId IN (:...agentIds)', { agentIds: [...agentIds] })
      .getRawMany<{ state: string }>();
    return rows.map((row) => row.state);
  }

  /** A page of the whole queue from the rotating cursor, every lead tried. */
  private async sweep(): Promise<{ offered: number; considered: number }> {
    const leads = await this.routableLeads(this.sweepCursor, ['createdAt', 'id']);
    const last = leads[leads.length - 1];
    this.sweepCursor = leads.length === this.batchSize && last ? { createdAt: last.createdAt, id: last.id } : null;
    let offered = 0;
    for (const lead of leads) if (await this.routeQueued(lead.id)) offered += 1;
    return { offered, considered: leads.length };
  }

  /**
   * QUEUED leads, and NEW ones whose own routing has not happened for a while,
   * oldest first; `within` narrows them in the same statements, the cheap
   * state list first. The two statuses are read apart and merged here: asked
   * for together (status = QUEUED OR status = NEW AND ...), MariaDB sorted
   * every queued row before its LIMIT, 21 ms a read with 10,000 queued; apart,
   * the QUEUED read walks ix_leads_status_created or ix_leads_queue_value in
   * order and stops at the page (0.3 and 1.1 ms). Stranded NEW leads are few.
   * The two reads are two snapshots: a stranded lead another instance queues
   * between them may be in neither, and the sweep's cursor pass it until its
   * next round; a drain woken for it still finds it.
   */
  private async routableLeads(
    after: { createdAt: Date; id: string } | null,
    order: ['createdAt', 'premium'] | ['createdAt', 'id'],
    within?: { states: readonly string[]; territories: AgentTerritories },
  ): Promise<Array<Pick<LeadEntity, 'id' | 'createdAt'>>> {
    const byPremium = order[1] === 'premium';
    const page = (status: string, stale?: Date): Promise<QueueRow[]> => {
      const query = this.dataSource
        .getRepository(LeadEntity)
        .createQueryBuilder('lead')
        .select(['lead.id', 'lead.createdAt', 'lead.estimatedPremium'])
        .where('lead.status = :status', { status })
        .orderBy('lead.createdAt', 'ASC');
      if (stale) query.andWhere('lead.updatedAt < :staleBefore', { staleBefore: stale });
      if (within) {
        query.andWhere('lead.state IN (:...states)', { states: within.states });
        whereInTerritories(query, within.territories, { postalCode: 'lead.postalCode', state: 'lead.state' });
      }
      if (byPremium) query.addOrderBy('lead.estimatedPremium', 'DESC');
      query.addOrderBy('lead.id', 'ASC');
      if (after) {
        query.andWhere(
          '(lead.createdAt > :afterCreatedAt OR (lead.createdAt = :afterCreatedAt AND lead.id > :afterId))',
          { afterCreatedAt: after.createdAt, afterId: after.id },
        );
      }
      return query.limit(this.batchSize).getMany();
    };
    const [queued, stranded] = await Promise.all([
      page(LeadStatus.QUEUED),
      page(LeadStatus.NEW, new Date(Date.now() - this.staleNewLeadMs)),
    ]);
    if (stranded.length === 0) return queued;
    return [...queued, ...stranded].sort(byPremium ? byAgeThenPremium : byAge).slice(0, this.batchSize);
  }

  /** True when the lead was offered to an agent. Errors are logged: one lead never stops the drain. */
  private async routeQueued(leadId: string): Promise<boolean> {
    try {
      const result = await this.routing.route({ loaders: this.createLoaders() }, leadId, 'QUEUE');
      return result.status === 'DECIDED' && result.assignment !== null;
    } catch (error) {
      this.logger?.error({ err: error, leadId }, 'Routing a queued lead failed; a later drain retries');
      return false;
    }
  }
}

type QueueRow = Pick<LeadEntity, 'id' | 'createdAt' | 'estimatedPremium'>;

/** The sweep's order: oldest first, then by id (ids compare as the database's binary collation does). */
function byAge(a: QueueRow, b: QueueRow): number {
  return a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The drain's order: oldest first, the higher premium first among equals (none last, as in SQL), then by id. */
function byAgeThenPremium(a: QueueRow, b: QueueRow): number {
  const age = a.createdAt.getTime() - b.createdAt.getTime();
  if (age !== 0) return age;
  const premium = (b.estimatedPremium ?? Number.NEGATIVE_INFINITY) - (a.estimatedPremium ?? Number.NEGATIVE_INFINITY);
  if (premium !== 0 && !Number.isNaN(premium)) return premium;
  return byAge(a, b);
}
