import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../../lib/context';
import type { OutcomesLoaders } from '../loaders';
import { OutcomeEntity } from '../outcome/outcome.entity';
import { visibleOutcomesOfLead } from './lead-visibility';
import { LeadReference } from './lead.type';

@Resolver(() => LeadReference)
export class LeadOutcomesResolver {
  /**
   * Checked here, not only by the leads subgraph: this subgraph can be called directly with any
   * valid token, and a lead the viewer may not see then reads as one without outcomes.
   */
  @FieldResolver(() => [OutcomeEntity], { description: 'Oldest first.' })
  outcomes(@Root() lead: LeadReference, @Ctx() ctx: RequestContext<OutcomesLoaders>): Promise<OutcomeEntity[]> {
    return visibleOutcomesOfLead(ctx, lead.id);
  }
}
