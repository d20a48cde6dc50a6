import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { requireStaffOrAgent } from '../../../lib/auth';
import type { RequestContext } from '../../../lib/context';
import type { EventBus } from '../../../lib/events/event-bus';
import { eventStream, loadForEvent } from '../../../lib/events/event-stream';
import { Topic } from '../../../lib/events/topics';
import type { LeadsLoaders } from '../loaders';
import type { AssignmentEntity } from './assignment.entity';

type Context = RequestContext<LeadsLoaders>;

/**
 * `assignmentOffered(agentId)`: every offer made to the agent, re-offers
 * included, from the AssignmentOffered events the outbox relay publishes. The
 * agent itself, MANAGER and ADMIN may subscribe. Each event is read with fresh
 * loaders, so the offer and its lead are as they are when it is delivered.
 */
export function assignmentOfferedSubscription(
  events: EventBus,
  createLoaders: () => LeadsLoaders,
): { typeDefs: string; resolvers: GraphQLResolverMap<unknown> } {
  return {
    typeDefs: `type Subscription {
      "Every offer to the agent, re-offers included: the agent itself, MANAGER, ADMIN."
      assignmentOffered(agentId: ID!): Assignment!
    }`,
    resolvers: {
      Subscription: {
        assignmentOffered: {
          subscribe: (_root: unknown, { agentId }: { agentId: string }, ctx: Context) => {
            requireStaffOrAgent(
              ctx.viewer,
              agentId,
              "An agent may subscribe only to its own offers; staff to anyone's",
            );
            return eventStream<{ assignmentOffered: AssignmentEntity }>(events, {
              topic: Topic.AssignmentOffered,
              agentId,
              resolve: async (event) => {
                const offer = await loadForEvent(ctx, createLoaders, (loaders) =>
                  loaders.assignmentById.load(String(event.payload.assignmentId)),
                );
                return offer && { assignmentOffered: offer };
              },
            });
          },
        },
      },
    } as unknown as GraphQLResolverMap<unknown>,
  };
}
