import { buildOperationContext, type ServiceEndpointDefinition } from '@apollo/gateway';
import { operationFromDocument, Supergraph, type Schema } from '@apollo/federation-internals';
import { QueryPlanner, type FetchNode, type PlanNode } from '@apollo/query-planner';
import type { DocumentNode, GraphQLSchema } from 'graphql';

type OperationContext = ReturnType<typeof buildOperationContext>;

/** How a subscription is served: one subscription to the owning subgraph, then fetches per event. */
export interface SubscriptionPlan {
  /** The subscription sent to the subgraph that owns the root field. */
  primary: FetchNode;
  /** The other subgraphs' fields, fetched for each event; absent when the owner serves every field. */
  rest: PlanNode | undefined;
  operationContext: OperationContext;
}

export type SubgraphEndpoint = Pick<ServiceEndpointDefinition, 'name' | 'url'>;

/**
 * Plans subscriptions over the same static supergraph the gateway serves
 * queries from: @apollo/query-planner makes a `SubscriptionNode { primary, rest }`
 * that @apollo/gateway itself refuses to execute.
 */
export class SubscriptionPlanner {
  readonly apiSchema: Schema;
  /** The schema clients validate against (same as the gateway's HTTP endpoint). */
  readonly apiGraphQLSchema: GraphQLSchema;
  readonly supergraphSchema: GraphQLSchema;
  private readonly planner: QueryPlanner;
  private readonly plans = new Map<string, SubscriptionPlan>();

  constructor(supergraphSdl: string) {
    const supergraph = Supergraph.build(supergraphSdl);
    this.apiSchema = supergraph.apiSchema();
    this.apiGraphQLSchema = this.apiSchema.toGraphQLJSSchema();
    this.supergraphSchema = supergraph.schema.toGraphQLJSSchema();
    this.planner = new QueryPlanner(supergraph);
  }

  /** The plan of a validated subscription document, cached by its text and operation name. */
  plan(document: DocumentNode, source: string, operationName: string | null | undefined): SubscriptionPlan {
    const key = `${operationName ?? ''}\n${source}`;
    const cached = this.plans.get(key);
    if (cached) return cached;
    const operation = operationFromDocument(this.apiSchema, document, { operationName: operationName ?? undefined });
    const { node } = this.planner.buildQueryPlan(operation);
    if (node?.kind !== 'Subscription') throw new Error('Not a subscription operation');
    const plan: SubscriptionPlan = {
      primary: node.primary,
      rest: node.rest,
      operationContext: buildOperationContext({
        schema: this.apiGraphQLSchema,
        operationDocument: document,
        operationName: operationName ?? undefined,
      }),
    };
    this.plans.set(key, plan);
    return plan;
  }
}
