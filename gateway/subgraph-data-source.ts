import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayContext } from './gateway-context';

/**
 * Forwards the caller's bearer token and request id to every subgraph, which
 * verify the token again: identity travels with the request, never as a
 * trusted header that a direct caller could forge. Constructed with the
 * gateway's shared `fetcher` (subgraph-fetcher), which requests and
 * subscription events both send through.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if (!('authorization' in context) || !request.http) return;
    request.http.headers.set('authorization', context.authorization);
    request.http.headers.set('x-request-id', context.requestId);
  }
}
