import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import { viewerFromAuthorization } from '../auth';
import type { RequestContext } from '../context';
import { formatError } from '../errors';
import type { Logger } from '../logger';
import { listen, type RunningHttpServer } from './http';
import { requestIdFrom, requestLoggingPlugin } from './request-logging';

export interface SubgraphServerOptions<Loaders> {
  name: string;
  schema: GraphQLSchema;
  port: number;
  host?: string;
  jwtSecret: string;
  logger: Logger;
  /** A fresh set of DataLoaders per request, so no request sees another's cache. */
  createLoaders: () => Loaders;
  /** Health probe, e.g. a `SELECT 1` on the subgraph's database. */
  isReady: () => Promise<boolean>;
}

export interface RunningSubgraph extends RunningHttpServer {
  name: string;
  /** The subgraph's GraphQL endpoint. */
  graphqlUrl: string;
}

/**
 * Serves one subgraph over HTTP: `POST /graphql` and `GET /health`. Every
 * operation needs a valid JWT, even when the gateway already checked it,
 * because a subgraph may be reached without going through the gateway.
 */
export async function serveSubgraph<Loaders>(options: SubgraphServerOptions<Loaders>): Promise<RunningSubgraph> {
  const app = express();
  app.disable('x-powered-by');
  const apollo = new ApolloServer<RequestContext<Loaders>>({
    schema: options.schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    // Federated traces are for Apollo's hosted reporting, which Leadflow does not use.
    plugins: [requestLoggingPlugin(), ApolloServerPluginInlineTraceDisabled()],
  });

  app.get('/health', async (_req, res) => {
    const ready = await options.isReady().catch(() => false);
    res.status(ready ? 200 : 503).json({ service: options.name, status: ready ? 'ok' : 'unavailable' });
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
        return {
          requestId,
          viewer: viewerFromAuthorization(options.jwtSecret, req.headers.authorization),
          logger: options.logger.child({ requestId }),
          loaders: options.createLoaders(),
        };
      },
    }),
  );

  options.logger.info({ port: running.port }, `${options.name} subgraph ready`);
  return {
    ...running,
    name: options.name,
    graphqlUrl: `${running.url}/graphql`,
    close: async () => {
      await apollo.stop();
      await running.close().catch(() => undefined);
    },
  };
}
