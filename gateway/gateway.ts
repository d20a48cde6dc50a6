import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { viewerFromAuthorization } from '../lib/auth';
import type { SubgraphName } from '../lib/config';
import { formatError } from '../lib/errors';
import type { Logger } from '../lib/logger';
import { listen, type RunningHttpServer } from '../lib/server/http';
import { requestIdFrom, requestLoggingPlugin } from '../lib/server/request-logging';
import type { GatewayContext } from './gateway-context';
import { checkSubgraphs } from './health';
import { SubgraphDataSource } from './subgraph-data-source';

export interface GatewayOptions {
  supergraphSdl: string;
  /** Where each subgraph runs; overrides the URLs recorded in the supergraph. */
  subgraphUrls: Record<SubgraphName, string>;
  port: number;
  host?: string;
  jwtSecret: string;
  logger: Logger;
}

export interface RunningGateway extends RunningHttpServer {
  graphqlUrl: string;
}

/**
 * The public endpoint: verifies the caller's JWT, plans each operation over
 * the static supergraph and fetches from the subgraphs. `GET /health` is 200
 * only when the gateway and every subgraph are ready.
 */
export async function serveGateway(options: GatewayOptions): Promise<RunningGateway> {
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) => new SubgraphDataSource({ url: options.subgraphUrls[name as SubgraphName] ?? url }),
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError,
    includeStacktraceInErrorResponses: false,
    plugins: [requestLoggingPlugin()],
  });

  const app = express();
  app.disable('x-powered-by');
  let started = false;
  app.get('/health', async (_req, res) => {
    const health = await checkSubgraphs(options.subgraphUrls);
    const ok = started && health.ok;
    res
      .status(ok ? 200 : 503)
      .json({ status: ok ? 'ok' : 'unavailable', gateway: started ? 'ok' : 'starting', ...health });
  });

  const running = await listen(app, options.port, options.host);
  apollo.addPlugin(ApolloServerPluginDrainHttpServer({ httpServer: running.server }));
  await apollo.start();
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const requestId = requestIdFrom(req.headers);
        const authorization = req.headers.authorization ?? '';
        return {
          requestId,
          viewer: viewerFromAuthorization(options.jwtSecret, authorization),
          logger: options.logger.child({ requestId }),
          authorization,
        };
      },
    }),
  );
  started = true;
  options.logger.info({ port: running.port }, 'gateway ready');
  return {
    ...running,
    graphqlUrl: `${running.url}/graphql`,
    close: async () => {
      await apollo.stop();
      await running.close().catch(() => undefined);
    },
  };
}
