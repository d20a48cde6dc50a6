import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../../lib/context';
import { LeadStatus } from '../../../lib/domain/enums';
import { loadLeadOrNull, type LeadsLoaders } from '../loaders';
import type { LeadEntity } from './lead.entity';
import { SubmitLeadInput } from './lead.inputs';
import { canSeeContact, canSeeLead } from './lead.policy';
import type { LeadService } from './lead.service';
import { Lead, LeadContact } from './lead.type';

type Context = RequestContext<LeadsLoaders>;

@Resolver(() => Lead)
export class LeadResolver {
  constructor(private readonly leadService: LeadService) {}

  @Query(() => Lead, {
    nullable: true,
    description: 'Staff: any lead. PARTNER: its own only (null otherwise). AGENT: null.',
  })
  async lead(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<LeadEntity | null> {
    const lead = await loadLeadOrNull(ctx.loaders, id);
    return lead && canSeeLead(ctx.viewer, lead) ? lead : null;
  }

  @Query(() => [Lead], {
    description:
      'Oldest first; `after` is the last id of the previous page. Staff: any partner. PARTNER: its own only.',
  })
  leads(
    @Arg('status', () => LeadStatus, { nullable: true }) status: LeadStatus | null,
    @Arg('partnerId', () => ID, { nullable: true }) partnerId: string | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Context,
  ): Promise<LeadEntity[]> {
    return this.leadService.list(ctx.viewer, { status, partnerId, first, after });
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
    return original && canSeeLead(ctx.viewer, original) ? original : null;
  }

  @FieldResolver(() => LeadContact, {
    nullable: true,
    description: 'PII: null unless the viewer is staff or the submitting partner.',
  })
  contact(@Root() lead: LeadEntity, @Ctx() ctx: Context): LeadContact | null {
    if (!canSeeContact(ctx.viewer, lead)) return null;
    return { firstName: lead.firstName, lastName: lead.lastName, email: lead.email, phone: lead.phone };
  }
}
