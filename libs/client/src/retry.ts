import pRetry from 'p-retry';
import { isRetryable } from './api-error';

export interface RetryOptions {
  /** Stops retrying (the call rejects with the signal's reason). */
  signal?: AbortSignal;
  /** Retries after the first attempt (default: no limit). */
  retries?: number;
  /** First backoff delay (default 250 ms), doubled per retry with jitter, up to maxDelayMs. */
  minDelayMs?: number;
  /** Longest backoff delay (default 5 s). */
  maxDelayMs?: number;
  /** Called before each retry with the error that caused it and the attempt that failed (1-based). */
  onRetry?: (err: Error, attempt: number) => void;
}

/**
 * Calls `fn` until it succeeds or fails for good. Whether a failure is worth another try is
 * `isRetryable`'s decision (network errors, 5xx, INTERNAL_SERVER_ERROR are; refusals are not);
 * the backoff is p-retry's (exponential, randomized). When the server sent `Retry-After`, the
 * next attempt waits at least that long.
 */
export function withRetry<T>(fn: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  return pRetry(() => fn(), {
    retries: options.retries ?? Number.POSITIVE_INFINITY,
    minTimeout: options.minDelayMs ?? 250,
    maxTimeout: options.maxDelayMs ?? 5_000,
    factor: 2,
    randomize: true,
    signal: options.signal,
    shouldRetry: ({ error }) => isRetryable(error),
    onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
      if (retriesLeft <= 0 || !isRetryable(error)) return;
      options.onRetry?.(error, attemptNumber);
      const retryAfterMs = (error as { retryAfterMs?: number }).retryAfterMs;
      if (retryAfterMs) await sleep(Math.min(retryAfterMs, MAX_RETRY_AFTER_MS), options.signal);
    },
  });
}

/** A server asking for more than this is not waited for longer (a wrong header must not park a client). */
const MAX_RETRY_AFTER_MS = 5 * 60_000;

/** Resolves after `ms`, or as soon as `signal` aborts; leaves no listener behind either way. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
