import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { freePort } from './processes';

export interface TcpProxy {
  port: number;
  /** Refuses new connections and cuts open ones, as if the server behind it had stopped. */
  stop(): Promise<void>;
  /** Accepts connections again on the same port. */
  start(): Promise<void>;
  /**
   * Stops forwarding on the open connections without closing them, as when
   * the server's host vanished or a NAT forgot the connection; new
   * connections are forwarded as before.
   */
  hang(): void;
  close(): Promise<void>;
}

/**
 * A TCP proxy to `targetPort` on 127.0.0.1, so a test can make a shared
 * server (the CI's Redis) unreachable for the processes under test without
 * stopping it for everyone else.
 */
export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const port = await freePort();
  const sockets = new Set<Socket>();
  const pairs = new Set<[Socket, Socket]>();
  let server: Server | null = null;

  const start = async (): Promise<void> => {
    if (server) return;
    const listening = createServer((client) => {
      const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      const pair: [Socket, Socket] = [client, upstream];
      pairs.add(pair);
      client.on('close', () => pairs.delete(pair));
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      listening.once('error', reject);
      listening.listen(port, '127.0.0.1', () => resolve());
    });
    server = listening;
  };

  const stop = async (): Promise<void> => {
    const listening = server;
    server = null;
    for (const socket of sockets) socket.destroy();
    if (listening) await new Promise<void>((resolve) => listening.close(() => resolve()));
  };

  const hang = (): void => {
    for (const [client, upstream] of pairs) {
      client.unpipe(upstream);
      upstream.unpipe(client);
      // Whatever arrives from now on is swallowed, neither forwarded nor refused.
      client.resume();
      upstream.resume();
    }
    pairs.clear();
  };

  await start();
  return { port, start, stop, hang, close: stop };
}
