import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';
import { DomainError, ErrorCode } from '../common/domain-error';

export interface RateLimitSettings {
  /** Requests per key per minute (HTTP requests and WebSocket operations alike); 0: no limit. */
  perKeyPerMinute: number;
  /** Requests with an unknown or revoked key per client address per minute before it is refused outright. */
  badKeysPerIpPerMinute: number;
}

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

  /** Refuses a client address that sent too many bad keys, before its key is looked up. */
  async checkAddress(ip: string): Promise<void> {
    if (!this.badKeys) return;
    const res = await this.badKeys.get(ip);
    if (res && res.consumedPoints >= this.settings.badKeysPerIpPerMinute) {
      throw rateLimited(retryAfter(res), 'too many requests with an invalid API key from this address');
    }
  }

  /** Counts a request with an unknown or revoked key against its client address. */
  async badKey(ip: string): Promise<void> {
    if (!this.badKeys) return;
    await this.badKeys.penalty(ip, 1);
  }
}

function retryAfter(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}
