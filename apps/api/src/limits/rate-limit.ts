import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';
import { DomainError, ErrorCode } from '../common/domain-error';

export interface RateLimitSettings {
  /** Requests per key per minute (HTTP requests and WebSocket operations alike); 0: no limit. */
  perKeyPerMinute: number;
  /** Requests with an unknown or revoked key per client address per minute before it is refused outright. */
  badKeysPerIpPerMinute: number;
}

/** Blocked addresses one process remembers at most (beyond, it forgets them all and asks the shared count again). */
const MAX_BLOCKED = 100_000;

export const DEFAULT_RATE_LIMITS: RateLimitSettings = { perKeyPerMinute: 6000, badKeysPerIpPerMinute: 60 };

export const rateLimited = (retryAfterSeconds: number, what: string) =>
  new DomainError(ErrorCode.RateLimited, `${what}; retry after ${retryAfterSeconds} s`, { retryAfterSeconds });

/**
 * The API's rate limits, counted in PostgreSQL (rate-limiter-flexible's store, table rate_limit)
 * so that every API process on the database shares them. Should the database not answer, each
 * process counts in memory instead (the insurance limiter) rather than refusing everyone.
 */
export class RateLimits {
  private readonly perKey: RateLimiterPostgres | null;
  private readonly badKeys: RateLimiterPostgres | null;
  /** Addresses over their bad-key limit, until when. */
  private readonly blocked = new Map<string, number>();

  constructor(
    db: DataSource,
    readonly settings: RateLimitSettings = DEFAULT_RATE_LIMITS,
  ) {
    const store = (keyPrefix: string, points: number) =>
      new RateLimiterPostgres({
        storeClient: db,
        storeType: 'typeorm',
        tableName: 'rate_limit',
        tableCreated: true,
        clearExpiredByTimeout: false,
        keyPrefix,
        points,
        duration: 60,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration: 60 }),
      });
    this.perKey = settings.perKeyPerMinute > 0 ? store('key', settings.perKeyPerMinute) : null;
    this.badKeys = settings.badKeysPerIpPerMinute > 0 ? store('ip', settings.badKeysPerIpPerMinute) : null;
  }

  /** Counts one request of a key; RATE_LIMITED once the key has used its minute's share. */
  async consume(keyId: string): Promise<void> {
    if (!this.perKey) return;
    try {
      await this.perKey.consume(keyId);
    } catch (res) {
      if (res instanceof RateLimiterRes) throw rateLimited(retryAfter(res), `this API key sent more than ${this.settings.perKeyPerMinute} requests in a minute`);
      throw res;
    }
  }

  /**
   * Refuses a client address that went over its bad-key limit, without asking the database: each
   * process remembers the addresses it has seen go over (the count itself is shared).
   */
  checkAddress(ip: string): void {
    const until = this.blocked.get(ip);
    if (until === undefined) return;
    const ms = until - Date.now();
    if (ms > 0) throw rateLimited(Math.ceil(ms / 1000), 'too many requests with an invalid API key from this address');
    this.blocked.delete(ip);
  }

  /** Counts a request with an unknown or revoked key against its client address; RATE_LIMITED once over. */
  async badKey(ip: string): Promise<void> {
    if (!this.badKeys) return;
    try {
      await this.badKeys.consume(ip);
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) throw res;
      if (this.blocked.size >= MAX_BLOCKED) this.blocked.clear();
      this.blocked.set(ip, Date.now() + res.msBeforeNext);
      throw rateLimited(retryAfter(res), 'too many requests with an invalid API key from this address');
    }
  }
}

function retryAfter(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}
