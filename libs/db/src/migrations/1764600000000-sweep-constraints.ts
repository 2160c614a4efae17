import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A sweep's constraints (memory budget), the configurations it set apart as infeasible, and method BAYES. */
export class SweepConstraints1764600000000 implements MigrationInterface {
  name = 'SweepConstraints1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sweep ADD COLUMN constraints jsonb`);
    await q.query(`ALTER TABLE sweep ADD COLUMN infeasible jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`ALTER TABLE sweep DROP CONSTRAINT sweep_method_check`);
    await q.query(`ALTER TABLE sweep ADD CONSTRAINT sweep_method_check CHECK (method IN ('GRID', 'RANDOM', 'BAYES'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM sweep WHERE method = 'BAYES'`);
    await q.query(`ALTER TABLE sweep DROP CONSTRAINT sweep_method_check`);
    await q.query(`ALTER TABLE sweep ADD CONSTRAINT sweep_method_check CHECK (method IN ('GRID', 'RANDOM'))`);
    await q.query(`ALTER TABLE sweep DROP COLUMN infeasible`);
    await q.query(`ALTER TABLE sweep DROP COLUMN constraints`);
  }
}
