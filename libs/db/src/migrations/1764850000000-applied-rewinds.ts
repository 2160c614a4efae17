import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rewinds of a run's metrics already applied (`logMetrics`' `supersede` entries, by the id
 * the agent gives each): a copy of a batch that the API executes after its retry was stored, and
 * after later batches, deletes nothing of theirs. Runs stored before it have applied none.
 */
export class AppliedRewinds1764850000000 implements MigrationInterface {
  name = 'AppliedRewinds1764850000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE run ADD COLUMN applied_rewinds uuid[] NOT NULL DEFAULT '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE run DROP COLUMN applied_rewinds`);
  }
}
