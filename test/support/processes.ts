import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { SUBGRAPH_NAMES } from '../../lib/config';
import { repositoryRoot } from '../../lib/repository-root';
import { TEST_JWT_SECRET } from './tokens';

const ROOT = repositoryRoot(__dirname);

/** The V8 flags a deployed part runs with; README, Layout, says why ("Each part also runs on its own"). */
export const DEPLOYED_NODE_FLAGS = ['--max-semi-space-size=64'] as const;

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface GraphProcesses {
  gatewayUrl: string;
  subgraphUrls: Record<string, string>;
  /** Output of every process, for diagnosing a failure. */
  output(): string;
  stop(): Promise<void>;
}

async function waitForHealth(url: string, timeoutMs: number, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(1000) })).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not become healthy in ${timeoutMs} ms:\n${output()}`);
}

/**
 * Starts the compiled subgraphs and gateway (`npm run build` first) as separate
 * processes, the way they are deployed, and waits until the gateway's /health is 200.
 */
export interface LaunchOptions {
  /** Node flags for every part besides DEPLOYED_NODE_FLAGS, e.g. `--cpu-prof` (which NODE_OPTIONS does not accept). */
  nodeArgs?: readonly string[];
  /** Told which process id runs which part (to pair CPU profiles or CPU time with parts). */
  onSpawn?: (script: string, pid: number | undefined) => void;
}

export async function startGraphProcesses(
  env: NodeJS.ProcessEnv,
  { nodeArgs = [], onSpawn }: LaunchOptions = {},
): Promise<GraphProcesses> {
  const ports = Object.fromEntries(await Promise.all(SUBGRAPH_NAMES.map(async (name) => [name, await freePort()])));
  const gatewayPort = await freePort();
  const baseEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: 'warn',
    PORT: String(gatewayPort),
    ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [`${name.toUpperCase()}_PORT`, String(ports[name])])),
    ...env,
  };
  const logs: string[] = [];
  const children: ChildProcess[] = [];
  const launch = (script: string): void => {
    const child = spawn(process.execPath, [...DEPLOYED_NODE_FLAGS, ...nodeArgs, join(ROOT, 'dist', script)], {
      env: baseEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    onSpawn?.(script, child.pid);
    child.stdout?.on('data', (chunk: Buffer) => logs.push(`[${script}] ${chunk.toString()}`));
    child.stderr?.on('data', (chunk: Buffer) => logs.push(`[${script}] ${chunk.toString()}`));
    children.push(child);
  };
  const stop = async (): Promise<void> => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 5000).unref();
          }),
      ),
    );
  };
  for (const name of SUBGRAPH_NAMES) launch(`subgraphs/${name}/main.js`);
  launch('gateway/main.js');
  const output = (): string => logs.join('');
  try {
    await waitForHealth(`http://127.0.0.1:${gatewayPort}/health`, 60_000, output);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    gatewayUrl: `http://127.0.0.1:${gatewayPort}/graphql`,
    subgraphUrls: Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, `http://127.0.0.1:${ports[name]}/graphql`])),
    output,
    stop,
  };
}
