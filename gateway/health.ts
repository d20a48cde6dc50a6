import type { SubgraphName } from '../lib/config';

export interface GraphHealth {
  ok: boolean;
  subgraphs: Record<string, 'ok' | 'unavailable'>;
}

/** A subgraph's `/health` beside its `/graphql` endpoint. */
export const healthUrlOf = (graphqlUrl: string): string => graphqlUrl.replace(/\/graphql\/?$/, '/health');

/** Ready only when every subgraph answers its health check within the timeout. */
export async function checkSubgraphs(urls: Record<SubgraphName, string>, timeoutMs = 1500): Promise<GraphHealth> {
  const entries = await Promise.all(
    Object.entries(urls).map(async ([name, url]) => {
      try {
        const response = await fetch(healthUrlOf(url), { signal: AbortSignal.timeout(timeoutMs) });
        return [name, response.ok ? 'ok' : 'unavailable'] as const;
      } catch {
        return [name, 'unavailable'] as const;
      }
    }),
  );
  return { ok: entries.every(([, status]) => status === 'ok'), subgraphs: Object.fromEntries(entries) };
}
