import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What went wrong in a failed run as data (`error_detail`: code, and a malformed dataset record's file, line or row, field) beside its message. */
export class RunErrorDetail1764830000000 implements MigrationInterface {
  name = 'RunErrorDetail1764830000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE run ADD COLUMN error_detail jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE run DROP COLUMN error_detail`);
  }
}
