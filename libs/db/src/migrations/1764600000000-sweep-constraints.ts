import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A sweep's constraints (memory budget) and the configurations it set apart as infeasible. */
export class SweepConstraints1764600000000 implements MigrationInterface {
  name = 'SweepConstraints1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sweep ADD COLUMN constraints jsonb`);
    await q.query(`ALTER TABLE sweep ADD COLUMN infeasible jsonb NOT NULL DEFAULT '[]'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sweep DROP COLUMN infeasible`);
    await q.query(`ALTER TABLE sweep DROP COLUMN constraints`);
  }
}
