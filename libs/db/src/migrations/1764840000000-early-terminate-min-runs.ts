import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Early termination's `minRuns` (how many other runs must have reached a rung before a run there
 * is judged): sweeps stored before it existed get 1, the behaviour they were created with (the
 * first run at a rung is never stopped). Down removes it and gives a fractional η (allowed since)
 * the whole number ≥ 2 the earlier schema takes, the nearest above: a lossy step back.
 */
export class EarlyTerminateMinRuns1764840000000 implements MigrationInterface {
  name = 'EarlyTerminateMinRuns1764840000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE sweep SET early_terminate = early_terminate || '{"minRuns": 1}'::jsonb WHERE early_terminate IS NOT NULL AND NOT early_terminate ? 'minRuns'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE sweep SET early_terminate = jsonb_set(early_terminate - 'minRuns', '{eta}', to_jsonb(greatest(2, ceil((early_terminate->>'eta')::float8))::int))
       WHERE early_terminate IS NOT NULL`,
    );
  }
}
