import { describe, expect, it } from 'vitest';
import { ApiError, isRetryable, parseRetryAfter } from './api-error';

describe('isRetryable', () => {
  const err = (code: string, status?: number, extensions: Record<string, unknown> = {}) => new ApiError(code, code, { status, extensions });

  it.each([
    ['BAD_USER_INPUT', 200],
    ['BAD_USER_INPUT', 400],
    ['FORBIDDEN', 200],
    ['LEASE_LOST', 200],
    ['UNAUTHENTICATED', 200],
    ['UNAUTHENTICATED', 401],
    ['NOT_FOUND', 200],
    ['CONFLICT', 200],
    ['GRAPHQL_VALIDATION_FAILED', 400],
    ['GRAPHQL_PARSE_FAILED', 400],
  ])('%s (HTTP %s) is a definite refusal', (code, status) => {
    expect(isRetryable(err(code, status))).toBe(false);
  });

  it('a lost lease reported as FORBIDDEN with reason LEASE_LOST is a refusal', () => {
    const e = err('FORBIDDEN', 200, { reason: 'LEASE_LOST' });
    expect(e.leaseLost).toBe(true);
    expect(isRetryable(e)).toBe(false);
  });

  it.each([
    ['INTERNAL_SERVER_ERROR', 200],
    ['INTERNAL_SERVER_ERROR', 500],
    ['SERVICE_UNAVAILABLE', 503],
    // The codes themselves, whatever the status (cases of harden-data's isDefiniteRefusal).
    ['SERVICE_UNAVAILABLE', 200],
    ['RATE_LIMITED', 200],
    // A 5xx is server trouble whatever code it carries (e.g. auth failing while the database is down).
    ['UNAUTHENTICATED', 503],
    ['BAD_RESPONSE', 502],
    ['RATE_LIMITED', 429],
    ['BAD_RESPONSE', 408],
    ['NETWORK_ERROR', undefined],
    ['BAD_RESPONSE', 200],
    // A code this client does not know is not a definite refusal.
    ['SOMETHING_NEW', 200],
    ['SOMETHING_NEW', 400],
  ])('%s (HTTP %s) is retried', (code, status) => {
    expect(isRetryable(err(code, status))).toBe(true);
  });

  it('an error without a code (an answer that is not a GraphQL error) is retried', () => {
    expect(isRetryable(new ApiError('no code', 'BAD_RESPONSE', { status: 200, extensions: {} }))).toBe(true);
  });

  it('errors that are not ApiErrors (bugs of the caller) are not retried', () => {
    expect(isRetryable(new TypeError('x is not a function'))).toBe(false);
    expect(isRetryable('boom')).toBe(false);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
