import { Agent, request } from 'undici';
import { Role, signToken } from '../lib/auth';
import { dataOf, type GraphQLResponse } from '../lib/graphql-client';

/** Calls the graph as a given role, failing loudly on any GraphQL error. */
export class GraphClient {
  private readonly tokens = new Map<string, string>();
  /**
   * Reused connections, as a partner's client keeps them, through undici's
   * request: the load generator shares the machine it measures, and this costs
   * it less CPU per request than node-fetch over http.Agent (as the gateway's
   * subgraph fetcher found).
   */
  private readonly dispatcher = new Agent({ connections: 64 });

  constructor(
    readonly url: string,
    private readonly jwtSecret: string,
  ) {}

  tokenFor(role: Role, id?: string): string {
    const key = `${role}:${id ?? ''}`;
    let token = this.tokens.get(key);
    if (!token) {
      const sub = `bench-${role.toLowerCase()}-${id ?? '1'}`;
      token = signToken(this.jwtSecret, {
        sub,
        role,
        agentId: role === Role.AGENT ? id : undefined,
        partnerId: role === Role.PARTNER ? id : undefined,
      });
      this.tokens.set(key, token);
    }
    return token;
  }

  async as<T>(role: Role, query: string, variables: Record<string, unknown> = {}, id?: string): Promise<T> {
    const response = await request(this.url, {
      dispatcher: this.dispatcher,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.tokenFor(role, id)}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.body.json()) as Omit<GraphQLResponse<T>, 'status'>;
    return dataOf({ status: response.statusCode, ...body });
  }

  admin<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    return this.as<T>(Role.ADMIN, query, variables);
  }
}
