import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { adminToken } from '../support/tokens';
import { dataOf, postGraphQL } from '../support/graphql-client';
import { tempSqliteUrl } from '../support/sqlite';
import { TEST_JWT_SECRET } from '../support/tokens';

const START = join(__dirname, '..', '..', 'dist', 'scripts', 'start.js');

/** Runs what `npm start` runs (after its build) and resolves with the gateway URL it prints. */
function startLeadflow(databaseUrl: string): Promise<{ url: string; child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, [START], {
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: databaseUrl,
      JWT_SECRET: TEST_JWT_SECRET,
      LOG_LEVEL: 'warn',
      PORT: '0',
      LEADS_PORT: '0',
      AGENTS_PORT: '0',
      TERRITORIES_PORT: '0',
      OUTCOMES_PORT: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no gateway URL printed:\n${output}`)), 90_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /Leadflow gateway: (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1], child, output: () => output });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`start exited with ${code}:\n${output}`)));
  });
}

const stop = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

describe('npm start on an empty embedded database', () => {
  const sqlite = tempSqliteUrl();
  afterAll(() => sqlite.remove());

  it('seeds a demo data set once, and serves agents with territories and performance', async () => {
    const first = await startLeadflow(sqlite.url);
    try {
      expect(first.output()).toMatch(/ADMIN token \(12h\): \S+\.\S+\.\S+/);
      const { agents } = dataOf(
        await postGraphQL<{
          agents: Array<{
            timezone: string;
            licenses: Array<{ state: string }>;
            territories: Array<{ name: string }>;
            performance: { leads: number };
          }>;
        }>(
          first.url,
          '{ agents(first: 500) { timezone licenses { state } territories { name } performance { leads } } }',
          {},
          adminToken(),
        ),
      );
      expect(agents.length).toBeGreaterThanOrEqual(190);
      const homeStates = new Set(agents.map((agent) => agent.licenses[0]?.state));
      expect(homeStates.size).toBeGreaterThanOrEqual(8);
      expect(agents.every((agent) => agent.territories.length > 0)).toBe(true);
      expect(agents.some((agent) => agent.performance.leads > 0)).toBe(true);
      const { leads } = dataOf(
        await postGraphQL<{ leads: unknown[] }>(first.url, '{ leads(first: 500) { id } }', {}, adminToken()),
      );
      expect(leads.length).toBeGreaterThan(0);
    } finally {
      await stop(first.child);
    }

    const second = await startLeadflow(sqlite.url);
    try {
      const { agents } = dataOf(
        await postGraphQL<{ agents: unknown[] }>(second.url, '{ agents(first: 500) { id } }', {}, adminToken()),
      );
      expect(agents.length).toBeGreaterThanOrEqual(190);
      expect(agents.length).toBeLessThan(400);
    } finally {
      await stop(second.child);
    }
  }, 180_000);
});
