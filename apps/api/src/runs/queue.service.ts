import { AgentEntity, type RunEntity } from '@loralab/db';
import type { DataSource } from 'typeorm';
import { notFound } from '../common/domain-error';
import { ClaimBatcher } from './claim-batcher';
import type { RunLifecycle } from './run-lifecycle';

interface AgentFacts {
  teamId: string;
  deviceMemoryBytes: number | null;
}

const MAX_AGENT_FACTS = 100_000;

/**
 * The run queue as agents see it: registration, batched claims and agent presence. The run's
 * transitions themselves (claim, heartbeat, release, requeue, complete, fail, cancel) are
 * RunLifecycle's.
 */
export class QueueService {
  private readonly agents = new Map<string, AgentFacts>();
  private readonly batchers = new Map<string, ClaimBatcher<RunEntity | null>>();

  constructor(
    private readonly db: DataSource,
    private readonly lifecycle: RunLifecycle,
  ) {}

  /** How long a claim or heartbeat holds a run. */
  get leaseSeconds(): number {
    return this.lifecycle.leaseSeconds;
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
        (agentIds) => this.lifecycle.claim(teamId, agentIds, sweepId, cap),
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
