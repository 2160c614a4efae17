import { RunEntity } from './run.entity';

/**
 * Maps a `RETURNING *` row of the run table (raw SQL paths such as the run lifecycle) to a RunEntity
 * instance, as TypeORM would load it (the Node interface resolves types with instanceof).
 */
export function runFromRow(row: Record<string, unknown>): RunEntity {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return Object.assign(new RunEntity(), {
    id: row.id,
    teamId: row.team_id,
    sweepId: row.sweep_id,
    ordinal: row.ordinal,
    status: row.status,
    config: row.config,
    attempt: row.attempt,
    maxAttempts: row.max_attempts,
    agentId: row.agent_id,
    leaseExpiresAt: row.lease_expires_at,
    cancelRequested: row.cancel_requested,
    rung: row.rung ?? null,
    prunedRung: row.pruned_rung ?? null,
    prunedReason: row.pruned_reason ?? null,
    quantization: row.quantization,
    matchKey: row.match_key,
    predictedMemoryBytes: num(row.predicted_memory_bytes),
    accuracy: row.accuracy,
    peakMemoryBytes: num(row.peak_memory_bytes),
    summary: row.summary,
    error: row.error,
    errorDetail: row.error_detail ?? null,
    queuedAt: row.queued_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}
