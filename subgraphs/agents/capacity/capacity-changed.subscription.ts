import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { isStaff, requireStaffOrAgent } from '../../../lib/auth';
import { ForbiddenError } from '../../../lib/errors';
import type { EventBus } from '../../../lib/events/event-bus';
import { eventStream, loadForEvent } from '../../../lib/events/event-stream';
import { Topic } from '../../../lib/events/topics';
import { capacityOf, type CapacityView } from '../agent/capacity';
import type { AgentContext, AgentLoaders } from '../loaders';

/**
 * `agentCapacityChanged(agentId)`: the agent's capacity after every change of
 * open, assigned-today, max open or daily cap (reservation, release,
 * configuration). Without `agentId`, every agent's: staff only. Capacity is
 * read when the event is delivered, with fresh loaders; so a subscriber that
 * falls behind gets each agent's current capacity once, not every change.
 */
export function agentCapacityChangedSubscription(
  events: EventBus,
  createLoaders: () => AgentLoaders,
): { typeDefs: string; resolvers: GraphQLResolverMap<unknown> } {
  return {
    typeDefs: `type Subscription {
      "The agent's capacity after each change; every agent's when agentId is null (staff only)."
      agentCapacityChanged(agentId: ID): AgentCapacity!
    }`,
    resolvers: {
      Subscription: {
        agentCapacityChanged: {
          subscribe: (_root: unknown, { agentId }: { agentId?: string | null }, ctx: AgentContext) => {
            if (agentId == null) {
              if (!isStaff(ctx.viewer)) throw new ForbiddenError('Only staff may follow every agent’s capacity');
            } else {
              requireStaffOrAgent(ctx.viewer, agentId, 'An agent may follow only its own capacity');
            }
            return eventStream<{ agentCapacityChanged: CapacityView }>(events, {
              topic: Topic.CapacityChanged,
              agentId: agentId ?? null,
              // A dashboard of every agent on a slow link gets each one's latest capacity, not a growing backlog.
              latestPerAgent: true,
              resolve: async (event) => {
                const agent = await loadForEvent(ctx, createLoaders, (loaders) =>
                  loaders.agentById.load(String(event.payload.agentId)),
                );
                return agent && { agentCapacityChanged: capacityOf(agent) };
              },
            });
          },
        },
      },
    } as unknown as GraphQLResolverMap<unknown>,
  };
}
