import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A key's prefix shows at most 4 characters of its secret (it showed 8 of them after `llk_`, half
 * of a short admin key). Not reversible: `down` leaves the shortened prefixes as they are.
 */
export class ShortKeyPrefix1764590100000 implements MigrationInterface {
  name = 'ShortKeyPrefix1764590100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE api_key SET prefix = CASE WHEN prefix LIKE 'llk\\_%' THEN left(prefix, 8) ELSE left(prefix, 4) END`);
  }

  async down(): Promise<void> {
    // The characters removed are not stored anywhere (only the secret's hash is).
  }
}
