import { runFromRow, type RunEntity, type RunErrorDetailJson, type RunSummaryJson } from '@loralab/db';
import type { DataSource } from 'typeorm';
import { DomainError, ErrorCode, forbidden, notFound } from '../common/domain-error';
import type { EventBus } from '../events/event-bus';

/** `extensions.reason` of the FORBIDDEN error a writer gets once it no longer holds a run's lease. */
export const LEASE_LOST = 'LEASE_LOST';

/** The one error for "this agent does not hold this run's lease". */
export const leaseLost = (runId: string) =>
  forbidden(`run ${runId} is not leased to this agent (its lease lapsed, or it finished or was handed back)`, {
    reason: LEASE_LOST,
  });

/**
 * The one lease predicate: the run (alias `r`) is RUNNING and leased to the agent, in the team.
 * Every write by an agent (heartbeat, metrics, artifacts, release, complete, fail) is guarded by it.
 * The arguments are SQL placeholders.
 */
export const leaseHeld = (run = '$1', team = '$2', agent = '$3') =>
  `r.id = ${run} AND r.team_id = ${team} AND r.agent_id = ${agent} AND r.status = 'RUNNING'`;

/**
 * Ends an attempt that did not succeed: PRUNED when early termination stopped it at a rung
 * (`pruned_rung`, which also asks cancellation); CANCELLED when cancellation was asked; back to the
 * queue with attempt + 1 when `retry` (an SQL boolean) holds and attempts remain; FAILED otherwise.
 * A PRUNED run keeps no error: the agent reports its stop as a failure ("cancelled by request"), but
 * the run did not fail; `pruned_rung` and `pruned_reason` say what happened. `errorDetail` is the
 * SQL of the error as data (jsonb), beside the message.
 */
const endAttempt = (retry: string, error: string, errorDetail: string) => {
  const again = `(NOT r.cancel_requested AND (${retry}) AND r.attempt < r.max_attempts)`;
  return `status = CASE WHEN r.pruned_rung IS NOT NULL THEN 'PRUNED' WHEN r.cancel_requested THEN 'CANCELLED'
                   WHEN ${again} THEN 'QUEUED' ELSE 'FAILED' END,
    attempt = CASE WHEN ${again} THEN r.attempt + 1 ELSE r.attempt END,
    finished_at = CASE WHEN ${again} THEN NULL ELSE now() END,
    error = CASE WHEN r.pruned_rung IS NOT NULL THEN NULL ELSE ${error} END,
    error_detail = CASE WHEN r.pruned_rung IS NOT NULL THEN NULL ELSE ${errorDetail} END`;
};

type RunRow = Record<string, unknown> & { id: string; sweep_id: string };

/**
 * The run lifecycle, a small state machine over the run table (which is also the work queue):
 *
 *   QUEUED ──claim──▶ RUNNING ──complete──▶ SUCCEEDED
 *     ▲                 │ heartbeat renews the lease
 *     ├──── release ────┤ (no attempt spent; CANCELLED if cancellation was asked)
 *     ├──── requeue ────┤ (fail(retryable) or a lapsed lease: attempt + 1 while attempts remain,
 *     │                 │  else FAILED; CANCELLED if cancellation was asked)
 *     │                 └──fail──▶ FAILED
 *     └─ cancel ─▶ CANCELLED       (a RUNNING run is asked to stop: cancel_requested)
 *
 * A run that early termination stopped at a rung (pruned_rung, set at logMetrics, which also asks
 * cancellation) ends PRUNED wherever it would have ended CANCELLED.
 *
 * Each transition is one statement guarded by its source state (and, for an agent's writes, by
 * `leaseHeld`), so concurrent callers cannot both win; changes are announced once committed.
 */
export class RunLifecycle {
  constructor(
    private readonly db: DataSource,
    private readonly events: EventBus,
    readonly leaseSeconds: number,
  ) {}

  /** Runs an `UPDATE run r SET … WHERE …` and announces the changed rows. */
  private async transition(set: string, where: string, params: unknown[]): Promise<RunRow[]> {
    // Wrapped in WITH: TypeORM returns [rows, count] for a bare UPDATE, rows for a SELECT.
    const rows: RunRow[] = await this.db.query(
      `WITH changed AS (UPDATE run r SET ${set}, updated_at = now() WHERE ${where} RETURNING r.*) SELECT * FROM changed`,
      params,
    );
    this.announce(rows);
    return rows;
  }

