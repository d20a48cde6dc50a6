import type { AuthenticatedRequest } from '../lib/server/graphql-http';

/** The gateway needs nothing beyond the verified request: it forwards the token to subgraphs. */
export type GatewayContext = AuthenticatedRequest;
