import { GraphQLError } from 'graphql';
import { ErrorCode } from './domain-error';

/** What clients are told to wait before trying again while the database is unreachable. */
export const RETRY_AFTER_SECONDS = 2;

/** Network errors of the connection to PostgreSQL. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);
/**
 * SQLSTATEs of a server that is going away or not there yet: 08000-08007 (connection exceptions;
 * not 08P01, a protocol violation, which is a bug of the query), 57P01-57P03 (admin shutdown, crash
 * shutdown, cannot connect now), 53300 (too many connections).
 */
const UNAVAILABLE_SQLSTATE = /^(0800[0-7]|57P0[123]|53300)$/;
/** node-postgres' own messages for a connection that ended or never came. */
const PG_MESSAGES = /Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|Connection is not established/i;

/**
 * Whether an error means PostgreSQL is unreachable (down, restarting, overloaded), as opposed to a
 * query that failed: the request may succeed when sent again. Looks through TypeORM's
 * `driverError` and `cause` chains.
 */
export function isDatabaseOutage(err: unknown): boolean {
  let e = err as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown[] } | undefined;
  for (let depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    if (typeof e.code === 'string' && (NETWORK_CODES.has(e.code) || UNAVAILABLE_SQLSTATE.test(e.code))) return true;
    if (typeof e.message === 'string' && PG_MESSAGES.test(e.message)) return true;
    if (Array.isArray(e.errors) && e.errors.some(isDatabaseOutage)) return true;
    e = (e.driverError ?? e.cause) as typeof e;
  }
  return false;
}

export const OUTAGE_MESSAGE = 'the database is unavailable; retry shortly';

/** The GraphQL error for a request that met a database outage: HTTP 503 with Retry-After. */
export function serviceUnavailable(): GraphQLError {
  return new GraphQLError(OUTAGE_MESSAGE, {
    extensions: {
      code: ErrorCode.ServiceUnavailable,
      retryAfterSeconds: RETRY_AFTER_SECONDS,
      http: { status: 503, headers: new Map([['retry-after', String(RETRY_AFTER_SECONDS)]]) },
    },
  });
}
