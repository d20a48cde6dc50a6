import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../../lib/context';
import { LeadStatus } from '../../../lib/domain/enums';
import { AssignmentStatus, OPEN_ASSIGNMENT_STATUSES } from '../assignment/assignment-status';
import type { AssignmentEntity } from '../assignment/assignment.entity';
import { canSeeAssignment, canSeeDecision } from '../assignment/assignment.policy';
import { Assignment } from '../assignment/assignment.type';
import type { DecisionEntity } from '../decision/decision.entity';
import { RoutingDecision } from '../decision/decision.type';
import { loadLeadOrNull, type LeadsLoaders } from '../loaders';
import type { LeadEntity } from './lead.entity';
import { SubmitLeadInput } from './lead.inputs';
import { canSeeContact, canSeeLead, needsOffers, type LeadOffers } from './lead.policy';
import type { LeadService } from './lead.service';
import { Lead, LeadContact } from './lead.type';

type Context = RequestContext<LeadsLoaders>;

@Resolver(() => Lead)
export class LeadResolver {
  constructor(private readonly leadService: LeadService) {}

  @Query(() => Lead, {
    nullable: true,
    description:
      'Staff: any lead. PARTNER: its own only (null otherwise). AGENT: the leads offered to it (null otherwise).',
  })
  async lead(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<LeadEntity | null> {
    const lead = await loadLeadOrNull(ctx.loaders, id);
    return lead && canSeeLead(ctx.viewer, lead, await offersFor(ctx, lead)) ? lead : null;
  }

  @Query(() => [Lead], {
    description:
      'Oldest first; `after` is the last id of the previous page. Staff: any partner. PARTNER: its own only. AGENT: the leads offered to it.',
  })
  async leads(
    @Arg('status', () => LeadStatus, { nullable: true }) status: LeadStatus | null,
    @Arg('partnerId', () => ID, { nullable: true }) partnerId: string | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Context,
  ): Promise<LeadEntity[]> {
    const leads = await this.leadService.list(ctx.viewer, { status, partnerId, first, after });
    // Assignments and decisions of the page point back to these leads: no second read for them.
    for (const lead of leads) ctx.loaders.leadById.prime(lead.id, lead);
    return leads;
  }

  @Mutation(() => Lead, {
    description:
      'PARTNER (under its own partnerId) or ADMIN (naming input.partnerId). Idempotent per (partnerId, externalId).',
  })
  submitLead(@Arg('input', () => SubmitLeadInput) input: SubmitLeadInput, @Ctx() ctx: Context): Promise<LeadEntity> {
    return this.leadService.submit(ctx, input);
  }

  /** Null as well when the original belongs to another partner than the viewing one. */
  @FieldResolver(() => Lead, { nullable: true })
  async duplicateOf(@Root() lead: LeadEntity, @Ctx() ctx: Context): Promise<LeadEntity | null> {
    if (!lead.duplicateOfId) return null;
    const original = await loadLeadOrNull(ctx.loaders, lead.duplicateOfId);
    return original && canSeeLead(ctx.viewer, original, await offersFor(ctx, original)) ? original : null;
  }

  @FieldResolver(() => LeadContact, {
    nullable: true,
    description:
      'PII: null unless the viewer is staff, the submitting partner, or the agent the lead is offered to (while the offer stands) or that accepted it (also after its assignment closed).',
  })
  async contact(@Root() lead: LeadEntity, @Ctx() ctx: Context): Promise<LeadContact | null> {
    if (!canSeeContact(ctx.viewer, lead, await offersFor(ctx, lead))) return null;
    return { firstName: lead.firstName, lastName: lead.lastName, email: lead.email, phone: lead.phone };
  }

  @FieldResolver(() => Assignment, {
    nullable: true,
    description:
      'The open assignment (OFFERED or ACCEPTED), else the one an outcome CLOSED; null while unrouted or QUEUED. Staff, or the agent it belongs to; null for partners.',
  })
  async currentAssignment(@Root() lead: LeadEntity, @Ctx() ctx: Context): Promise<AssignmentEntity | null> {
    const assignments = await ctx.loaders.assignmentsByLeadId.load(lead.id);
    const current =
      assignments.find((assignment) => OPEN_ASSIGNMENT_STATUSES.includes(assignment.status)) ??
      [...assignments].reverse().find((assignment) => assignment.status === AssignmentStatus.CLOSED) ??
      null;
    return current && canSeeAssignment(ctx.viewer, current) ? current : null;
  }

  @FieldResolver(() => [Assignment], {
    description: 'Every offer of the lead, oldest first. Staff: all; AGENT: its own; PARTNER: none.',
  })
  async assignments(@Root() lead: LeadEntity, @Ctx() ctx: Context): Promise<AssignmentEntity[]> {
    const assignments = await ctx.loaders.assignmentsByLeadId.load(lead.id);
    return assignments.filter((assignment) => canSeeAssignment(ctx.viewer, assignment));
  }

  @FieldResolver(() => [RoutingDecision], {
    description:
      'Every stored routing decision about the lead, oldest first. Staff: all; AGENT: those that chose it; PARTNER: none.',
  })
  async decisions(@Root() lead: LeadEntity, @Ctx() ctx: Context): Promise<DecisionEntity[]> {
    const decisions = await ctx.loaders.decisionsByLeadId.load(lead.id);
    return decisions.filter((decision) => canSeeDecision(ctx.viewer, decision));
  }
}

/** The lead's offers when the viewer's access depends on them (an agent's), else none: no query for others. */
async function offersFor(ctx: Context, lead: LeadEntity): Promise<LeadOffers> {
  return needsOffers(ctx.viewer) ? ctx.loaders.assignmentsByLeadId.load(lead.id) : [];
}
