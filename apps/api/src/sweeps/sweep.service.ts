import {
  builtinModelShape,
  comparisonKey,
  estimateMemory,
  planSweep,
  type RunConfig,
  type RunHyperparameters,
  type SweepSpec,
} from '@loralab/core';
import { ProjectEntity, SweepEntity } from '@loralab/db';
import type { DataSource } from 'typeorm';
import { badInput, DomainError, ErrorCode, notFound } from '../common/domain-error';
import { stripNulls } from '../common/strip-nulls';
import type { EventBus } from '../events/event-bus';

export interface ProgressCounts {
  total: number;
  queued: number;
  running: number;
  succeeded: number;
  failed: number;
  cancelled: number;
}

export interface FinishedRunScore {
  id: string;
  accuracy: number;
  peakMemoryBytes: number;
  quantization: RunConfig['quantization'];
  matchKey: string;
}

/**
 * The predicted peak of a configuration, or null when the base model's shape is not known up
 * front. `correction` (see `memoryCorrection`) scales the estimate by what finished runs on the
 * same base measured; the difference lands in activations, the part the estimator fits.
 */
export function predictRunMemory(spec: Pick<SweepSpec, 'baseModel' | 'training'>, c: RunHyperparameters, correction = 1) {
  const shape = builtinModelShape(spec.baseModel);
  if (!shape) return null;
  const m = estimateMemory(shape, {
    rank: c.rank,
    quantization: c.quantization,
    doubleQuant: c.doubleQuant,
    targetModules: c.targetModules,
    batchSize: spec.training.batchSize,
    sequenceLength: spec.training.sequenceLength,
  });
  if (correction === 1) return m;
  const total = Math.round(m.total * correction);
  return { ...m, activations: Math.max(0, m.activations + total - m.total), total };
}

/**
 * The estimator's per-model correction: the median measured ÷ predicted peak over the team's
 * succeeded runs on `baseModel`, each against the trainer's own uncorrected prediction
 * (`summary.predictedMemoryBytes`), so corrections do not compound; 1 without such runs.
 */
export async function memoryCorrection(db: Pick<DataSource, 'query'>, teamId: string, baseModel: string): Promise<number> {
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

export class SweepService {
  constructor(
    private readonly db: DataSource,
    private readonly events: EventBus,
  ) {}

  /** Validates and expands the sweep; the sweep and all its runs are written in one transaction. */
  async create(teamId: string, projectId: string, input: object): Promise<SweepEntity> {
    const plan = planSweep(stripNulls(input));
    if (!plan.ok) throw badInput(plan.errors);
    const { spec, configurations } = plan.value;

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
          randomSeed: spec.method === 'RANDOM' ? (spec.seed ?? 0) : null,
          baseModel: spec.baseModel,
          dataset: spec.dataset,
          training: spec.training,
          space: spec.space,
          maxAttempts: spec.maxAttempts,
          runCount: configurations.length,
        }),
      );
      const correction = await memoryCorrection(m, teamId, spec.baseModel);
      const configs: RunConfig[] = configurations.map((c) => ({
        ...c,
        ...spec.training,
        baseModel: spec.baseModel,
        dataset: spec.dataset,
      }));
      await m.query(
        `INSERT INTO run (team_id, sweep_id, ordinal, status, config, quantization, match_key,
                          predicted_memory_bytes, max_attempts)
         SELECT $1, $2, t.ordinal, 'QUEUED', t.config, t.quantization, t.match_key, t.predicted, $3
         FROM unnest($4::int[], $5::jsonb[], $6::text[], $7::text[], $8::bigint[])
              AS t(ordinal, config, quantization, match_key, predicted)`,
        [
          teamId,
          sweep.id,
          spec.maxAttempts,
          configs.map((_, i) => i),
          configs.map((c) => JSON.stringify(c)),
          configs.map((c) => c.quantization),
          configs.map((c) => comparisonKey(c)),
          configs.map((c) => predictRunMemory(spec, c, correction)?.total ?? null),
        ],
      );
      return sweep;
    });
    this.events.runsChanged(sweep.id, null);
    return sweep;
  }

  /** The per-model correction of memory estimates for this team (see `memoryCorrection`). */
  memoryCorrection(teamId: string, baseModel: string): Promise<number> {
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
      sweepIds.map((id) => [id, { total: 0, queued: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0 }]),
    );
    for (const r of rows) {
      const p = by.get(r.sweep_id)!;
      p.total += r.n;
      p[r.status.toLowerCase() as keyof ProgressCounts] += r.n;
    }
    return sweepIds.map((id) => by.get(id)!);
  }

  /** Scores of the SUCCEEDED runs of each sweep, read from a covering index (no config JSON). */
  async finishedScores(sweepIds: readonly string[]): Promise<FinishedRunScore[][]> {
    const rows: { sweep_id: string; id: string; accuracy: number; peak: string; quantization: string; match_key: string }[] =
      await this.db.query(
        `SELECT sweep_id, id, accuracy, peak_memory_bytes AS peak, quantization, match_key
         FROM run WHERE sweep_id = ANY($1) AND status = 'SUCCEEDED'`,
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
