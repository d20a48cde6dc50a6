import type { ApolloServer, BaseContext } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type Express } from 'express';
import { viewerFromAuthorization, type Viewer } from '../auth';
import type { Logger } from '../logger';
import { serveGraphQLWs, type GraphQLWsOptions } from './graphql-ws';
import { listen, type RunningHttpServer } from './http';
import { requestIdFrom } from './request-logging';

/** What every GraphQL request carries once its bearer token is verified. */
export interface AuthenticatedRequest {
  requestId: string;
  viewer: Viewer;
  logger: Logger;
  /** The verified `Authorization` header, for forwarding. */
  authorization: string;
}

export interface GraphQLHttpOptions<Context extends BaseContext> {
  /** An app with its other routes (such as /health) already added. */
  app: Express;
  apollo: ApolloServer<Context>;
  port: number;
  host?: string;
  jwtSecret: string;
  logger: Logger;
  context: (request: AuthenticatedRequest) => Context;
  /** graphql-ws on the same port and path, for subscriptions. */
  subscriptions?: GraphQLWsOptions<unknown>;
}

/**
 * Listens, starts Apollo with connection draining, and mounts `POST /graphql`
 * where every operation needs a valid bearer token (UNAUTHENTICATED, HTTP 401, otherwise);
 * with `subscriptions`, graphql-ws on the same path.
 */
export async function serveGraphQL<Context extends BaseContext>(
  options: GraphQLHttpOptions<Context>,
): Promise<RunningHttpServer> {
  const { app, apollo } = options;
  // A GraphQL response to a POST is never revalidated, so hashing every body for an ETag is wasted CPU.
  app.set('etag', false);
  const running = await listen(app, options.port, options.host);
  const websocket = options.subscriptions
    ? serveGraphQLWs(running.server, { ...options.subscriptions, jwtSecret: options.jwtSecret, logger: options.logger })
    : null;
  apollo.addPlugin(ApolloServerPluginDrainHttpServer({ httpServer: running.server }));
  await apollo.start();
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const requestId = requestIdFrom(req.headers);
        const authorization = req.headers.authorization ?? '';
        const viewer = viewerFromAuthorization(options.jwtSecret, authorization);
        return options.context({ requestId, viewer, logger: options.logger.child({ requestId }), authorization });
      },
    }),
  );
  return {
    ...running,
    close: async () => {
      // Sockets first: the HTTP drain does not see upgraded connections.
      await websocket?.close();
      await apollo.stop();
      await running.close().catch(() => undefined);
    },
  };
}
