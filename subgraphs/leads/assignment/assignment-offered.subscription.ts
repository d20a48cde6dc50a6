import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { requireStaffOrAgent } from '../../../lib/auth';
import type { RequestContext } from '../../../lib/context';
import type { EventBus } from '../../../lib/events/event-bus';
import { eventStream, loadForEvent } from '../../../lib/events/event-stream';
import { Topic } from '../../../lib/events/topics';
import { MAX_OPEN_OFFERS_READ, type LeadsLoaders } from '../loaders';
import { AssignmentStatus } from './assignment-status';
import type { AssignmentEntity } from './assignment.entity';

type Context = RequestContext<LeadsLoaders>;
type Offered = { assignmentOffered: AssignmentEntity };

/**
 * `assignmentOffered(agentId)`: first the agent's offers still awaiting an
 * answer (oldest first, at most 500), then every offer made to it, re-offers
 * included, from the AssignmentOffered events the outbox relay publishes. An
 * offer made while the agent was not subscribed (a deploy, a dropped
 * connection) would otherwise never reach it and lapse against its record.
 * The agent itself, MANAGER and ADMIN may subscribe. Each offer is read with
 * fresh loaders, so it and its lead are as they are when it is delivered.
 */
export function assignmentOfferedSubscription(
  events: EventBus,
  createLoaders: () => LeadsLoaders,
): { typeDefs: string; resolvers: GraphQLResolverMap<unknown> } {
  return {
    typeDefs: `type Subscription {
      "The agent's offers awaiting its answer (oldest first, at most ${MAX_OPEN_OFFERS_READ}), then every new offer to it, re-offers included: the agent itself, MANAGER, ADMIN."
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
            const replayed = new Set<string>();
            // Listening starts here, before the open offers are read: an offer committed in between is
            // in the read, or its event arrives after it, or both; `replayed` drops the second copy.
            const live = eventStream<Offered>(events, {
              topic: Topic.AssignmentOffered,
              agentId,
              resolve: async (event) => {
                const id = String(event.payload.assignmentId);
                if (replayed.has(id)) return null;
                const offer = await loadForEvent(ctx, createLoaders, (loaders) => loaders.assignmentById.load(id));
                return offer && { assignmentOffered: offer };
              },
            });
            return replayThenLive(live, async () => {
              const open = await loadForEvent(ctx, createLoaders, (loaders) => loaders.openOffersByAgent.load(agentId));
              for (const offer of open ?? []) replayed.add(offer.id);
              // Each read again as it is delivered: one accepted, declined or lapsed meanwhile is left out.
              return (open ?? []).map(({ id }) => async () => {
                const offer = await loadForEvent(ctx, createLoaders, (loaders) => loaders.assignmentById.load(id));
                return offer && stillAwaitsAnswer(offer) ? { assignmentOffered: offer } : null;
              });
            });
          },
        },
      },
    } as unknown as GraphQLResolverMap<unknown>,
  };
}

/** OFFERED and not lapsed: what accepting it would take. */
function stillAwaitsAnswer(offer: AssignmentEntity): boolean {
  return offer.status === AssignmentStatus.OFFERED && (offer.expiresAt === null || offer.expiresAt > new Date());
}

/**
 * The values of what `replay` reads (on the first `next`; a producer
 * resolving to null is skipped), then `live`. A hand-written
 * iterator rather than an async generator: a generator's `return` waits for a
 * pending `next`, so a client leaving while no offer comes would keep its
 * listener until the next offer; here `return` ends `live` at once. A failed
 * read ends `live` too, as no consumer calls `return` after a rejected `next`.
 */
function replayThenLive<T>(
  live: AsyncIterableIterator<T>,
  replay: () => Promise<Array<() => Promise<T | null>>>,
): AsyncIterableIterator<T> {
  let replaying: Promise<Array<() => Promise<T | null>>> | null = null;
  let done = false;
  const finish = async (): Promise<IteratorResult<T>> => {
    done = true;
    return (await live.return?.()) ?? { value: undefined, done: true };
  };
  const iterator: AsyncIterableIterator<T> = {
    async next(): Promise<IteratorResult<T>> {
      if (done) return { value: undefined, done: true };
      try {
        const pending = await (replaying ??= replay());
        for (let produce = pending.shift(); produce && !done; produce = pending.shift()) {
          const value = await produce();
          if (value !== null && !done) return { value, done: false };
        }
      } catch (error) {
        await finish();
        throw error;
      }
      if (done) return { value: undefined, done: true };
      return live.next();
    },
    return: finish,
    throw: async (error?: unknown) => {
      await finish();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
