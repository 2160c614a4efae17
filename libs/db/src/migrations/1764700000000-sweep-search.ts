import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sweeps that search: a sweep's constraints (memory budget), the configurations it set apart as
 * infeasible, method BAYES, early termination (the rung a run passed, the rung it was pruned at,
 * status PRUNED).
 */
export class SweepSearch1764700000000 implements MigrationInterface {
  name = 'SweepSearch1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sweep ADD COLUMN constraints jsonb`);
    await q.query(`ALTER TABLE sweep ADD COLUMN infeasible jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`ALTER TABLE sweep DROP CONSTRAINT sweep_method_check`);
    await q.query(`ALTER TABLE sweep ADD CONSTRAINT sweep_method_check CHECK (method IN ('GRID', 'RANDOM', 'BAYES'))`);
    await q.query(`ALTER TABLE sweep ADD COLUMN early_terminate jsonb`);
    await q.query(`ALTER TABLE run ADD COLUMN rung int, ADD COLUMN pruned_rung int`);
    await q.query(`ALTER TABLE run DROP CONSTRAINT run_status_check`);
    await q.query(`ALTER TABLE run ADD CONSTRAINT run_status_check CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'PRUNED'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE run SET status = 'CANCELLED' WHERE status = 'PRUNED'`);
    await q.query(`ALTER TABLE run DROP CONSTRAINT run_status_check`);
    await q.query(`ALTER TABLE run ADD CONSTRAINT run_status_check CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'))`);
    await q.query(`ALTER TABLE run DROP COLUMN rung, DROP COLUMN pruned_rung`);
    await q.query(`ALTER TABLE sweep DROP COLUMN early_terminate`);
    await q.query(`DELETE FROM sweep WHERE method = 'BAYES'`);
    await q.query(`ALTER TABLE sweep DROP CONSTRAINT sweep_method_check`);
    await q.query(`ALTER TABLE sweep ADD CONSTRAINT sweep_method_check CHECK (method IN ('GRID', 'RANDOM'))`);
    await q.query(`ALTER TABLE sweep DROP COLUMN infeasible`);
    await q.query(`ALTER TABLE sweep DROP COLUMN constraints`);
  }
}
