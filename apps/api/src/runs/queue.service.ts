import { completeDatasetSettings, completeSpace, isOutOfMemoryMessage, proposeRuns, type RunHyperparameters, type SearchTrial } from '@loralab/core';
import { AgentEntity, SweepEntity, type RunEntity } from '@loralab/db';
import type { DataSource } from 'typeorm';
import { notFound } from '../common/domain-error';
import type { EventBus } from '../events/event-bus';
import { memoryCorrection } from '../estimates/memory-correction';
import { insertRuns } from '../sweeps/insert-runs';
import { ClaimBatcher } from './claim-batcher';
import type { RunLifecycle } from './run-lifecycle';

interface AgentFacts {
  teamId: string;
  deviceMemoryBytes: number | null;
}

const MAX_AGENT_FACTS = 100_000;

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

/**
 * The run queue as agents see it: registration, batched claims (a BAYES sweep proposes its next
 * runs just before a batch claims) and agent presence. The run's
 * transitions themselves (claim, heartbeat, release, requeue, complete, fail, cancel) are
 * RunLifecycle's.
 */
export class QueueService {
  private readonly agents = new Map<string, AgentFacts>();
  private readonly batchers = new Map<string, ClaimBatcher<RunEntity | null>>();

  constructor(
    private readonly db: DataSource,
    private readonly lifecycle: RunLifecycle,
    private readonly events: EventBus,
  ) {}

  /** How long a claim or heartbeat holds a run. */
  get leaseSeconds(): number {
    return this.lifecycle.leaseSeconds;
  }

  async registerAgent(
    teamId: string,
    input: { name: string; backend: string; hostname: string; deviceMemoryBytes: number | null; apiKeyId: string },
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
        async (agentIds) => {
          await this.proposeBayesRuns(teamId, sweepId, agentIds.length, cap);
          return this.lifecycle.claim(teamId, agentIds, sweepId, cap);
        },
        () => this.batchers.delete(key),
      );
      this.batchers.set(key, batcher);
    }
    return batcher.claim(agentId);
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
        const correction = await memoryCorrection(m, teamId, sweep.baseModel);
        const runs = proposeRuns(
          {
            space: completeSpace(sweep.space),
            training: sweep.training,
            baseModel: sweep.baseModel,
            dataset: sweep.dataset,
            datasetSettings: completeDatasetSettings(sweep.datasetSettings),
            seed: sweep.randomSeed ?? 0,
            maxRuns: sweep.maxRuns!,
            constraints: sweep.constraints,
            memoryCorrection: correction,
            infeasible: sweep.infeasible,
          },
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
    return this.lifecycle.heartbeat(teamId, agentId, runId);
  }
}
