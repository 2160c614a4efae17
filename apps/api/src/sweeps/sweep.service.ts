import { planSweep, type MemoryCorrection, type RunConfig } from '@loralab/core';
import { ProjectEntity, SweepEntity } from '@loralab/db';
import type { DataSource } from 'typeorm';
import { DomainError, ErrorCode, notFound } from '../common/domain-error';
import type { EventBus } from '../events/event-bus';
import { memoryCorrection } from '../estimates/memory-correction';
import { insertRuns } from './insert-runs';
import { planFromInput } from './plan-input';

export interface ProgressCounts {
  total: number;
  queued: number;
  running: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  pruned: number;
}

export interface FinishedRunScore {
  id: string;
  accuracy: number;
  peakMemoryBytes: number;
  quantization: RunConfig['quantization'];
  matchKey: string;
}

/** What early termination saved in a sweep's ended runs (SUCCEEDED or PRUNED). */
export interface StepsSaved {
  prunedRuns: number;
  endedRuns: number;
  /** Steps those runs trained: a SUCCEEDED run's configured steps, a PRUNED run's last logged train/loss or eval/loss step. */
  stepsTrained: number;
  /** Steps they would have trained, each to its configured end. */
  stepsFull: number;
}

export class SweepService {
  constructor(
    private readonly db: DataSource,
    private readonly events: EventBus,
  ) {}

  /**
   * Validates and expands the sweep; the sweep and all its runs are written in one transaction.
   * Configurations predicted above its memory budget are stored on the sweep as infeasible, never queued.
   */
  async create(teamId: string, projectId: string, input: object): Promise<SweepEntity> {
    const correction = await this.memoryCorrection(teamId, (input as { baseModel?: unknown }).baseModel);
    const { spec, runs, infeasible } = planFromInput(input, (s) => planSweep(s, { memoryCorrection: correction }));

    const sweep = await this.db.transaction(async (m) => {
      const project = await m.getRepository(ProjectEntity).findOneBy({ id: projectId, teamId });
      if (!project) {
        throw new DomainError(ErrorCode.NotFound, `project ${projectId} was not found`, { field: 'input.projectId' });
      }
      const sweep = await m.getRepository(SweepEntity).save(
        m.getRepository(SweepEntity).create({
          teamId,
          projectId,
          name: spec.name,
          method: spec.method,
          maxRuns: spec.maxRuns ?? null,
          randomSeed: spec.method === 'GRID' ? null : (spec.seed ?? 0),
          baseModel: spec.baseModel,
          dataset: spec.dataset,
          training: spec.training,
          datasetSettings: spec.datasetSettings,
          space: spec.space,
          constraints: spec.constraints ?? null,
          earlyTerminate: spec.earlyTerminate ?? null,
          infeasible: infeasible.map((r) => ({ config: r.config, predictedMemoryBytes: r.memory!.total })),
          maxAttempts: spec.maxAttempts,
          runCount: runs.length,
        }),
      );
      await insertRuns(m, sweep, 0, runs);
      return sweep;
    });
    this.events.runsChanged(sweep.id, null);
    return sweep;
  }

  /** The learned correction of memory estimates for this team and base (see `memoryCorrection`). */
  memoryCorrection(teamId: string, baseModel: unknown): Promise<MemoryCorrection> {
    return memoryCorrection(this.db, teamId, baseModel);
  }

  async get(teamId: string, id: string): Promise<SweepEntity> {
    const sweep = await this.db.getRepository(SweepEntity).findOneBy({ id, teamId });
    if (!sweep) throw notFound('sweep', id);
    return sweep;
  }

  async list(
    teamId: string,
    projectId: string | null,
    offset: number,
    limit: number,
  ): Promise<[SweepEntity[], number]> {
    return this.db.getRepository(SweepEntity).findAndCount({
      where: projectId ? { teamId, projectId } : { teamId },
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: offset,
      take: limit,
    });
  }

  /** Counts by status for many sweeps in one query (the DataLoader's batch). */
  async progress(sweepIds: readonly string[]): Promise<ProgressCounts[]> {
    const rows: { sweep_id: string; status: string; n: number }[] = await this.db.query(
      `SELECT sweep_id, status, count(*)::int AS n FROM run WHERE sweep_id = ANY($1) GROUP BY 1, 2`,
      [sweepIds],
    );
    const by = new Map<string, ProgressCounts>(
      sweepIds.map((id) => [id, { total: 0, queued: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0, pruned: 0 }]),
    );
    for (const r of rows) {
      const p = by.get(r.sweep_id)!;
      p.total += r.n;
      p[r.status.toLowerCase() as keyof ProgressCounts] += r.n;
    }
    return sweepIds.map((id) => by.get(id)!);
  }

