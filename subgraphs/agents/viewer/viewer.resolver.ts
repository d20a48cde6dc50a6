import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { AgentService } from '../agent/agent.service';
import { Agent } from '../agent/agent.type';
import type { AgentContext } from '../loaders';
import { Viewer } from './viewer.type';

/** Lives with agents because the one record a viewer may own is an agent's. */
@Resolver(() => Viewer)
export class ViewerResolver {
  constructor(private readonly agentService: AgentService) {}

  @Query(() => Viewer, { description: 'The caller, as verified from its token.' })
  viewer(@Ctx() ctx: AgentContext): Viewer {
    const { sub, role, agentId, partnerId } = ctx.viewer;
    return { sub, role, agentId: agentId ?? null, partnerId: partnerId ?? null };
  }

  @FieldResolver(() => Agent, { nullable: true, description: "An AGENT caller's own record." })
  agent(@Root() viewer: Viewer, @Ctx() ctx: AgentContext): Promise<Agent | null> | null {
    return viewer.agentId ? this.agentService.get(ctx.viewer, viewer.agentId) : null;
  }
}
