import type { Server } from 'node:http';
import type { ErrorRequestHandler, RequestHandler } from 'express';

/** Largest GraphQL request body (a logMetrics batch of 10,000 points is about 0.6 MB). */
export const MAX_BODY = '8mb';
/** A GraphQL request's body must have arrived this long after its headers. */
export const BODY_DEADLINE_MS = 30_000;
/** Request headers must have arrived this long after the connection opened (slowloris). */
export const HEADERS_TIMEOUT_MS = 15_000;

/** Node's own timeouts: headers within HEADERS_TIMEOUT_MS (the request timeout stays Node's 300 s, for artifact uploads). */
export function applyServerTimeouts(server: Server): void {
  server.headersTimeout = HEADERS_TIMEOUT_MS;
}

/** Drops a connection whose request body is still arriving after `ms` (slow-body clients). */
export function bodyDeadline(ms = BODY_DEADLINE_MS): RequestHandler {
  return (req, _res, next) => {
    if (req.readableEnded) return next();
    const timer = setTimeout(() => req.socket.destroy(), ms);
    timer.unref();
    const clear = () => clearTimeout(timer);
    req.once('end', clear);
    req.once('close', clear);
    next();
  };
}

/**
 * Bodies that cannot be read (malformed JSON, too large, an unsupported encoding: body-parser's
 * errors, which carry a `type`) are answered as GraphQL errors in JSON, with no stack or path,
 * instead of Express's HTML page; anything else as a masked internal error.
 */
export const bodyErrorHandler: ErrorRequestHandler = (err, _req, res, next) => {
  if (res.headersSent) return next(err);
  if (typeof err?.type !== 'string') {
    res.status(500).json({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
    return;
  }
  const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 400;
  const message =
    err?.type === 'entity.too.large'
      ? `the request body is larger than ${MAX_BODY}`
      : err?.type === 'entity.parse.failed'
        ? 'the request body is not valid JSON'
        : 'the request body could not be read';
  res.status(status).json({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });
};
