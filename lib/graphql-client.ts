export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
}

/**
 * POSTs one operation the way a portal or partner would, bearer token optional.
 * (The benchmarks' load generator has its own, cheaper client: bench/graph-client.)
 */
export async function postGraphQL<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<GraphQLResponse<T>> {
  const init = {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  };
  const response = await fetch(url, init);
  const body = (await response.json()) as Omit<GraphQLResponse<T>, 'status'>;
  return { status: response.status, ...body };
}

/** The data of a response that must have succeeded; throws with the errors otherwise. */
export function dataOf<T>(response: GraphQLResponse<T>): T {
  if (response.errors?.length || !response.data) {
    throw new Error(`GraphQL errors: ${JSON.stringify(response.errors ?? response)}`);
  }
  return response.data;
}
