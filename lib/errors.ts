import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/**
 * Typed errors with a stable `extensions.code`. Every error a client can see is
 * one of these; anything else is masked as INTERNAL_SERVER_ERROR.
 */
export type ErrorCode = 'BAD_USER_INPUT' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT';

export class LeadflowError extends GraphQLError {
  constructor(message: string, code: ErrorCode, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
  }
}

export class BadUserInputError extends LeadflowError {
  /** `field` is the input path of the offending value, e.g. `input.postalCode`. */
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`, 'BAD_USER_INPUT', { field });
  }
}

export class UnauthenticatedError extends LeadflowError {
  constructor(message = 'A valid bearer token is required') {
    super(message, 'UNAUTHENTICATED', { http: { status: 401 } });
  }
}

export class ForbiddenError extends LeadflowError {
  constructor(message = 'You may not do this') {
    super(message, 'FORBIDDEN');
  }
}

export class NotFoundError extends LeadflowError {
  constructor(entity: string, id: string) {
    super(`${entity} ${id} does not exist`, 'NOT_FOUND', { entity, id });
  }
}

export class ConflictError extends LeadflowError {
  constructor(message: string) {
    super(message, 'CONFLICT');
  }
}

const CLIENT_CODES = new Set<string>([
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  // Raised by graphql-js / Apollo for malformed operations: safe to show.
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
  // A subscription whose client fell too far behind (lib/push-iterator): it should subscribe again.
  'SUBSCRIBER_TOO_SLOW',
]);

/**
 * The path of the value a graphql-js variable error is about, e.g.
 * `input.productLine` for `$input`: graphql-js names it only in its message,
 * and a client should find it in `extensions.field` as on every other
 * BAD_USER_INPUT. Undefined for any other message.
 */
export function fieldOfVariableError(message: string): string | undefined {
  const variable = /^Variable "\$([_A-Za-z][_0-9A-Za-z]*)" (?:got invalid value|of required type)/.exec(message)?.[1];
  if (variable === undefined) return undefined;
  // The value is printed before these, with its own quotes escaped.
  const at = / at "([^"]+)"; /.exec(message)?.[1] ?? variable;
  const field = /; Field "([_A-Za-z][_0-9A-Za-z]*)" (?:of required type|is not defined)/.exec(message)?.[1];
  return field === undefined ? at : `${at}.${field}`;
}

/**
 * Apollo `formatError`: keep the message and code of errors meant for clients,
 * never a stack trace, and hide everything else behind a generic message.
 */
export function formatError(formatted: GraphQLFormattedError, _error: unknown): GraphQLFormattedError {
  const code = String(formatted.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
  const { stacktrace: _stack, exception: _exception, ...extensions } = formatted.extensions ?? {};
  if (code === 'BAD_USER_INPUT' && extensions.field === undefined) {
    const field = fieldOfVariableError(formatted.message);
    if (field !== undefined) extensions.field = field;
  }
  if (CLIENT_CODES.has(code)) return { ...formatted, extensions: { ...extensions, code } };
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}
