import 'reflect-metadata';
import { loadConfig } from '../lib/config';
import { createLogger } from '../lib/logger';
import { readSupergraph } from '../schema/supergraph';
import { serveGateway } from './gateway';
import { closeOnSignals } from '../lib/server/shutdown';

/** The gateway deployed on its own: `node --max-semi-space-size=64 dist/gateway/main.js` (README, Layout). */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, 'gateway');
  const gateway = await serveGateway({
    supergraphSdl: readSupergraph(),
    subgraphUrls: config.subgraphUrls,
    port: config.port,
    host: config.host,
    jwtSecret: config.jwtSecret,
    logger,
    apolloTelemetry: config.apolloTelemetry,
  });
  closeOnSignals(() => gateway.close());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