  /** Announces changed runs once their statement has committed. */
  private announce(rows: RunRow[]): void {
    for (const r of rows) this.events.runsChanged(r.sweep_id, r.id);
  }

  /** A transition by the lease holder; LEASE_LOST when it does not hold the lease (any more). */
  private async leased(teamId: string, agentId: string, runId: string, set: string, params: unknown[] = []): Promise<RunEntity> {
    const [row] = await this.transition(set, leaseHeld(), [runId, teamId, agentId, ...params]);
    if (!row) throw leaseLost(runId);
    return runFromRow(row);
  }

  /**
   * QUEUED → RUNNING: one run for each agent (an agent listed twice gets two), oldest first; null
   * where none is left. One statement, so one transaction; the row locks taken by SKIP LOCKED make
   * every run go to one claimer.
   */
  async claim(teamId: string, agentIds: string[], sweepId: string | null, maxMemoryBytes: number | null): Promise<(RunEntity | null)[]> {
    const rows: (RunRow & { _slot: string })[] = await this.db.query(
      `WITH seen AS (
         UPDATE agent SET last_seen_at = now() WHERE team_id = $1 AND id = ANY($2::uuid[])
       ), next AS (
         SELECT q.id, row_number() OVER (ORDER BY q.queued_at, q.ordinal) AS slot
         FROM (
           SELECT id, queued_at, ordinal FROM run
           WHERE team_id = $1 AND status = 'QUEUED'
             AND ($3::uuid IS NULL OR sweep_id = $3)
             AND (predicted_memory_bytes IS NULL OR $4::bigint IS NULL OR predicted_memory_bytes <= $4)
           ORDER BY queued_at, ordinal
           LIMIT cardinality($2::uuid[])
           FOR UPDATE SKIP LOCKED
         ) q
       ), assigned AS (
         SELECT next.id, req.agent_id, req.slot
         FROM next JOIN unnest($2::uuid[]) WITH ORDINALITY AS req(agent_id, slot) ON req.slot = next.slot
       ), changed AS (
         UPDATE run r SET status = 'RUNNING', agent_id = assigned.agent_id,
           lease_expires_at = now() + make_interval(secs => $5),
           started_at = coalesce(r.started_at, now()), updated_at = now()
         FROM assigned WHERE r.id = assigned.id
         RETURNING r.*, assigned.slot AS _slot
       ) SELECT * FROM changed`,
      [teamId, agentIds, sweepId, maxMemoryBytes, this.leaseSeconds],
    );
    const runs = new Array<RunEntity | null>(agentIds.length).fill(null);
    for (const row of rows) runs[Number(row._slot) - 1] = runFromRow(row);
    this.announce(rows);
    return runs;
  }

  /** RUNNING → RUNNING: renews the lease; says whether cancellation was asked. */
  async heartbeat(teamId: string, agentId: string, runId: string): Promise<{ cancelRequested: boolean; leaseExpiresAt: Date | null }> {
    const [row] = await this.db.query(
      `WITH u AS (
         UPDATE run r SET lease_expires_at = now() + make_interval(secs => $4)
         WHERE ${leaseHeld()}
         RETURNING r.cancel_requested, r.lease_expires_at
       ) SELECT * FROM u`,
      [runId, teamId, agentId, this.leaseSeconds],
    );
    if (!row) throw leaseLost(runId);
    return { cancelRequested: row.cancel_requested, leaseExpiresAt: row.lease_expires_at };
  }

  /** Throws NOT_FOUND for a run the team does not have, LEASE_LOST unless the agent holds its lease. */
  async requireLease(teamId: string, agentId: string, runId: string): Promise<void> {
    const [row] = await this.db.query(
      `SELECT (${leaseHeld()}) AS held FROM run r WHERE r.id = $1 AND r.team_id = $2`,
      [runId, teamId, agentId],
    );
    if (!row) throw notFound('run', runId);
    if (!row.held) throw leaseLost(runId);
  }

