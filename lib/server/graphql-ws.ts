import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import {
  getOperationAST,
  getVariableValues,
  GraphQLError,
  parse,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import type { SubscribePayload } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { viewerFromAuthorization, type Viewer } from '../auth';
import { formatError } from '../errors';
import type { Logger } from '../logger';
import type { AuthenticatedRequest } from './graphql-http';

/** WebSocket close code 1001: the server is going away. */
const GOING_AWAY = 1001;

/**
 * How long a socket has to answer the close handshake before it is cut. ws
 * waits 30 s; a peer gone without a word (a laptop lid closed, a hung link)
 * would hold a shutdown, and the background workers behind it, that long.
 */
const CLOSE_GRACE_MS = 2000;

type OperationResult =
  Promise<AsyncIterable<ExecutionResult> | ExecutionResult> | AsyncIterable<ExecutionResult> | ExecutionResult;

export interface GraphQLWsOptions<Context> {
  schema: GraphQLSchema;
  /** The context of one subscription (created once per `subscribe` message). */
  context: (request: AuthenticatedRequest) => Context;
  /** Runs subscription operations; graphql-js `subscribe` by default. */
  subscribe?: (args: ExecutionArgs) => OperationResult;
  /** Runs queries and mutations sent over the socket; graphql-js `execute` by default. */
  execute?: (args: ExecutionArgs) => OperationResult;
}

export interface RunningGraphQLWs {
  close(): Promise<void>;
}

/** The bearer token a client puts in `connectionParams` (`authorization`, or `Authorization`, or a bare `token`). */
export function authorizationFrom(params: Readonly<Record<string, unknown>> | undefined): string {
  const value = params?.authorization ?? params?.Authorization;
  if (typeof value === 'string') return value;
  return typeof params?.token === 'string' ? `Bearer ${params.token}` : '';
}

/**
 * graphql-ws on the same port and path as HTTP GraphQL. The JWT travels in
 * `connectionParams` and is verified at `connection_init`: an invalid or
 * missing token closes the socket with 4403 Forbidden before any operation.
 */
export function serveGraphQLWs<Context>(
  server: Server,
  options: GraphQLWsOptions<Context> & { jwtSecret: string; logger: Logger; path?: string },
): RunningGraphQLWs {
  const sockets = new WebSocketServer({ server, path: options.path ?? '/graphql' });
  const identities = new WeakMap<object, { viewer: Viewer; authorization: string }>();
  const disposable = useServer<Record<string, unknown>>(
    {
      schema: options.schema,
      subscribe: options.subscribe,
      execute: options.execute,
      onSubscribe: (_ctx, _id, payload) => checkOperation(options.schema, payload),
      onConnect: (ctx) => {
        const authorization = authorizationFrom(ctx.connectionParams);
        try {
          identities.set(ctx, { viewer: viewerFromAuthorization(options.jwtSecret, authorization), authorization });
          return true;
        } catch {
          return false;
        }
      },
      context: (ctx) => {
        const identity = identities.get(ctx);
        // onConnect refused every connection without one; this is a broken invariant, not a client error.
        if (!identity) throw new GraphQLError('Not authenticated', { extensions: { code: 'UNAUTHENTICATED' } });
        const requestId = randomUUID();
        return options.context({
          requestId,
          viewer: identity.viewer,
          authorization: identity.authorization,
          logger: options.logger.child({ requestId }),
        }) as Record<string, unknown>;
      },
      onError: (_ctx, _id, _payload, errors) => errors.map(formatSocketError),
      onNext: (_ctx, _id, _payload, _args, result) => {
        if (!('errors' in result) || !result.errors) return result;
        return { ...result, errors: result.errors.map(formatSocketError) };
      },
    },
    sockets,
  );
  let closing: Promise<void> | undefined;
  return {
    // Idempotent: a server may be closed by a test and again by its owner.
    close: () =>
      (closing ??= (async () => {
        for (const socket of sockets.clients) socket.close(GOING_AWAY, 'Server shutting down');
        const cut = setTimeout(() => {
          for (const socket of sockets.clients) socket.terminate();
        }, CLOSE_GRACE_MS);
        try {
          // Resolves once every socket is gone: closed by its peer, or cut.
          await disposable.dispose();
        } finally {
          clearTimeout(cut);
        }
      })()),
  };
}

/** formatError, as over HTTP: its codes for clients include SUBSCRIBER_TOO_SLOW, which only a subscription meets. */
function formatSocketError(error: GraphQLError): GraphQLError {
  return formatError(error, error) as GraphQLError;
}

/**
 * What graphql-ws does before running an operation (parse, validate, pick the
 * operation), plus the variables' coercion, with each error tagged as Apollo
 * Server tags it over HTTP: formatError masks every error without a code, and
 * these are the client's mistakes. graphql-ws's own parse error would close
 * the whole connection; this one fails the operation alone.
 */
function checkOperation(schema: GraphQLSchema, payload: SubscribePayload): ExecutionArgs | GraphQLError[] {
  let document: DocumentNode;
  try {
    document = parse(payload.query);
  } catch (error) {
    if (error instanceof GraphQLError) return [withCode(error, 'GRAPHQL_PARSE_FAILED')];
    throw error;
  }
  const invalid = validate(schema, document);
  if (invalid.length > 0) return invalid.map((error) => withCode(error, 'GRAPHQL_VALIDATION_FAILED'));
  const operationName = payload.operationName ?? undefined;
  const operation = getOperationAST(document, operationName);
  if (!operation) {
    const message = operationName
      ? `Unknown operation named "${operationName}".`
      : 'Must provide operation name if query contains multiple operations.';
    return [new GraphQLError(message, { extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } })];
  }
  // Coerced here only to report bad values; the operation still gets the raw ones, as graphql-js expects.
  const variableValues = payload.variables ?? {};
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variableValues);
  if (coerced.errors) return coerced.errors.map((error) => withCode(error, 'BAD_USER_INPUT'));
  return { schema, document, operationName, variableValues };
}

function withCode(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: { ...error.extensions, code },
  });
}
