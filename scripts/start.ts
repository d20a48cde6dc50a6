import 'reflect-metadata';
import { Role, signToken } from '../lib/auth';
import { loadConfig } from '../lib/config';
import { createLogger } from '../lib/logger';
import { seedDemoIfEmpty } from './demo/seed';
import { startGraph } from './graph';
import { closeOnSignals } from '../lib/server/shutdown';

/** `npm start`: the whole graph in one process, seeded with demo data on first start. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, 'leadflow');
  const graph = await startGraph(config, logger);
  const adminToken = signToken(config.jwtSecret, { sub: 'dev-admin', role: Role.ADMIN });
  if (config.seedDemo) {
    const agentToken = (agentId: string): string =>
      signToken(config.jwtSecret, { sub: `demo-agent-${agentId}`, role: Role.AGENT, agentId });
    await seedDemoIfEmpty(graph.gateway.graphqlUrl, { admin: adminToken, agent: agentToken }, logger);
  }

  console.log(
    [
      '',
      `Leadflow gateway: ${graph.gateway.graphqlUrl}  (health: ${graph.gateway.url}/health)`,
      `Database: ${config.databaseUrl.replace(/\/\/[^@]*@/, '//***@')}`,
      `ADMIN token (12h): ${adminToken}`,
      '',
      `Try: curl -s ${graph.gateway.graphqlUrl} -H 'content-type: application/json' \\`,
      `       -H "authorization: Bearer $TOKEN" -d '{"query":"{ agents(first: 3) { name territories { name } performance { bindRate } } }"}'`,
      '',
    ].join('\n'),
  );

  closeOnSignals(async () => {
    await graph.close();
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
