import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Why early termination stopped a run at its rung (`pruned_reason`). A pruned run carries no
 * error: the agent's "cancelled by request" that such runs stored before is cleared.
 */
export class PrunedReason1764820000000 implements MigrationInterface {
  name = 'PrunedReason1764820000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE run ADD COLUMN pruned_reason text`);
    await q.query(`UPDATE run SET error = NULL WHERE status = 'PRUNED'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE run DROP COLUMN pruned_reason`);
  }
}
