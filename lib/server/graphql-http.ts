import type { ApolloServer, BaseContext } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import type { Express } from 'express';
import { viewerFromAuthorization, type Viewer } from '../auth';
import type { Logger } from '../logger';
import { graphqlRequestHandler, isGraphQLPath, sendError } from './graphql-handler';
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
 * Listens, starts Apollo with connection draining, and serves `/graphql`
 * (graphql-handler) ahead of the app's own routes. Every operation needs a
 * valid bearer token (UNAUTHENTICATED, HTTP 401, otherwise). With
 * `subscriptions`, graphql-ws runs on the same path.
 */
export async function serveGraphQL<Context extends BaseContext>(
  options: GraphQLHttpOptions<Context>,
): Promise<RunningHttpServer> {
  const { app, apollo } = options;
  // The app's own routes (/health) are never revalidated: hashing their bodies for an ETag is wasted CPU.
  app.set('etag', false);
  const graphql = graphqlRequestHandler(apollo, async (req) => {
    const requestId = requestIdFrom(req.headers);
    const authorization = req.headers.authorization ?? '';
    const viewer = viewerFromAuthorization(options.jwtSecret, authorization);
    return options.context({ requestId, viewer, logger: options.logger.child({ requestId }), authorization });
  });
  // Until Apollo has started, /graphql falls through to the app, which answers 404.
  let started = false;
  const running = await listen(
    (req, res) => {
      if (!started || !isGraphQLPath(req.url)) {
        app(req, res);
        return;
      }
      graphql(req, res).catch((error: unknown) => {
        options.logger.error({ err: error }, 'graphql request failed');
        // Mid-stream, only cutting the connection tells the caller the response is incomplete.
        if (res.headersSent) res.destroy();
        else sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
      });
    },
    options.port,
    options.host,
  );
  const websocket = options.subscriptions
    ? serveGraphQLWs(running.server, { ...options.subscriptions, jwtSecret: options.jwtSecret, logger: options.logger })
    : null;
  apollo.addPlugin(ApolloServerPluginDrainHttpServer({ httpServer: running.server }));
  await apollo.start();
  started = true;
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
