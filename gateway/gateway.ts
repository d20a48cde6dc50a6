import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import express from 'express';
import { GraphQLError } from 'graphql';
import type { SubgraphName } from '../lib/config';
import { formatError } from '../lib/errors';
import type { Logger } from '../lib/logger';
import { serveGraphQL } from '../lib/server/graphql-http';
import type { RunningHttpServer } from '../lib/server/http';
import { requestLoggingPlugin } from '../lib/server/request-logging';
import type { GatewayContext } from './gateway-context';
import { checkSubgraphs } from './health';
import { SubgraphDataSource } from './subgraph-data-source';
import { createSubgraphConnections } from './subgraph-fetcher';
import { createSubscriptionExecutor } from './subscriptions/execute-subscription';
import { SubscriptionPlanner } from './subscriptions/subscription-planner';
import { UpstreamSubscriptions } from './subscriptions/upstream-subscriptions';

export interface GatewayOptions {
  supergraphSdl: string;
  /** Where each subgraph runs; overrides the URLs recorded in the supergraph. */
  subgraphUrls: Record<SubgraphName, string>;
  port: number;
  host?: string;
  jwtSecret: string;
  logger: Logger;
  /** Config.apolloTelemetry: let @apollo/gateway report to Apollo and probe cloud metadata addresses. */
  apolloTelemetry: boolean;
}

export interface RunningGateway extends RunningHttpServer {
  graphqlUrl: string;
  /** Subscriptions the gateway holds open to subgraphs (identical ones shared). */
  upstreamSubscriptions(): number;
  /** graphql-ws connections the gateway holds to subgraphs (one per subgraph and client identity). */
  upstreamConnections(): number;
}

/**
 * The public endpoint: verifies the caller's JWT, plans each operation over
 * the static supergraph and fetches from the subgraphs. Subscriptions arrive
 * over graphql-ws on the same port and path (see subscriptions/). `GET /health` is 200
 * only when the gateway and every subgraph are ready.
 */
export async function serveGateway(options: GatewayOptions): Promise<RunningGateway> {
  const dataSources: Record<string, SubgraphDataSource> = {};
  const connections = createSubgraphConnections();
  const gateway = withApolloTelemetry(
    options.apolloTelemetry,
    () =>
      new ApolloGateway({
        supergraphSdl: options.supergraphSdl,
        buildService: ({ name, url }) =>
          (dataSources[name] = new SubgraphDataSource({
            url: options.subgraphUrls[name as SubgraphName] ?? url,
            fetcher: connections.fetcher,
          })),
      }),
  );
  const upstream = new UpstreamSubscriptions(options.logger);
  const planner = new SubscriptionPlanner(options.supergraphSdl);
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError,
    includeStacktraceInErrorResponses: false,
    plugins: [requestLoggingPlugin(), ApolloServerPluginCacheControlDisabled()],
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

  const running = await serveGraphQL({
    app,
    apollo,
    port: options.port,
    host: options.host,
    jwtSecret: options.jwtSecret,
    logger: options.logger,
    context: (request) => request,
    subscriptions: {
      schema: planner.apiGraphQLSchema,
      context: (request) => request,
      subscribe: createSubscriptionExecutor({
        planner,
        upstream,
        dataSources,
        subgraphUrls: options.subgraphUrls,
      }),
      execute: () => ({
        errors: [
          new GraphQLError('Send queries and mutations over HTTP; the socket is for subscriptions', {
            extensions: { code: 'BAD_REQUEST' },
          }),
        ],
      }),
    },
  });
  started = true;
  options.logger.info({ port: running.port }, 'gateway ready');
  return {
    ...running,
    graphqlUrl: `${running.url}/graphql`,
    upstreamSubscriptions: () => upstream.size,
    upstreamConnections: () => upstream.connections,
    close: async () => {
      await running.close();
      await upstream.close();
      await connections.close();
    },
  };
}

/**
 * Constructs the gateway with Apollo's telemetry on or off. @apollo/gateway
 * has no option for it, only this variable, read once in its constructor;
 * it is restored afterwards so that nothing else in the process sees it. A
 * lead router holds consumers' personal data and often runs where nothing
 * may call out, so by default its gateway reports nowhere and probes no
 * cloud metadata address.
 */
function withApolloTelemetry<T>(enabled: boolean, construct: () => T): T {
  const before = process.env.APOLLO_TELEMETRY_DISABLED;
  if (!enabled) process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  try {
    return construct();
  } finally {
    if (before === undefined) delete process.env.APOLLO_TELEMETRY_DISABLED;
    else process.env.APOLLO_TELEMETRY_DISABLED = before;
  }
}
