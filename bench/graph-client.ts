import { Agent } from 'node:http';
import { Role, signToken } from '../lib/auth';
import { dataOf, postGraphQL } from '../lib/graphql-client';

/** Calls the graph as a given role, failing loudly on any GraphQL error. */
export class GraphClient {
  private readonly tokens = new Map<string, string>();
  /** Reused connections, as a partner's client keeps them; the load generator shares the machine it measures. */
  private readonly agent = new Agent({ keepAlive: true });

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
    return dataOf(await postGraphQL<T>(this.url, query, variables, this.tokenFor(role, id), this.agent));
  }

  admin<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    return this.as<T>(Role.ADMIN, query, variables);
  }
}