  /**
   * RUNNING → QUEUED without spending an attempt (an agent shutting down cleanly, after
   * checkpointing); CANCELLED when cancellation was asked. It keeps its place (queued_at unchanged).
   */
  release(teamId: string, agentId: string, runId: string): Promise<RunEntity> {
    return this.leased(
      teamId,
      agentId,
      runId,
      `status = CASE WHEN r.pruned_rung IS NOT NULL THEN 'PRUNED' WHEN r.cancel_requested THEN 'CANCELLED' ELSE 'QUEUED' END,
       finished_at = CASE WHEN r.cancel_requested THEN now() END,
       lease_expires_at = NULL`,
    );
  }

  /**
   * RUNNING → SUCCEEDED with the run's summary. A run early termination had just stopped at a
   * rung, but which finished before its next heartbeat told it, keeps its full result and no
   * pruning (`pruned_rung`, `pruned_reason` cleared): it is a finished run, not a pruned one.
   */
  complete(teamId: string, agentId: string, runId: string, summary: RunSummaryJson): Promise<RunEntity> {
    return this.leased(
      teamId,
      agentId,
      runId,
      `status = 'SUCCEEDED', summary = $4::jsonb, accuracy = ($4::jsonb->>'accuracy')::float8,
       peak_memory_bytes = ($4::jsonb->>'peakMemoryBytes')::bigint, error = NULL, error_detail = NULL, finished_at = now(),
       pruned_rung = NULL, pruned_reason = NULL, lease_expires_at = NULL`,
      [JSON.stringify(summary)],
    );
  }

  /** A failure reported by the lease holder: requeued when retryable and attempts remain (see endAttempt). */
  fail(teamId: string, agentId: string, runId: string, error: string, retryable: boolean, errorDetail: RunErrorDetailJson | null = null): Promise<RunEntity> {
    return this.leased(teamId, agentId, runId, `${endAttempt('$5', '$4', '$6::jsonb')}, lease_expires_at = NULL`, [
      error,
      retryable,
      errorDetail && JSON.stringify(errorDetail),
    ]);
  }

  /**
   * Requeues the runs whose lease lapsed (see endAttempt), keeping the error of a cancelled one.
   * Safe to run from several processes at once. Returns how many runs changed.
   */
  async requeueExpired(): Promise<number> {
    const rows = await this.transition(
      `${endAttempt(
        'true',
        `CASE WHEN r.cancel_requested THEN r.error ELSE format('attempt %s: lease expired (the agent stopped heartbeating)', r.attempt) END`,
        `CASE WHEN r.cancel_requested THEN r.error_detail END`,
      )},
       lease_expires_at = NULL`,
      `r.id IN (SELECT id FROM run WHERE status = 'RUNNING' AND lease_expires_at < now() FOR UPDATE SKIP LOCKED)`,
      [],
    );
    return rows.length;
  }

  /**
   * After a database outage, gives every RUNNING run a full lease again: its agent could not
   * heartbeat while the database was down, and should not lose the run for that.
   */
  async renewLeasesAfterOutage(): Promise<void> {
    await this.db.query(
      `UPDATE run SET lease_expires_at = greatest(lease_expires_at, now() + make_interval(secs => $1)) WHERE status = 'RUNNING'`,
      [this.leaseSeconds],
    );
  }

  /** QUEUED → CANCELLED at once; a RUNNING run is asked to stop (seen at its next heartbeat). */
  async cancel(teamId: string, runId: string): Promise<RunEntity> {
    const [row] = await this.transition(
      `status = CASE WHEN r.status = 'QUEUED' THEN 'CANCELLED' ELSE r.status END,
       finished_at = CASE WHEN r.status = 'QUEUED' THEN now() ELSE r.finished_at END,
       cancel_requested = r.status = 'RUNNING'`,
      `r.id = $1 AND r.team_id = $2 AND r.status IN ('QUEUED', 'RUNNING')`,
      [runId, teamId],
    );
    if (row) return runFromRow(row);
    const [existing] = await this.db.query(`SELECT status FROM run WHERE id = $1 AND team_id = $2`, [runId, teamId]);
    if (!existing) throw notFound('run', runId);
    throw new DomainError(ErrorCode.Conflict, `run ${runId} is already ${existing.status}`, { status: existing.status });
  }
}
