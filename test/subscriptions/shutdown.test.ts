import { createConnection } from 'mysql2/promise';
import WebSocket from 'ws';
import { dataOf } from '../support/graphql-client';
import { startTestGraph, type TestGraph } from '../support/graph';
import { createTestDatabase } from '../support/mysql';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { adminToken, managerToken } from '../support/tokens';

type ScratchDatabase = Awaited<ReturnType<typeof createTestDatabase>>;

const CREATE_AGENT = 'mutation ($input: CreateAgentInput!) { createAgent(input: $input) { id } }';

/** A graphql-ws connection, acknowledged, whose link then hangs: the close handshake never completes. */
async function connectThenHang(proxy: TcpProxy, token: string): Promise<WebSocket> {
  const socket = new WebSocket(`ws://127.0.0.1:${proxy.port}/graphql`, 'graphql-transport-ws');
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const acknowledged = new Promise((resolve) => socket.once('message', resolve));
  socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
  await acknowledged;
  proxy.hang();
  return socket;
}

async function outboxRows(databaseUrl: string): Promise<{ total: number; unpublished: number }> {
  const connection = await createConnection(databaseUrl);
  try {
    const [rows] = await connection.query(
      'SELECT COUNT(*) AS total, COUNT(*) - COUNT(published_at) AS unpublished FROM outbox_events',
    );
    const [row] = rows as Array<{ total: number | string; unpublished: number | string }>;
    return { total: Number(row.total), unpublished: Number(row.unpublished) };
  } finally {
    await connection.end();
  }
}

/** The graph in one process (scripts/graph.ts, as `npm start` runs it), with its workers, over MariaDB. */
describe('closing the graph while a subscriber does not answer', () => {
  let database: ScratchDatabase;
  let graph: TestGraph | undefined;
  let proxy: TcpProxy | undefined;
  let socket: WebSocket | undefined;
  let closing: Promise<void> | undefined;

  beforeEach(async () => {
    database = await createTestDatabase();
    graph = await startTestGraph({ databaseUrl: database.url, startWorkers: true });
    proxy = await startTcpProxy(graph.graph.gateway.port);
  });
  afterEach(async () => {
    socket?.terminate();
    await proxy?.close();
    // The test's own close when it got that far: a second would close a closed pool.
    await (closing ?? graph?.close());
    await database?.drop();
    graph = proxy = socket = closing = undefined;
  });

  it('takes seconds, not ws’s 30 s close timeout, and publishes the events of requests taken while closing', async () => {
    socket = await connectThenHang(proxy!, managerToken());

    const startedAt = Date.now();
    closing = graph!.close();
    // Taken while the gateway waits for the silent socket; its outbox event is the relay's to publish.
    const created = await graph!.request<{ createAgent: { id: string } }>(
      CREATE_AGENT,
      {
        input: {
          name: 'Late Agent',
          email: 'late@agency.example',
          tier: 'SENIOR',
          timezone: 'America/Chicago',
          status: 'ONLINE',
          licenses: [{ state: 'TX', line: 'PROPERTY', expiresOn: '2099-12-31' }],
          maxOpen: 5,
          dailyCap: 20,
        },
      },
      adminToken(),
    );
    expect(dataOf(created).createAgent.id).toEqual(expect.any(String));
    await closing;

    expect(Date.now() - startedAt).toBeLessThan(8000);
    const outbox = await outboxRows(database.url);
    expect(outbox.total).toBeGreaterThan(0);
    expect(outbox.unpublished).toBe(0);
  }, 60_000);
});
