/** A field-level validation problem reported by the API (`extensions.fields`). */
export interface FieldError {
  /** Dotted path such as `input.space.rank.1`. */
  path: string;
  message: string;
}

export interface ApiErrorDetails {
  /** The GraphQL error's `extensions` (or the REST error body). */
  extensions?: Record<string, unknown>;
  fields?: FieldError[];
  /** HTTP status of the answer; absent when no answer came (network error, timeout). */
  status?: number;
  /** The server's `Retry-After`, in milliseconds. */
  retryAfterMs?: number;
  cause?: unknown;
}

/**
 * Everything that can go wrong calling the API, GraphQL or REST: a refusal with its
 * `extensions.code` (BAD_USER_INPUT, FORBIDDEN, NOT_FOUND, …), an INTERNAL_SERVER_ERROR, an HTTP
 * error, or no answer at all (`NETWORK_ERROR`, `BAD_RESPONSE`). Whether to try again is decided
 * by `isRetryable`, in one place.
 */
export class ApiError extends Error {
  readonly extensions: Record<string, unknown>;
  readonly fields: FieldError[];
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(
    message: string,
    /** `extensions.code`, or NETWORK_ERROR (no answer) / BAD_RESPONSE (an answer that is not GraphQL). */
    readonly code: string,
    details: ApiErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'ApiError';
    this.extensions = details.extensions ?? {};
    this.fields = details.fields ?? [];
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
  }

  /** The agent no longer holds the run's lease: stop writing to it. */
  get leaseLost(): boolean {
    return this.code === 'LEASE_LOST' || (this.code === 'FORBIDDEN' && this.extensions.reason === 'LEASE_LOST');
  }
}

/**
 * Codes of a definite refusal: the API understood the request and will answer the same way
 * again, so retrying cannot help. NOT_FOUND and CONFLICT are final for every operation of this
 * API (an id that does not exist does not appear later; a taken name stays taken). Parse and
 * validation failures mean client and schema disagree, which no retry repairs.
 */
export const REFUSAL_CODES: ReadonlySet<string> = new Set([
  'BAD_USER_INPUT',
  'FORBIDDEN',
  'LEASE_LOST',
  'UNAUTHENTICATED',
  'NOT_FOUND',
  'CONFLICT',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
]);

/**
 * Whether a failed call may succeed if tried again. Only a definite refusal ends retrying, so that
 * an outage never makes the agent drop acknowledged work:
 * - HTTP 5xx (503 during a database outage), 408 and 429: retried, whatever the code says;
 * - a refusal code (REFUSAL_CODES, a lost lease): final;
 * - everything else: INTERNAL_SERVER_ERROR (even with HTTP 200), SERVICE_UNAVAILABLE, rate
 *   limits, codes this client does not know, no answer at all: retried.
 * Errors that are not ApiErrors are bugs of the caller and are never retried.
 */
export function isRetryable(err: unknown): boolean {
  if (!(err instanceof ApiError)) return false;
  const status = err.status;
  if (status !== undefined && (status >= 500 || status === 408 || status === 429)) return true;
  return !(err.leaseLost || REFUSAL_CODES.has(err.code));
}

/** `Retry-After` (delta-seconds or an HTTP date) in milliseconds, if the header is present and valid. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value == null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
