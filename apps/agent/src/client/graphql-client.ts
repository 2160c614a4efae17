/** A small fetch-based GraphQL client for the loralab API (one per process). */
export class ApiError extends Error {
  constructor(
    message: string,
    /** `extensions.code` (e.g. FORBIDDEN, NOT_FOUND, BAD_USER_INPUT, UNAUTHENTICATED). */
    readonly code: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The agent no longer holds the run's lease: stop writing to it. */
  get leaseLost(): boolean {
    return this.code === 'FORBIDDEN' && this.extensions.reason === 'LEASE_LOST';
  }
}

/** The API could not be reached (connection refused, reset, timeout, 5xx without a GraphQL body). */
export class ApiUnreachableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ApiUnreachableError';
  }
}

export interface ClientOptions {
  /** GraphQL endpoint, e.g. http://localhost:4000/graphql (a bare origin gets /graphql appended). */
  url: string;
  apiKey: string;
  /** Per-request timeout (default 30 s). */
  timeoutMs?: number;
}

export function graphqlUrl(url: string): string {
  const u = new URL(url);
  if (u.pathname === '/' || u.pathname === '') u.pathname = '/graphql';
  return u.toString();
}

export class GraphqlClient {
  readonly url: string;
  readonly origin: string;

  constructor(private readonly options: ClientOptions) {
    this.url = graphqlUrl(options.url);
    this.origin = new URL(this.url).origin;
  }

  get authorization(): string {
    return `Bearer ${this.options.apiKey}`;
  }

  async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: this.authorization },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
    } catch (err) {
      throw new ApiUnreachableError(`cannot reach ${this.url}: ${(err as Error).message}`, { cause: err });
    }
    let body: { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] };
    try {
      body = (await res.json()) as typeof body;
    } catch (err) {
      throw new ApiUnreachableError(`${this.url} answered ${res.status} without a GraphQL body`, { cause: err });
    }
    if (body.errors?.length) {
      const e = body.errors[0];
      const ext = e.extensions ?? {};
      const code = typeof ext.code === 'string' ? ext.code : 'UNKNOWN';
      if (code === 'INTERNAL_SERVER_ERROR' && res.status >= 500) throw new ApiUnreachableError(`${this.url}: ${e.message}`);
      throw new ApiError(e.message, code, ext);
    }
    if (!body.data) throw new ApiUnreachableError(`${this.url} answered ${res.status} without data`);
    return body.data;
  }
}

/** Waits `ms`, or until `signal` aborts; the abort listener goes when the wait ends (an agent polls on one signal for hours). */
export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const onAbort = () => (clearTimeout(t), resolve());
    const t = setTimeout(() => (signal?.removeEventListener('abort', onAbort), resolve()), ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * Retries `fn` while the API is unreachable, with exponential backoff (capped), until it succeeds,
 * an ApiError (a real answer) is thrown, or `signal` aborts (the last error is thrown then).
 */
export async function withRetry<T>(
  fn: () => Promise<T>,
  opts: { signal?: AbortSignal; baseMs?: number; maxMs?: number; onRetry?: (err: Error, attempt: number) => void } = {},
): Promise<T> {
  let delay = opts.baseMs ?? 250;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof ApiUnreachableError) || opts.signal?.aborted) throw err;
      opts.onRetry?.(err, attempt);
      await sleep(delay, opts.signal);
      delay = Math.min(delay * 2, opts.maxMs ?? 5_000);
    }
  }
}
