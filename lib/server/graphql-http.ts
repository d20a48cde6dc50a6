import type { ApolloServer, BaseContext } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type Express } from 'express';
import { viewerFromAuthorization, type Viewer } from '../auth';
import type { Logger } from '../logger';
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
}

/**
 * Listens, starts Apollo with connection draining, and mounts `POST /graphql`
 * where every operation needs a valid bearer token (UNAUTHENTICATED, HTTP 401, otherwise).
 */
export async function serveGraphQL<Context extends BaseContext>(
  options: GraphQLHttpOptions<Context>,
): Promise<RunningHttpServer> {
  const { app, apollo } = options;
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
        const viewer = viewerFromAuthorization(options.jwtSecret, authorization);
        return options.context({ requestId, viewer, logger: options.logger.child({ requestId }), authorization });
      },
    }),
  );
  return {
    ...running,
    close: async () => {
      await apollo.stop();
      await running.close().catch(() => undefined);
    },
  };
}
