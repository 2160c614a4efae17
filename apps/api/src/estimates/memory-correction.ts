import type { DataSource, EntityManager } from 'typeorm';

/**
 * The estimator's per-model correction: the 90th percentile of measured ÷ predicted peak over
 * the team's succeeded runs on `baseModel`, each against the trainer's own uncorrected prediction
 * (`summary.predictedMemoryBytes`), so corrections do not compound; 1 without such runs.
 * createSweep, estimateMemory and BAYES proposals scale their predictions by it. A high quantile,
 * not the median, because a memory budget is checked against these predictions and the
 * estimator's error depends on the configuration: the median put about half the runs above their
 * corrected prediction (on tiny-llama the two-target runs measured 0.92× the estimate and the
 * seven-target ones 0.99×, so a median of 0.92 let seven-target runs measure 7% above a budget
 * they were predicted to fit).
 */
export async function memoryCorrection(db: Pick<DataSource | EntityManager, 'query'>, teamId: string, baseModel: unknown): Promise<number> {
  if (typeof baseModel !== 'string') return 1;
  const rows: { c: number | null }[] = await db.query(
    `SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY r.peak_memory_bytes::float8 / (r.summary->>'predictedMemoryBytes')::float8) AS c
     FROM run r JOIN sweep s ON s.id = r.sweep_id
     WHERE r.team_id = $1 AND s.base_model = $2 AND r.status = 'SUCCEEDED'
       AND r.peak_memory_bytes > 0 AND (r.summary->>'predictedMemoryBytes')::float8 > 0`,
    [teamId, baseModel],
  );
  const c = Number(rows[0]?.c);
  return Number.isFinite(c) && c > 0 ? c : 1;
}
