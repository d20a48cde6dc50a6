import { executeQueryPlan, type GraphQLDataSource } from '@apollo/gateway';
import type { QueryPlan } from '@apollo/query-planner';
import { GraphQLError, print, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { SubgraphName } from '../../lib/config';
import { pushIterator } from '../../lib/push-iterator';
import type { GatewayContext } from '../gateway-context';
import type { SubscriptionPlan, SubscriptionPlanner } from './subscription-planner';
import type { UpstreamSubscriptions } from './upstream-subscriptions';

/** The serviceMap entry that hands executeQueryPlan the event the primary subscription delivered. */
const EVENT_SOURCE = '__subscription_event__';

export interface SubscriptionExecutorOptions {
  planner: SubscriptionPlanner;
  upstream: UpstreamSubscriptions;
  /** The data sources the gateway fetches with (they forward the caller's token). */
  dataSources: Record<string, GraphQLDataSource<GatewayContext>>;
  subgraphUrls: Record<SubgraphName, string>;
}

/**
 * Executes a subscription as a federated router does: the primary fetch runs
 * as a graphql-ws subscription to the subgraph owning the root field; for
 * each event it delivers, the rest of the plan (other subgraphs' fields) runs
 * through @apollo/gateway's `executeQueryPlan`, as a sequence whose first
 * fetch is served by the event itself. Every event's fetches are new HTTP
 * requests, so each subgraph resolves them with fresh DataLoaders. When the
 * subgraph's subscription ends (completed, failed, or refused on reconnecting),
 * the client's completes after its last result, so the client can resubscribe.
 */
export function createSubscriptionExecutor(options: SubscriptionExecutorOptions) {
  return (args: ExecutionArgs): AsyncIterableIterator<ExecutionResult> | ExecutionResult => {
    const context = args.contextValue as GatewayContext;
    const source = print(args.document);
    let plan: SubscriptionPlan;
    try {
      plan = options.planner.plan(args.document, source, args.operationName);
    } catch (error) {
      return { errors: [new GraphQLError(error instanceof Error ? error.message : 'Cannot plan the subscription')] };
    }
    const url = options.subgraphUrls[plan.primary.serviceName as SubgraphName];
    if (!url) return { errors: [new GraphQLError(`No subgraph named ${plan.primary.serviceName}`)] };
    const variables = (args.variableValues ?? {}) as Record<string, unknown>;
    const primaryVariables = Object.fromEntries(
      (plan.primary.variableUsages ?? []).filter((name) => name in variables).map((name) => [name, variables[name]]),
    );

    return pushIterator<ExecutionResult>((push, end) =>
      options.upstream.listen(
        url,
        context.authorization,
        { query: plan.primary.operation, variables: primaryVariables },
        {
          next: (event) =>
            push(() => completeEvent(options, plan, source, variables, context, event), latestStateKey(event)),
          end,
        },
      ),
    );
  };
}

/**
 * Root fields each of whose events is one agent's state as it is now
 * (capacity): for a slow client a newer one replaces the agent's older one
 * still waiting, as the subgraph's own stream does, rather than counting
 * towards SUBSCRIBER_TOO_SLOW. The gateway knows it only of these fields.
 */
const LATEST_STATE_FIELDS = new Set(['agentCapacityChanged']);

/** The agent whose latest state `event` is, when it is one (and carries its `agentId`). */
function latestStateKey(event: ExecutionResult): string | undefined {
  for (const [field, value] of Object.entries(event.data ?? {})) {
    const agentId = (value as { agentId?: unknown } | null)?.agentId;
    if (LATEST_STATE_FIELDS.has(field) && typeof agentId === 'string') return agentId;
  }
  return undefined;
}

/** One event's full result: the subgraph's own fields plus the rest of the plan. */
async function completeEvent(
  options: SubscriptionExecutorOptions,
  plan: SubscriptionPlan,
  source: string,
  variables: Record<string, unknown>,
  context: GatewayContext,
  event: ExecutionResult,
): Promise<ExecutionResult> {
  if (!event.data) return { errors: event.errors ?? [new GraphQLError('The subgraph sent an empty event')] };
  const primary = { ...plan.primary, serviceName: EVENT_SOURCE };
  const queryPlan: QueryPlan = {
    kind: 'QueryPlan',
    node: plan.rest ? { kind: 'Sequence', nodes: [primary, plan.rest] } : primary,
  };
  const eventSource: GraphQLDataSource<GatewayContext> = {
    process: async () => ({ data: event.data, errors: event.errors }),
  };
  const requestContext = {
    request: { query: source, variables, operationName: plan.operationContext.operation.name?.value },
    context,
    document: plan.operationContext.operation,
    operationName: plan.operationContext.operation.name?.value ?? null,
    logger: context.logger,
    metrics: {},
    overallCachePolicy: undefined,
  };
  const result = await executeQueryPlan(
    queryPlan,
    { ...options.dataSources, [EVENT_SOURCE]: eventSource },
    requestContext as unknown as Parameters<typeof executeQueryPlan>[2],
    plan.operationContext,
    options.planner.supergraphSchema,
    options.planner.apiSchema,
  );
  return result as ExecutionResult;
}
