import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../../../lib/context';
import type { DecisionEntity } from '../decision/decision.entity';
import { RoutingDecision } from '../decision/decision.type';
import type { LeadsLoaders } from '../loaders';
import type { RoutingService } from './routing.service';

type Context = RequestContext<LeadsLoaders>;

@Resolver()
export class RoutingResolver {
  constructor(private readonly routingService: RoutingService) {}

  @Mutation(() => RoutingDecision, {
    description:
      'MANAGER, ADMIN: routes a NEW or QUEUED lead now (offered, or still QUEUED with the reason). CONFLICT for any other status.',
  })
  routeLead(@Arg('leadId', () => ID) leadId: string, @Ctx() ctx: Context): Promise<DecisionEntity> {
    return this.routingService.routeLead(ctx, leadId);
  }

  @Mutation(() => RoutingDecision, {
    description: 'ADMIN, MANAGER: the decision routing would make now, with its would-be id. Writes nothing.',
  })
  previewRouting(@Arg('leadId', () => ID) leadId: string, @Ctx() ctx: Context): Promise<DecisionEntity> {
    return this.routingService.preview(ctx, leadId);
  }
}
