import { buildSubgraphSchema as buildApolloSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { mergeResolvers } from '@graphql-tools/merge';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { parse, type GraphQLSchema } from 'graphql';
import { buildSchema, createResolversMap, type NonEmptyArray } from 'type-graphql';
import { DateTimeScalar } from '../domain/scalars';
import '../domain/enums';

/** Federation 2.7 directives a subgraph may use through type-graphql's `@Directive`. */
const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible"])`;

export interface SubgraphSchemaOptions {
  resolvers: NonEmptyArray<Function>;
  /** Resolver instances, constructed with their services by the subgraph. */
  resolverInstances: object[];
  orphanedTypes?: Function[];
  /** `__resolveReference` per entity type, batched through the request's loaders. */
  referenceResolvers?: GraphQLResolverMap<unknown>;
  /**
   * Subscription fields, in SDL with their `subscribe` and `resolve`: declared
   * here rather than with type-graphql's `@Subscription`, whose static
   * `subscribe` cannot reach the module's event bus.
   */
  subscriptions?: { typeDefs: string; resolvers: GraphQLResolverMap<unknown> };
}

/**
 * Builds a Federation 2 subgraph schema from type-graphql classes: type-graphql
 * produces the SDL and resolvers, @apollo/subgraph adds `_entities` and `_service`.
 */
export async function buildSubgraphSchema(options: SubgraphSchemaOptions): Promise<GraphQLSchema> {
  const instances = new Map<unknown, object>(
    options.resolverInstances.map((instance) => [instance.constructor, instance]),
  );
  const schema = await buildSchema({
    resolvers: options.resolvers,
    orphanedTypes: options.orphanedTypes,
    // A subgraph may have no Query of its own; composition checks the whole graph.
    skipCheck: true,
    validate: false,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    container: {
      get: (resolverClass: unknown) => {
        const instance = instances.get(resolverClass);
        if (!instance) throw new Error(`No instance given for resolver ${String((resolverClass as Function).name)}`);
        return instance;
      },
    },
  });
  const typeDefs = parse(
    `${FEDERATION_LINK}\n${printSchemaWithDirectives(schema)}\n${options.subscriptions?.typeDefs ?? ''}`,
  );
  return buildApolloSubgraphSchema({
    typeDefs,
    resolvers: mergeResolvers([
      createResolversMap(schema) as GraphQLResolverMap<unknown>,
      options.referenceResolvers ?? {},
      options.subscriptions?.resolvers ?? {},
    ]) as GraphQLResolverMap<unknown>,
  });
}
