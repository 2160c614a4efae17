import type { ApiKeyRole } from '@loralab/core';
import { DomainError, ErrorCode, forbidden } from '../common/domain-error';

/** Who is calling: the verified API key's team and role. */
export class Principal {
  constructor(
    readonly keyId: string,
    readonly teamId: string,
    readonly role: ApiKeyRole,
    readonly instanceAdmin: boolean,
  ) {}

  /** Agent keys may only do agent operations (register, claim, heartbeat, log, complete, fail). */
  requireHuman(): this {
    if (this.role === 'AGENT') throw forbidden('agent keys may only perform agent operations');
    return this;
  }

  requireAdmin(): this {
    if (this.role !== 'ADMIN') throw forbidden('this operation needs an admin key of the team');
    return this;
  }

  requireInstanceAdmin(): this {
    if (!this.instanceAdmin) throw forbidden('only the instance admin key may create teams');
    return this;
  }
}

export const unauthenticated = (message: string) => new DomainError(ErrorCode.Unauthenticated, message);
