import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { ApiKeyService } from '../auth/api-key.service';
import type { Principal } from '../auth/principal';
import { DomainError, ErrorCode } from '../common/domain-error';
import type { RateLimits } from './rate-limit';

/**
 * Who may send a request, checked before anything of it is read: a client address known to be over
 * its bad-key limit is refused first (from memory), then the key is verified (a bad one counted
 * against the address), then the request counted against the key's limit. HTTP and WebSocket go
 * through the same guard.
 */
export class RequestGuard {
  constructor(
    private readonly keys: ApiKeyService,
    private readonly rates: RateLimits,
  ) {}

  async authenticate(authorization: string | undefined, ip: string): Promise<Principal> {
    this.rates.checkAddress(ip);
    let principal: Principal;
    try {
      principal = await this.keys.authenticate(authorization);
    } catch (err) {
      if (err instanceof DomainError && err.code === ErrorCode.Unauthenticated) await this.rates.badKey(ip);
      throw err;
    }
    await this.consume(principal);
    return principal;
  }

  consume(principal: Principal): Promise<void> {
    return this.rates.consume(principal.keyId);
  }
}

/** A refusal of the guard as Apollo answers it: 401, or 429 with Retry-After. */
export function guardHttpError(err: unknown): unknown {
  if (!(err instanceof DomainError)) return err;
  const limited = err.code === ErrorCode.RateLimited;
  const retryAfter = Number(err.extensions.retryAfterSeconds ?? 60);
  return new GraphQLError(err.message, {
    extensions: {
      ...err.extensions,
      code: err.code,
      http: limited ? { status: 429, headers: new HeaderMap([['retry-after', String(retryAfter)]]) } : { status: 401 },
    },
  });
}
