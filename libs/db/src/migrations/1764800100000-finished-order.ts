import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The covering index of a sweep's SUCCEEDED runs also holds when each finished: the hypervolume
 * history (`Sweep.hypervolume`) reads the runs in finish order from it alone.
 */
export class FinishedOrder1764800100000 implements MigrationInterface {
  name = 'FinishedOrder1764800100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX run_sweep_finished_idx`);
    await q.query(
      `CREATE INDEX run_sweep_finished_idx ON run (sweep_id) INCLUDE (accuracy, peak_memory_bytes, quantization, match_key, finished_at) WHERE status = 'SUCCEEDED'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX run_sweep_finished_idx`);
    await q.query(`CREATE INDEX run_sweep_finished_idx ON run (sweep_id) INCLUDE (accuracy, peak_memory_bytes, quantization, match_key) WHERE status = 'SUCCEEDED'`);
  }
}