  /**
   * Steps trained and saved by the ended runs of many sweeps in one query (the DataLoader's
   * batch). A pruned run's steps are its last `train/loss` or `eval/loss` step (an index probe
   * each; its rung if it logged neither): it stops at the heartbeat after its rung, a step or a
   * few past it.
   */
  async stepsSaved(sweepIds: readonly string[]): Promise<StepsSaved[]> {
    const rows: { sweep_id: string; pruned: number; ended: number; trained: number; full: number }[] = await this.db.query(
      `SELECT r.sweep_id,
              count(*) FILTER (WHERE r.status = 'PRUNED')::int AS pruned,
              count(*)::int AS ended,
              coalesce(sum(CASE WHEN r.status = 'PRUNED' THEN l.last ELSE (r.config->>'steps')::float8 END), 0)::float8 AS trained,
              coalesce(sum((r.config->>'steps')::float8), 0)::float8 AS full
       FROM run r
       LEFT JOIN LATERAL (
         SELECT coalesce(greatest(
           (SELECT max(step) FROM metric m WHERE m.run_id = r.id AND m.key = 'train/loss'),
           (SELECT max(step) FROM metric m WHERE m.run_id = r.id AND m.key = 'eval/loss')
         ), r.pruned_rung, 0) AS last
         WHERE r.status = 'PRUNED'
       ) l ON true
       WHERE r.sweep_id = ANY($1) AND r.status IN ('SUCCEEDED', 'PRUNED') AND r.config ? 'steps'
       GROUP BY r.sweep_id`,
      [sweepIds],
    );
    const by = new Map(rows.map((r) => [r.sweep_id, r]));
    return sweepIds.map((id) => {
      const r = by.get(id);
      return { prunedRuns: r?.pruned ?? 0, endedRuns: r?.ended ?? 0, stepsTrained: r?.trained ?? 0, stepsFull: r?.full ?? 0 };
    });
  }

  /** Scores of the SUCCEEDED runs of each sweep in the order they finished, read from a covering index (no config JSON). */
  async finishedScores(sweepIds: readonly string[]): Promise<FinishedRunScore[][]> {
    const rows: { sweep_id: string; id: string; accuracy: number; peak: string; quantization: string; match_key: string }[] =
      await this.db.query(
        `SELECT sweep_id, id, accuracy, peak_memory_bytes AS peak, quantization, match_key
         FROM run WHERE sweep_id = ANY($1) AND status = 'SUCCEEDED' ORDER BY finished_at, id`,
        [sweepIds],
      );
    const by = new Map<string, FinishedRunScore[]>(sweepIds.map((id) => [id, []]));
    for (const r of rows) {
      by.get(r.sweep_id)!.push({
        id: r.id,
        accuracy: r.accuracy,
        peakMemoryBytes: Number(r.peak),
        quantization: r.quantization as RunConfig['quantization'],
        matchKey: r.match_key,
      });
    }
    return sweepIds.map((id) => by.get(id)!);
  }

  /** Cancels queued runs and asks running ones to stop; they stop within one heartbeat. */
  async cancel(teamId: string, id: string): Promise<{ sweep: SweepEntity; cancelledRuns: number; stoppingRuns: number }> {
    const result = await this.db.transaction(async (m) => {
      const sweep = await m.getRepository(SweepEntity).findOne({ where: { id, teamId }, lock: { mode: 'pessimistic_write' } });
      if (!sweep) throw notFound('sweep', id);
      sweep.cancelledAt ??= new Date();
      await m.getRepository(SweepEntity).save(sweep);
      const [cancelled] = await m.query(
        `WITH c AS (UPDATE run SET status = 'CANCELLED', finished_at = now(), updated_at = now()
                    WHERE sweep_id = $1 AND status = 'QUEUED' RETURNING 1)
         SELECT count(*)::int AS n FROM c`,
        [id],
      );
      const [stopping] = await m.query(
        `WITH c AS (UPDATE run SET cancel_requested = true, updated_at = now()
                    WHERE sweep_id = $1 AND status = 'RUNNING' RETURNING 1)
         SELECT count(*)::int AS n FROM c`,
        [id],
      );
      return { sweep, cancelledRuns: cancelled.n, stoppingRuns: stopping.n };
    });
    this.events.runsChanged(id, null);
    return result;
  }
}
