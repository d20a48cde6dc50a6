import { randomUUID } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from '../logger';

/** The caller's request id (forwarded by the gateway) or a new one. */
export function requestIdFrom(headers: IncomingHttpHeaders): string {
  const given = headers['x-request-id'];
  const id = Array.isArray(given) ? given[0] : given;
  return id && /^[\w.-]{1,128}$/.test(id) ? id : randomUUID();
}

/** One structured log line per operation, with its duration and error codes. */
export function requestLoggingPlugin<C extends { logger: Logger }>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart({ contextValue, request }) {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ errors, operationName }) {
          const ms = Number(process.hrtime.bigint() - started) / 1e6;
          const codes = errors?.map((error) => error.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
          contextValue.logger.info({ operation: operationName ?? request.operationName, ms, errors: codes }, 'graphql');
        },
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            if (!error.extensions?.code || error.extensions.code === 'INTERNAL_SERVER_ERROR') {
              contextValue.logger.error({ err: error.originalError ?? error, path: error.path }, 'resolver failed');
            }
          }
        },
      };
    },
  };
}
