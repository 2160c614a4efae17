import { judgeAtRung, rungSteps, type EarlyTerminate } from '@loralab/core';
import type { DataSource } from 'typeorm';

/** The metric rungs are judged on: lower is better, logged at every evaluation during training. */
export const RUNG_METRIC = 'eval/loss';

/**
 * Early termination, decided when a run logs its eval loss: for each rung of its sweep it has
 * now reached and not yet been judged at, its first eval loss at or after the rung is compared
 * with the other runs of the sweep that reached that rung (their first eval loss at or after it,
 * and their predicted peak memory, else the measured one: the running run has only a prediction,
 * and one run's prediction against another's measurement would judge the predictor's bias,
 * which differs between configurations, rather than the runs). A run that is stopped gets `pruned_rung`,
 * `pruned_reason` (the decision in words: "pruned at rung step 18: dominated by 4 of 5 runs at that
 * rung …") and `cancel_requested`: its agent stops it at its next heartbeat and it ends PRUNED.
 * Returns the rung it was stopped at, or null.
 */
export async function judgeRungs(db: DataSource, runId: string): Promise<number | null> {
  const [run]: { sweep_id: string; rung: number | null; pruned_rung: number | null; et: EarlyTerminate | null; steps: number }[] = await db.query(
    `SELECT r.sweep_id, r.rung, r.pruned_rung, s.early_terminate AS et, (s.training->>'steps')::int AS steps
     FROM run r JOIN sweep s ON s.id = r.sweep_id WHERE r.id = $1 AND r.status = 'RUNNING'`,
    [runId],
  );
  if (!run?.et || run.pruned_rung != null) return null;
  const [{ last }]: { last: number | null }[] = await db.query(`SELECT max(step) AS last FROM metric WHERE run_id = $1 AND key = $2`, [runId, RUNG_METRIC]);
  if (last == null) return null;
  for (const rung of rungSteps(run.et, run.steps).filter((r) => r > (run.rung ?? 0) && r <= last)) {
    // Every run of the sweep that reached the rung: its first eval loss at or after it, and its memory.
    const atRung: { id: string; loss: number; memory: string | null }[] = await db.query(
      `SELECT r.id, m.value AS loss, coalesce(r.predicted_memory_bytes, r.peak_memory_bytes) AS memory
       FROM run r
       CROSS JOIN LATERAL (SELECT value FROM metric WHERE run_id = r.id AND key = $3 AND step >= $2 ORDER BY step LIMIT 1) m
       WHERE r.sweep_id = $1`,
      [run.sweep_id, rung, RUNG_METRIC],
    );
    const entry = (r: (typeof atRung)[number]) => ({ evalLoss: r.loss, memoryBytes: Number(r.memory ?? 0) });
    const mine = atRung.find((r) => r.id === runId);
    if (!mine) return null;
    const verdict = judgeAtRung(run.et, entry(mine), atRung.filter((r) => r.id !== runId).map(entry));
    if (verdict.stop) {
      await db.query(
        `UPDATE run SET pruned_rung = $2, pruned_reason = $3, cancel_requested = true, updated_at = now() WHERE id = $1 AND status = 'RUNNING'`,
        [runId, rung, `pruned at rung step ${rung}: ${verdict.reason}`],
      );
      return rung;
    }
    await db.query(`UPDATE run SET rung = $2, updated_at = now() WHERE id = $1`, [runId, rung]);
  }
  return null;
}
