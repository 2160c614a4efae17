import type { DataSource, EntityManager } from 'typeorm';

/**
 * The estimator's per-model correction: the median measured ÷ predicted peak over the team's
 * succeeded runs on `baseModel`, each against the trainer's own uncorrected prediction
 * (`summary.predictedMemoryBytes`), so corrections do not compound; 1 without such runs.
 * createSweep, estimateMemory and BAYES proposals scale their predictions by it.
 */
export async function memoryCorrection(db: Pick<DataSource | EntityManager, 'query'>, teamId: string, baseModel: unknown): Promise<number> {
  if (typeof baseModel !== 'string') return 1;
  const rows: { c: number | null }[] = await db.query(
    `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY r.peak_memory_bytes::float8 / (r.summary->>'predictedMemoryBytes')::float8) AS c
     FROM run r JOIN sweep s ON s.id = r.sweep_id
     WHERE r.team_id = $1 AND s.base_model = $2 AND r.status = 'SUCCEEDED'
       AND r.peak_memory_bytes > 0 AND (r.summary->>'predictedMemoryBytes')::float8 > 0`,
    [teamId, baseModel],
  );
  const c = Number(rows[0]?.c);
  return Number.isFinite(c) && c > 0 ? c : 1;
}
