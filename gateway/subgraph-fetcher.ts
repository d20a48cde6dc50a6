import type { Fetcher, FetcherRequestInit, FetcherResponse } from '@apollo/utils.fetcher';
import { Agent, request } from 'undici';

/** The gateway's connections to its subgraphs, and the fetcher its data sources send through them. */
export interface SubgraphConnections {
  fetcher: Fetcher;
  close(): Promise<void>;
}

/**
 * Subgraph requests over undici's pooled keep-alive connections. The
 * gateway's CPU per operation is its latency over the subgraph's: with
 * node-fetch over http.Agent a one-fetch mutation cost the gateway about
 * 520 µs of CPU, with undici's request about 420 µs (Node's own fetch, with
 * web streams, costs more than node-fetch). The body is read whole, as the
 * gateway parses every subgraph response whole anyway.
 */
export function createSubgraphConnections(): SubgraphConnections {
  const dispatcher = new Agent({ connections: 64, pipelining: 1 });
  return {
    fetcher: async (url: string, init: FetcherRequestInit = {}): Promise<FetcherResponse> => {
      const response = await request(url, {
        dispatcher,
        method: init.method ?? 'GET',
        headers: init.headers,
        body: init.body,
        signal: init.signal,
      });
      return new BufferedResponse(url, response.statusCode, toHeaders(response.headers), await response.body.text());
    },
    close: () => dispatcher.close(),
  };
}

function toHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  return headers;
}

/** A subgraph response whose body has been read. */
class BufferedResponse implements FetcherResponse {
  readonly redirected = false;
  readonly statusText = '';
  bodyUsed = false;

  constructor(
    readonly url: string,
    readonly status: number,
    readonly headers: Headers,
    private readonly body: string,
  ) {}

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  async text(): Promise<string> {
    this.bodyUsed = true;
    return this.body;
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = Buffer.from(await this.text());
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  clone(): FetcherResponse {
    return new BufferedResponse(this.url, this.status, this.headers, this.body);
  }
}
