import { completeSpace, isOutOfMemoryMessage, proposeRuns, type RunHyperparameters, type SearchTrial } from '@loralab/core';
import { AgentEntity, runFromRow, SweepEntity, type RunEntity, type RunSummaryJson } from '@loralab/db';
import type { DataSource } from 'typeorm';
import { DomainError, ErrorCode, forbidden, notFound } from '../common/domain-error';
import type { EventBus } from '../events/event-bus';
import { insertRuns } from '../sweeps/insert-runs';
import { ClaimBatcher } from './claim-batcher';

interface AgentFacts {
  teamId: string;
  deviceMemoryBytes: number | null;
}

const MAX_AGENT_FACTS = 100_000;

export interface QueueOptions {
  /** How long a claim or heartbeat holds a run. */
  leaseSeconds: number;
}

/** What BAYES learns from a run: finished (both objectives), out of memory (infeasible), pruned, failed, or still pending. */
function trialOf(r: { status: string; config: RunHyperparameters; accuracy: number | null; peak: string | null; error: string | null }): SearchTrial {
  switch (r.status) {
    case 'SUCCEEDED':
      return { config: r.config, state: 'complete', accuracy: r.accuracy ?? 0, memoryBytes: Number(r.peak) };
    case 'PRUNED':
      return { config: r.config, state: 'pruned' };
    case 'FAILED':
      return { config: r.config, state: r.error && isOutOfMemoryMessage(r.error) ? 'infeasible' : 'failed' };
    case 'CANCELLED':
      return { config: r.config, state: 'failed' };
    default:
      return { config: r.config, state: 'pending' };
  }
}

const leaseLost = (runId: string) =>
  forbidden(`run ${runId} is not leased to this agent (its lease lapsed, or it finished or was handed back)`, {
    reason: 'LEASE_LOST',
  });

/**
 * The run queue: claims with FOR UPDATE SKIP LOCKED, leases renewed by heartbeats, and a reaper
 * that sends runs with lapsed leases back to the queue (attempt + 1) or, after their last attempt,
 * to FAILED. Only the agent holding a run's lease may write to it.
 */
export class QueueService {
  private readonly agents = new Map<string, AgentFacts>();
  private readonly batchers = new Map<string, ClaimBatcher<RunEntity | null>>();

  constructor(
    private readonly db: DataSource,
    private readonly events: EventBus,
    readonly options: QueueOptions,
  ) {}

  /** Announces changed runs (rows with id and sweep_id) once their statement has committed. */
  private announce(rows: { id: string; sweep_id: string }[]): void {
    for (const r of rows) this.events.runsChanged(r.sweep_id, r.id);
  }

  async registerAgent(
    teamId: string,
    input: { name: string; backend: string; hostname: string; deviceMemoryBytes: number | null },
  ): Promise<AgentEntity> {
    const repo = this.db.getRepository(AgentEntity);
    return repo.save(repo.create({ teamId, ...input, lastSeenAt: new Date() }));
  }

  async agent(teamId: string, agentId: string): Promise<AgentEntity> {
    const agent = await this.db.getRepository(AgentEntity).findOneBy({ id: agentId, teamId });
    if (!agent) throw notFound('agent', agentId);
    return agent;
  }

  /**
   * Hands the oldest queued run that fits to the agent, or null when none does. Concurrent claims
   * with the same filters go to the database together (ClaimBatcher); each batch is one statement,
   * so one transaction, and the row locks taken by SKIP LOCKED make every run go to one claimer.
   */
  async claim(
    teamId: string,
    agentId: string,
    opts: { sweepId?: string | null; maxMemoryBytes?: number | null },
  ): Promise<RunEntity | null> {
    const agent = await this.agentFacts(teamId, agentId);
    const sweepId = opts.sweepId ?? null;
    const cap = opts.maxMemoryBytes ?? agent.deviceMemoryBytes;
    const key = `${teamId}/${sweepId}/${cap}`;
    let batcher = this.batchers.get(key);
    if (!batcher) {
      batcher = new ClaimBatcher(
        (agentIds) => this.claimMany(teamId, agentIds, sweepId, cap),
        () => this.batchers.delete(key),
      );
      this.batchers.set(key, batcher);
    }
    return batcher.claim(agentId);
  }

  /** An agent's team and memory, which never change after registration (agents are never deleted). */
  private async agentFacts(teamId: string, agentId: string): Promise<AgentFacts> {
    let facts = this.agents.get(agentId);
    if (!facts) {
      const [row]: { team_id: string; device_memory_bytes: string | null }[] = await this.db.query(
        `SELECT team_id, device_memory_bytes FROM agent WHERE id = $1`,
        [agentId],
      );
      if (!row) throw notFound('agent', agentId);
      facts = { teamId: row.team_id, deviceMemoryBytes: row.device_memory_bytes == null ? null : Number(row.device_memory_bytes) };
      if (this.agents.size >= MAX_AGENT_FACTS) this.agents.clear();
      this.agents.set(agentId, facts);
    }
    if (facts.teamId !== teamId) throw notFound('agent', agentId);
    return facts;
  }

