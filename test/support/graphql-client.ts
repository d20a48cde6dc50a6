import type { GraphQLResponse } from '../../lib/graphql-client';

export { dataOf, postGraphQL, type GraphQLResponse } from '../../lib/graphql-client';

/** The `extensions.code` of the first error. */
export const errorCode = (response: GraphQLResponse<unknown>): unknown => response.errors?.[0]?.extensions?.code;

/** Sends one operation to a fixed endpoint. */
export type GraphQLRequester = <T = Record<string, unknown>>(
  query: string,
  variables?: Record<string, unknown>,
  token?: string,
) => Promise<GraphQLResponse<T>>;
