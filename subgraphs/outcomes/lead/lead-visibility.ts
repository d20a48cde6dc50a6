import { isStaff } from '../../../lib/auth';
import type { RequestContext } from '../../../lib/context';
import { NotFoundError } from '../../../lib/errors';
import { canSeeLead, needsOffers, type LeadOffers } from '../../leads/lead/lead.policy';
import type { OutcomesLoaders } from '../loaders';
import type { OutcomeEntity } from '../outcome/outcome.entity';

/*
 * The leads subgraph's rule (canSeeLead), applied here too: a direct call to
 * this subgraph (`_entities` for Lead or Outcome) passes no other check, and an
 * outcome tells how the lead went, down to the premium and the policy number.
 * An outcome carries its lead's partner (copied when recorded), so only an
 * agent's access costs a read: its offers, one batched statement per request.
 */

type Context = RequestContext<OutcomesLoaders>;

/** The outcomes whose lead the viewer may see, in their order. */
async function ofVisibleLeads(ctx: Context, outcomes: OutcomeEntity[]): Promise<OutcomeEntity[]> {
  if (outcomes.length === 0 || isStaff(ctx.viewer)) return outcomes;
  const offersOf = new Map<string, LeadOffers>();
  if (needsOffers(ctx.viewer)) {
    const leadIds = [...new Set(outcomes.map((outcome) => outcome.leadId))];
    const offers = await Promise.all(leadIds.map((leadId) => ctx.loaders.offersByLeadId.load(leadId)));
    leadIds.forEach((leadId, i) => offersOf.set(leadId, offers[i]));
  }
  return outcomes.filter((outcome) => canSeeLead(ctx.viewer, outcome, offersOf.get(outcome.leadId)));
}

/** `Lead.outcomes`: none for a lead the viewer may not see, as for a lead without any (the field is non-null). */
export async function visibleOutcomesOfLead(ctx: Context, leadId: string): Promise<OutcomeEntity[]> {
  return ofVisibleLeads(ctx, await ctx.loaders.outcomesByLeadId.load(leadId));
}

/**
 * An Outcome reference: null when its lead is not the viewer's to see. Staff
 * see every outcome, so an unknown id is NOT_FOUND to them; to anyone else it
 * reads like one they may not see, so which ids exist does not leak.
 */
export async function visibleOutcomeOrNull(ctx: Context, id: string): Promise<OutcomeEntity | null> {
  if (isStaff(ctx.viewer)) return ctx.loaders.outcomeById.load(id);
  let outcome: OutcomeEntity;
  try {
    outcome = await ctx.loaders.outcomeById.load(id);
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
  const [visible] = await ofVisibleLeads(ctx, [outcome]);
  return visible ?? null;
}
