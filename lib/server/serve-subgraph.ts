import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
} from '@apollo/server/plugin/disabled';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import type { RequestContext } from '../context';
import { formatError } from '../errors';
import type { Logger } from '../logger';
import { serveGraphQL } from './graphql-http';
import type { RunningHttpServer } from './http';
import { requestLoggingPlugin } from './request-logging';

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
 * Serves one subgraph over HTTP: `POST /graphql` and `GET /health`, and its
 * subscriptions over graphql-ws on `/graphql` (the gateway subscribes there). Every
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
    // Federated traces are for Apollo's hosted reporting, which Leadflow does not use; no response
    // may be cached (graphql-handler says so), so per-field cache hints would be computed for nothing.
    plugins: [
      requestLoggingPlugin(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
    ],
  });

  app.get('/health', async (_req, res) => {
    const ready = await options.isReady().catch(() => false);
    res.status(ready ? 200 : 503).json({ service: options.name, status: ready ? 'ok' : 'unavailable' });
  });

  const running = await serveGraphQL({
    app,
    apollo,
    port: options.port,
    host: options.host,
    jwtSecret: options.jwtSecret,
    logger: options.logger,
    context: ({ requestId, viewer, logger }) => ({ requestId, viewer, logger, loaders: options.createLoaders() }),
    subscriptions: {
      schema: options.schema,
      // Loaders for the subscription's own fields; its resolvers replace them with fresh ones per event.
      context: ({ requestId, viewer, logger }) => ({ requestId, viewer, logger, loaders: options.createLoaders() }),
    },
  });
  options.logger.info({ port: running.port }, `${options.name} subgraph ready`);
  return { ...running, name: options.name, graphqlUrl: `${running.url}/graphql` };
}
