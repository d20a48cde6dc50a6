import { Socket } from 'node:net';
import { dataOf } from '../support/graphql-client';
import { startTestGraph, type TestGraph } from '../support/graph';
import { adminToken } from '../support/tokens';

/** Where a `Socket#connect` call goes: a host, or a Unix socket's path. */
function destinationOf(args: unknown[]): string {
  // net.connect and the HTTP agents pass their arguments already normalized, as one array.
  const [first, second] = Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
  if (typeof first === 'object' && first !== null) {
    const options = first as { host?: string; path?: string };
    return options.path ?? options.host ?? 'localhost';
  }
  return typeof second === 'string' ? second : 'localhost';
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/;

describe('a gateway started with the default configuration', () => {
  let graph: TestGraph;
  let connect: jest.SpyInstance;

  beforeAll(async () => {
    // A spy calls through to the real connect and records each call's arguments.
    connect = jest.spyOn(Socket.prototype, 'connect');
    graph = await startTestGraph({ startWorkers: false });
  });

  afterAll(async () => {
    await graph?.close();
    connect.mockRestore();
  });

  it('connects to nothing but its subgraphs: no Apollo telemetry, no cloud metadata probes', async () => {
    const { agents } = dataOf(
      await graph.request<{ agents: unknown[] }>('{ agents(first: 1) { id } }', {}, adminToken()),
    );
    expect(agents).toEqual([]);
    // The metadata probes start while the gateway is constructed; give any of them time to dial.
    await new Promise((resolve) => setTimeout(resolve, 300));

    const destinations = connect.mock.calls.map((args: unknown[]) => destinationOf(args));
    expect(destinations.length).toBeGreaterThan(0);
    expect(destinations.filter((host) => !LOOPBACK.test(host))).toEqual([]);
  });
});
