import { TARGET_MODULES, type MemoryCorrection } from '@loralab/core';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * The estimator's correction for a team's base: the 90th percentile of measured ÷ predicted peak
 * over the team's succeeded runs on `baseModel`, for the base and for each set of target modules
 * those runs had (`MemoryCorrection`), each ratio against the trainer's own uncorrected prediction
 * (`summary.predictedMemoryBytes`), so corrections do not compound; 1 without such runs.
 * createSweep, estimateMemory and BAYES proposals scale their predictions by it.
 * - A high quantile, not the median, because a memory budget is checked against these
 *   predictions: the median put about half the runs above their corrected prediction.
 * - By target set, because the estimator's error depends on it: in one tiny-llama sweep the q+v
 *   runs measured 0.91–0.93× the estimate and the seven-target ones 0.99×, so one factor learned
 *   from the first q+v runs (0.92) had the seven-target runs measure 1.06–1.08× the prediction
 *   their budget was checked against.
 */
export async function memoryCorrection(db: Pick<DataSource | EntityManager, 'query'>, teamId: string, baseModel: unknown): Promise<MemoryCorrection> {
  if (typeof baseModel !== 'string') return { base: 1 };
  // The set's key is `targetsKey`'s: its modules in TARGET_MODULES order, joined by '+'. ROLLUP adds the base's row (key NULL).
  const rows: { key: string | null; total: number; c: number | null }[] = await db.query(
    `SELECT t.key, GROUPING(t.key) AS total, percentile_cont(0.9) WITHIN GROUP (ORDER BY t.ratio) AS c
     FROM (
       SELECT r.peak_memory_bytes::float8 / (r.summary->>'predictedMemoryBytes')::float8 AS ratio,
              (SELECT string_agg(m, '+' ORDER BY array_position($3::text[], m))
                 FROM (SELECT DISTINCT jsonb_array_elements_text(r.config->'targetModules') AS m) d
                WHERE m = ANY($3::text[])) AS key
       FROM run r JOIN sweep s ON s.id = r.sweep_id
       WHERE r.team_id = $1 AND s.base_model = $2 AND r.status = 'SUCCEEDED'
         AND r.peak_memory_bytes > 0 AND (r.summary->>'predictedMemoryBytes')::float8 > 0
     ) t
     GROUP BY ROLLUP (t.key)`,
    [teamId, baseModel, [...TARGET_MODULES]],
  );
  const valid = (c: unknown) => (Number.isFinite(Number(c)) && Number(c) > 0 ? Number(c) : undefined);
  let base = 1;
  const byTargets: Record<string, number> = {};
  for (const row of rows) {
    const c = valid(row.c);
    if (c === undefined) continue;
    // GROUP BY ROLLUP's total row: GROUPING() is 1 there (a NULL key alone would not tell it from a run without known targets).
    if (Number(row.total) === 1) base = c;
    else if (row.key !== null) byTargets[row.key] = c;
  }
  return { base, byTargets };
}
