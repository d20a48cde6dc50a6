import type { GraphQLResponse } from '../../lib/graphql-client';

export { dataOf, postGraphQL, type GraphQLResponse } from '../../lib/graphql-client';

/** The `extensions.code` of the first error. */
export const errorCode = (response: GraphQLResponse<unknown>): unknown => response.errors?.[0]?.extensions?.code;
