import type { Agent } from 'node:http';
import nodeFetch from 'node-fetch';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
}

/**
 * POSTs one operation the way a portal or partner would, bearer token optional.
 * `agent`: keep-alive connections to reuse, sent through node-fetch; a load
 * generator on the machine it measures needs that, because Node's own fetch
 * (undici) costs it about twice the CPU per request.
 */
export async function postGraphQL<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
  agent?: Agent,
): Promise<GraphQLResponse<T>> {
  const init = {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  };
  const response = agent ? await nodeFetch(url, { ...init, agent }) : await fetch(url, init);
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
