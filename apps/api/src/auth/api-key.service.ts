import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ApiKeyRole } from '@loralab/core';
import { ApiKeyEntity, TeamEntity } from '@loralab/db';
import type { DataSource, EntityManager } from 'typeorm';
import { badInput, notFound } from '../common/domain-error';
import type { EventBus } from '../events/event-bus';
import { Principal, unauthenticated } from './principal';

export const KEY_PREFIX = 'llk_';

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Characters of a secret shown to recognise a key: enough to tell keys apart, too few to help guess one. */
export const SHOWN_SECRET_CHARACTERS = 4;

/** What a key's `prefix` shows: `llk_` (not secret) and at most 4 characters of the secret. */
export function keyPrefix(secret: string): string {
  const head = secret.startsWith(KEY_PREFIX) ? KEY_PREFIX : '';
  return head + secret.slice(head.length, head.length + SHOWN_SECRET_CHARACTERS);
}

function newSecret(): string {
  return KEY_PREFIX + randomBytes(32).toString('base64url');
}

export interface IssuedKey {
  key: ApiKeyEntity;
  /** The only time the secret exists outside the caller's hands. */
  secret: string;
}

/** How long a verified key is trusted without asking the database again. */
export const VERIFIED_KEY_TTL_MS = 5_000;
const MAX_VERIFIED_KEYS = 10_000;

export class ApiKeyService {
  /**
   * Keys verified in the last VERIFIED_KEY_TTL_MS, by secret hash, so that an agent's claim and
   * heartbeat loop costs no key lookup per request. Revoking evicts the key at once in this
   * process and, through the event bus, in every other API process on the database; should that
   * notice be lost, the entry still expires within the TTL.
   */
  private readonly verified = new Map<string, { principal: Principal; until: number }>();
  /** Bumped by every eviction: a lookup that raced with a revocation does not cache its answer. */
  private evictions = 0;

  constructor(
    private readonly db: DataSource,
    private readonly events?: EventBus,
  ) {
    events?.onKeyRevoked((keyId) => this.evict(keyId));
  }

  /** Resolves a bearer token to its principal; unknown or revoked keys are UNAUTHENTICATED. */
  async authenticate(authorization: string | undefined): Promise<Principal> {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!m) throw unauthenticated('send an API key as `Authorization: Bearer <key>`');
    const hash = hashSecret(m[1]);
    const now = Date.now();
    const hit = this.verified.get(hash);
    if (hit && hit.until > now) return hit.principal;
    const generation = this.evictions;
    const [key]: { id: string; team_id: string; role: ApiKeyRole; instance_admin: boolean; revoked_at: Date | null }[] =
      await this.db.query(`SELECT id, team_id, role, instance_admin, revoked_at FROM api_key WHERE secret_hash = $1`, [hash]);
    if (!key) throw unauthenticated('the API key is not valid');
    if (key.revoked_at) throw unauthenticated('the API key has been revoked');
    const principal = new Principal(key.id, key.team_id, key.role, key.instance_admin);
    if (generation === this.evictions) {
      if (this.verified.size >= MAX_VERIFIED_KEYS) this.verified.clear();
      this.verified.set(hash, { principal, until: now + VERIFIED_KEY_TTL_MS });
    }
    return principal;
  }

  private evict(keyId: string): void {
    this.evictions++;
    for (const [hash, entry] of this.verified) if (entry.principal.keyId === keyId) this.verified.delete(hash);
  }

  async issue(
    manager: EntityManager,
    teamId: string,
    name: string,
    role: ApiKeyRole,
    opts: { instanceAdmin?: boolean; secret?: string } = {},
  ): Promise<IssuedKey> {
    const secret = opts.secret ?? newSecret();
    const key = await manager.getRepository(ApiKeyEntity).save(
      manager.getRepository(ApiKeyEntity).create({
        teamId,
        name,
        role,
        instanceAdmin: opts.instanceAdmin ?? false,
        prefix: keyPrefix(secret),
        secretHash: hashSecret(secret),
      }),
    );
    return { key, secret };
  }

  createKey(teamId: string, name: string, role: ApiKeyRole): Promise<IssuedKey> {
    const trimmed = name.trim();
    if (!trimmed || trimmed.length > 200) {
      throw badInput([{ path: 'name', message: 'must be 1 to 200 characters' }]);
    }
    return this.issue(this.db.manager, teamId, trimmed, role);
  }

  async revoke(teamId: string, keyId: string): Promise<ApiKeyEntity> {
    const repo = this.db.getRepository(ApiKeyEntity);
    const key = await repo.findOneBy({ id: keyId, teamId });
    if (!key) throw notFound('API key', keyId);
    if (!key.revokedAt) {
      key.revokedAt = new Date();
      await repo.save(key);
    }
    this.evict(key.id);
    this.events?.keyRevoked(key.id);
    return key;
  }

  listKeys(teamId: string): Promise<ApiKeyEntity[]> {
    return this.db.getRepository(ApiKeyEntity).find({ where: { teamId }, order: { createdAt: 'ASC' } });
  }

  /**
   * First start: with no key at all, creates team `default` and the instance-admin key. Its secret
   * is LORALAB_ADMIN_KEY when set, else generated, returned once and written to
   * `<dataDir>/admin-key` (mode 0600). Returns null when keys already exist.
   */
  async bootstrap(opts: { dataDir: string; adminSecret?: string }): Promise<{ secret: string; file?: string } | null> {
    return this.db.transaction(async (m) => {
      // Serialise concurrent first starts of several API processes.
      await m.query('SELECT pg_advisory_xact_lock(7041)');
      if ((await m.getRepository(ApiKeyEntity).count()) > 0) return null;
      let team = await m.getRepository(TeamEntity).findOneBy({ name: 'default' });
      team ??= await m.getRepository(TeamEntity).save({ name: 'default' });
      const { secret } = await this.issue(m, team.id, 'instance admin', 'ADMIN', {
        instanceAdmin: true,
        secret: opts.adminSecret,
      });
      if (opts.adminSecret) return { secret };
      await mkdir(opts.dataDir, { recursive: true });
      const file = join(opts.dataDir, 'admin-key');
      await writeFile(file, secret + '\n', { mode: 0o600 });
      await chmod(file, 0o600);
      return { secret, file };
    });
  }
}