  /** One run for each agent (an agent listed twice gets two), oldest first; null where none is left. */
  private async claimMany(
    teamId: string,
    agentIds: string[],
    sweepId: string | null,
    maxMemoryBytes: number | null,
  ): Promise<(RunEntity | null)[]> {
    await this.proposeBayesRuns(teamId, sweepId, agentIds.length, maxMemoryBytes);
    // Ends in a SELECT: TypeORM returns [rows, count] for a statement that is an UPDATE.
    const rows: Record<string, unknown>[] = await this.db.query(
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
      [teamId, agentIds, sweepId, maxMemoryBytes, this.options.leaseSeconds],
    );
    const runs = new Array<RunEntity | null>(agentIds.length).fill(null);
    for (const row of rows) runs[Number(row._slot) - 1] = runFromRow(row);
    this.announce(rows as { id: string; sweep_id: string }[]);
    return runs;
  }

  /**
   * BAYES sweeps make their runs as agents claim: for up to `wanted` claimers, each open BAYES
   * sweep (oldest first) without enough queued runs proposes new ones from what its runs did,
   * up to `maxRuns`. The sweep row is locked while it proposes, so proposals are serialised per
   * sweep: a later proposer sees the earlier ones as pending (constant liar) and never repeats them.
   */
  private async proposeBayesRuns(teamId: string, sweepId: string | null, wanted: number, maxMemoryBytes: number | null): Promise<void> {
    const open: { id: string }[] = await this.db.query(
      `SELECT id FROM sweep WHERE team_id = $1 AND method = 'BAYES' AND cancelled_at IS NULL AND run_count < max_runs
         AND ($2::uuid IS NULL OR id = $2) ORDER BY created_at, id`,
      [teamId, sweepId],
    );
    for (const { id } of open) {
      if (wanted <= 0) return;
      const made = await this.db.transaction(async (m) => {
        const sweep = await m.getRepository(SweepEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
        if (!sweep || sweep.cancelledAt || sweep.runCount >= (sweep.maxRuns ?? 0)) return 0;
        const rows: { status: string; config: RunHyperparameters; accuracy: number | null; peak: string | null; error: string | null }[] =
          await m.query(`SELECT status, config, accuracy, peak_memory_bytes AS peak, error FROM run WHERE sweep_id = $1 ORDER BY ordinal`, [id]);
        const queued = rows.filter((r) => r.status === 'QUEUED').length;
        const count = Math.min(wanted - queued, sweep.maxRuns! - sweep.runCount);
        if (count <= 0) return queued;
        const runs = proposeRuns(
          { space: completeSpace(sweep.space), training: sweep.training, baseModel: sweep.baseModel, dataset: sweep.dataset, seed: sweep.randomSeed ?? 0, constraints: sweep.constraints },
          rows.map(trialOf),
          count,
          maxMemoryBytes,
        );
        if (!runs.length) return queued;
        await insertRuns(m, sweep, sweep.runCount, runs);
        await m.query(`UPDATE sweep SET run_count = run_count + $2 WHERE id = $1`, [id, runs.length]);
        return queued + runs.length;
      });
      if (made) this.events.runsChanged(id, null);
      wanted -= made;
    }
  }

  /** Renews the agent's presence and, with a run, its lease. Says whether cancellation was asked. */
  async heartbeat(
    teamId: string,
    agentId: string,
    runId: string | null,
  ): Promise<{ cancelRequested: boolean; leaseExpiresAt: Date | null }> {
    const [agent] = await this.db.query(
      // Wrapped in WITH: TypeORM returns [rows, count] for a bare UPDATE, rows for a SELECT.
      `WITH u AS (UPDATE agent SET last_seen_at = now() WHERE id = $1 AND team_id = $2 RETURNING id) SELECT * FROM u`,
      [agentId, teamId],
    );
    if (!agent) throw notFound('agent', agentId);
    if (!runId) return { cancelRequested: false, leaseExpiresAt: null };
    const [row] = await this.db.query(
      `WITH u AS (
         UPDATE run SET lease_expires_at = now() + make_interval(secs => $4)
         WHERE id = $1 AND team_id = $2 AND agent_id = $3 AND status = 'RUNNING'
         RETURNING cancel_requested, lease_expires_at
       ) SELECT * FROM u`,
      [runId, teamId, agentId, this.options.leaseSeconds],
    );
    if (!row) throw leaseLost(runId);
    return { cancelRequested: row.cancel_requested, leaseExpiresAt: row.lease_expires_at };
  }

  async complete(teamId: string, agentId: string, runId: string, summary: RunSummaryJson): Promise<RunEntity> {
    return this.finish(
      teamId,
      agentId,
      runId,
      `status = 'SUCCEEDED', summary = $4::jsonb, accuracy = ($4::jsonb->>'accuracy')::float8,
       peak_memory_bytes = ($4::jsonb->>'peakMemoryBytes')::bigint, error = NULL, finished_at = now()`,
      [JSON.stringify(summary)],
    );
  }

  /**
   * A failure reported by the agent: PRUNED when early termination stopped it at a rung;
   * CANCELLED when cancellation was asked; back to the queue with
   * attempt + 1 when retryable and attempts remain; FAILED otherwise.
   */
  async fail(teamId: string, agentId: string, runId: string, error: string, retryable: boolean): Promise<RunEntity> {
    return this.finish(
      teamId,
      agentId,
      runId,
      `status = CASE WHEN r.pruned_rung IS NOT NULL THEN 'PRUNED' WHEN r.cancel_requested THEN 'CANCELLED'
                     WHEN $5 AND r.attempt < r.max_attempts THEN 'QUEUED' ELSE 'FAILED' END,
       attempt = CASE WHEN NOT r.cancel_requested AND $5 AND r.attempt < r.max_attempts
                      THEN r.attempt + 1 ELSE r.attempt END,
       finished_at = CASE WHEN NOT r.cancel_requested AND $5 AND r.attempt < r.max_attempts
                          THEN NULL ELSE now() END,
       error = $4`,
      [error, retryable],
    );
  }

  private async finish(
    teamId: string,
    agentId: string,
    runId: string,
    set: string,
    params: unknown[],
  ): Promise<RunEntity> {
    const [row] = await this.db.query(
      `WITH changed AS (
         UPDATE run r SET ${set}, lease_expires_at = NULL, updated_at = now()
         WHERE r.id = $1 AND r.team_id = $2 AND r.agent_id = $3 AND r.status = 'RUNNING'
         RETURNING r.*
       ) SELECT * FROM changed`,
      [runId, teamId, agentId, ...params],
    );
    if (!row) throw leaseLost(runId);
    this.announce([row]);
    return runFromRow(row);
  }

  /** Cancels a queued run at once; asks a running one to stop (seen at its next heartbeat). */
  async cancelRun(teamId: string, runId: string): Promise<RunEntity> {
    const [row] = await this.db.query(
      `WITH changed AS (
         UPDATE run r SET
           status = CASE WHEN r.status = 'QUEUED' THEN 'CANCELLED' ELSE r.status END,
           finished_at = CASE WHEN r.status = 'QUEUED' THEN now() ELSE r.finished_at END,
           cancel_requested = r.status = 'RUNNING', updated_at = now()
         WHERE r.id = $1 AND r.team_id = $2 AND r.status IN ('QUEUED', 'RUNNING')
         RETURNING r.*
       ) SELECT * FROM changed`,
      [runId, teamId],
    );
    if (row) {
      this.announce([row]);
      return runFromRow(row);
    }
    const [existing] = await this.db.query(`SELECT status FROM run WHERE id = $1 AND team_id = $2`, [runId, teamId]);
    if (!existing) throw notFound('run', runId);
    throw new DomainError(ErrorCode.Conflict, `run ${runId} is already ${existing.status}`, { status: existing.status });
  }

  /**
   * Sends runs whose lease lapsed back to the queue with attempt + 1, or to FAILED after their last
   * attempt (CANCELLED when cancellation was asked). Safe to run from several processes at once.
   */
  async reapExpiredLeases(): Promise<number> {
    const rows = await this.db.query(
      `WITH expired AS (
         SELECT id FROM run WHERE status = 'RUNNING' AND lease_expires_at < now()
         FOR UPDATE SKIP LOCKED
       ), changed AS (
         UPDATE run r SET
           status = CASE WHEN r.pruned_rung IS NOT NULL THEN 'PRUNED' WHEN r.cancel_requested THEN 'CANCELLED'
                         WHEN r.attempt >= r.max_attempts THEN 'FAILED' ELSE 'QUEUED' END,
           attempt = CASE WHEN NOT r.cancel_requested AND r.attempt < r.max_attempts
                          THEN r.attempt + 1 ELSE r.attempt END,
           error = CASE WHEN r.cancel_requested THEN r.error
                        ELSE format('attempt %s: lease expired (the agent stopped heartbeating)', r.attempt) END,
           finished_at = CASE WHEN r.cancel_requested OR r.attempt >= r.max_attempts THEN now() END,
           lease_expires_at = NULL, updated_at = now()
         FROM expired WHERE r.id = expired.id
         RETURNING r.id, r.sweep_id
       ) SELECT id, sweep_id FROM changed`,
    );
    this.announce(rows);
    return rows.length;
  }
}
