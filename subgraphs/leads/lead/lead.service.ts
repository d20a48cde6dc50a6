import { In, MoreThanOrEqual, Not, type DataSource, type FindOptionsWhere, type Repository } from 'typeorm';
import { requireRole, Role, type Viewer } from '../../../lib/auth';
import type { Config } from '../../../lib/config';
import type { RequestContext } from '../../../lib/context';
import type { Logger } from '../../../lib/logger';
import { isUniqueViolation } from '../../../lib/db/data-source';
import { LeadStatus, type ProductLine } from '../../../lib/domain/enums';
import { newId } from '../../../lib/domain/ids';
import { pageFrom } from '../../../lib/pagination';
import { AssignmentEntity } from '../assignment/assignment.entity';
import type { LeadsLoaders } from '../loaders';
import { LeadEntity } from './lead.entity';
import { ContactLocks, contactsOf } from './contact-locks';
import { leadLocation } from './lead-location';
import type { SubmitLeadFields } from './lead.inputs';
import { listingPartnerId, submittingPartnerId } from './lead.policy';
import { validateSubmission, type ValidSubmission } from './lead.validation';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface LeadListFilter {
  status?: LeadStatus | null;
  partnerId?: string | null;
  first?: number | null;
  after?: string | null;
}

export type LeadServiceOptions = Pick<Config, 'duplicateWindowDays' | 'databasePoolSize'> & { logger?: Logger };

/** Stores a new lead together with its routing; the routing service, given to LeadService by the module. */
export interface SubmittedLeadRouter {
  /**
   * Stores the NEW lead OFFERED or QUEUED, with its decision, in one transaction
   * and returns it as stored. Returns null, having stored nothing, when routing
   * failed: the caller then stores the lead NEW for the queue drain. Throws the
   * unique violation when the partner already submitted the lead.
   */
  storeRouted(actor: Viewer | RequestContext<LeadsLoaders>, lead: LeadEntity): Promise<LeadEntity | null>;
}

