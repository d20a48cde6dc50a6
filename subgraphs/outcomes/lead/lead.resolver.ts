import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../../lib/context';
import type { OutcomesLoaders } from '../loaders';
import { OutcomeEntity } from '../outcome/outcome.entity';
import { LeadReference } from './lead.type';

@Resolver(() => LeadReference)
export class LeadOutcomesResolver {
  /** Readable by whoever reached the lead: the query that led here checked access. */
  @FieldResolver(() => [OutcomeEntity], { description: 'Oldest first.' })
  outcomes(@Root() lead: LeadReference, @Ctx() ctx: RequestContext<OutcomesLoaders>): Promise<OutcomeEntity[]> {
    return ctx.loaders.outcomesByLeadId.load(lead.id);
  }
}
