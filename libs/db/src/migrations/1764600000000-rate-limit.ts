import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Request counters of the API's rate limits (rate-limiter-flexible's PostgreSQL store: its own
 * layout), shared by every API process on the database. Rows are counters, not data: UNLOGGED.
 */
export class RateLimit1764600000000 implements MigrationInterface {
  name = 'RateLimit1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNLOGGED TABLE rate_limit (
        key varchar(255) PRIMARY KEY,
        points integer NOT NULL DEFAULT 0,
        expire bigint
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rate_limit`);
  }
}
