import { comparisonKey, type PlannedRun } from '@loralab/core';
import type { EntityManager } from 'typeorm';

/** Queues planned runs of a sweep in one statement, their ordinals from `firstOrdinal` (createSweep, and BAYES proposals at claim). */
export async function insertRuns(
  m: EntityManager,
  sweep: { teamId: string; id: string; maxAttempts: number },
  firstOrdinal: number,
  runs: readonly PlannedRun[],
): Promise<void> {
  await m.query(
    `INSERT INTO run (team_id, sweep_id, ordinal, status, config, quantization, match_key,
                      predicted_memory_bytes, max_attempts)
     SELECT $1, $2, t.ordinal, 'QUEUED', t.config, t.quantization, t.match_key, t.predicted, $3
     FROM unnest($4::int[], $5::jsonb[], $6::text[], $7::text[], $8::bigint[])
          AS t(ordinal, config, quantization, match_key, predicted)`,
    [
      sweep.teamId,
      sweep.id,
      sweep.maxAttempts,
      runs.map((_, i) => firstOrdinal + i),
      runs.map((r) => JSON.stringify(r.config)),
      runs.map((r) => r.config.quantization),
      runs.map((r) => comparisonKey(r.config)),
      runs.map((r) => r.memory?.total ?? null),
    ],
  );
}