export class LeadService {
  private readonly leads: Repository<LeadEntity>;
  private readonly contactLocks: ContactLocks;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: LeadServiceOptions,
    private readonly router?: SubmittedLeadRouter,
  ) {
    this.leads = dataSource.getRepository(LeadEntity);
    this.contactLocks = new ContactLocks(dataSource, options.databasePoolSize, options.logger);
  }

  /**
   * Stores a lead, or returns the one the partner already submitted under the
   * same externalId. Idempotent under concurrency: the unique index on
   * (partnerId, externalId) decides which insert wins, never a read before the write.
   * A newly stored lead that is not a duplicate is routed before this returns;
   * a resubmission returns the stored lead as it is now, without routing it again.
   * Usable outside GraphQL (e.g. by a seeder) with an ADMIN viewer and `input.partnerId`.
   * Submissions of the same consumer take turns from the duplicate check to the store (ContactLocks).
   */
  async submit(actor: Viewer | RequestContext<LeadsLoaders>, input: SubmitLeadFields): Promise<LeadEntity> {
    const viewer = 'viewer' in actor ? actor.viewer : actor;
    requireRole(viewer, Role.PARTNER, Role.ADMIN);
    const partnerId = submittingPartnerId(viewer, input.partnerId);
    const now = new Date();
    const valid = validateSubmission(input, now);
    return this.contactLocks.whileHeld(contactsOf(valid), async () =>
      this.store(actor, await this.prepare(partnerId, valid, now)),
    );
  }

  private async store(actor: Viewer | RequestContext<LeadsLoaders>, lead: LeadEntity): Promise<LeadEntity> {
    try {
      // One commit for the lead and its routing; a lead whose routing failed is stored NEW all the same.
      const routed = lead.status === LeadStatus.NEW && this.router ? await this.router.storeRouted(actor, lead) : null;
      if (routed) return routed;
      await this.leads.insert(lead);
      return lead;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const existing = await this.leads.findOneBy({ partnerId: lead.partnerId, externalId: lead.externalId });
      if (!existing) throw error;
      return existing;
    }
  }

  /** The lead to store: validated, located, and DUPLICATE when an earlier lead has its contact. */
  private async prepare(partnerId: string, valid: ValidSubmission, now: Date): Promise<LeadEntity> {
    const original = await this.findOriginal(
      valid,
      new Date(now.getTime() - this.options.duplicateWindowDays * DAY_MS),
    );

    const { location } = valid;
    return Object.assign(new LeadEntity(), {
      // Made once this submission's turn came (ContactLocks may have kept it waiting for seconds), not when it
      // arrived: ids are the order `leads(after:)` pages in, and a lead committed long after later ids would
      // be behind a poller's cursor already. createdAt stays the arrival.
      id: newId(Date.now()),
      partnerId,
      externalId: valid.externalId,
      productLine: valid.productLine,
      customerType: valid.customerType,
      status: original ? LeadStatus.DUPLICATE : LeadStatus.NEW,
      duplicateOfId: original?.id ?? null,
      ...leadLocation(location),
      estimatedPremium: valid.estimatedPremium,
      carrier: valid.carrier,
      firstName: valid.firstName,
      lastName: valid.lastName,
      email: valid.email,
      phone: valid.phone,
      consentAt: valid.consentAt,
      createdAt: now,
      updatedAt: now,
    } satisfies LeadEntity);
  }

  /**
   * Leads oldest first (by id, which is UUIDv7), `after` being the last id of the previous page.
   * An AGENT lists the leads it has been offered (whatever became of the offer).
   */
  async list(viewer: Viewer, filter: LeadListFilter): Promise<LeadEntity[]> {
    const partnerId = listingPartnerId(viewer, filter.partnerId);
    const page = pageFrom(filter.first, filter.after);
    const query = this.leads.createQueryBuilder('lead').orderBy('lead.id', 'ASC').limit(page.limit);
    if (partnerId !== undefined) query.andWhere('lead.partnerId = :partnerId', { partnerId });
    if (filter.status != null) query.andWhere('lead.status = :status', { status: filter.status });
    if (page.afterId) query.andWhere('lead.id > :afterId', { afterId: page.afterId });
    if (viewer.role === Role.AGENT) {
      const offered = this.dataSource
        .getRepository(AssignmentEntity)
        .createQueryBuilder('assignment')
        .select('assignment.leadId')
        .where('assignment.agentId = :agentId');
      query.andWhere(`lead.id IN (${offered.getQuery()})`, { agentId: viewer.agentId });
    }
    return query.getMany();
  }

  /** For the per-request loader: the rows that exist, in no particular order. */
  findByIds(ids: readonly string[]): Promise<LeadEntity[]> {
    return this.leads.findBy({ id: In([...ids]) });
  }

  /**
   * The earliest non-duplicate lead of the same product line sharing the phone or
   * the email, created since `since`. One indexed query per contact channel
   * (ix_leads_phone_line_created, ix_leads_email_line_created) rather than an OR
   * that the engine might answer with a scan. Leads of any partner count: the
   * same consumer sold twice is a duplicate whoever sells it.
   */
  private async findOriginal(
    lead: { productLine: ProductLine; phone: string | null; email: string | null },
    since: Date,
  ): Promise<Pick<LeadEntity, 'id' | 'createdAt'> | null> {
    const earliestWith = (contact: FindOptionsWhere<LeadEntity>) =>
      this.leads.findOne({
        select: { id: true, createdAt: true },
        where: {
          ...contact,
          productLine: lead.productLine,
          createdAt: MoreThanOrEqual(since),
          status: Not(LeadStatus.DUPLICATE),
        },
        order: { createdAt: 'ASC', id: 'ASC' },
      });
    const matches = await Promise.all([
      lead.phone ? earliestWith({ phone: lead.phone }) : null,
      lead.email ? earliestWith({ email: lead.email }) : null,
    ]);
    const found = matches.filter((match): match is LeadEntity => match !== null);
    found.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
    return found[0] ?? null;
  }
}
