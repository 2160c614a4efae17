import { completeRunConfig } from '@loralab/core';
import { AgentEntity, RunEntity, SweepEntity, type RunErrorDetailJson, type RunSummaryJson } from '@loralab/db';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { AgentService } from '../agents/agent.service';
import { Agent } from '../agents/agent.types';
import type { ApiContext } from '../common/context';
import { badInput, notFound } from '../common/domain-error';
import { decodeId } from '../common/global-id';
import { selectedAmong } from '../common/selection';
import { ASSUMED_SERIES } from '../limits/cost';
import type { MetricService } from '../metrics/metric.service';
import { MetricSeries } from '../metrics/metric.types';
import { RunConfig } from '../sweeps/sweep-spec.types';
import { Sweep } from '../sweeps/sweep.types';
import type { QueueService } from './queue.service';
import type { RunLifecycle } from './run-lifecycle';
import {
  CancelRunInput,
  ClaimRunInput,
  ClaimRunPayload,
  CompleteRunInput,
  FailRunInput,
  HeartbeatInput,
  HeartbeatPayload,
  RunPayload,
  type RunErrorDetailInput,
  type RunSummaryInput,
} from './queue.types';
import type { RunService } from './run.service';
import { Run } from './run.types';

function validSummary(s: RunSummaryInput): RunSummaryJson {
  const errors: { path: string; message: string }[] = [];
  if (s.accuracy < 0 || s.accuracy > 1) errors.push({ path: 'summary.accuracy', message: 'must be within [0, 1]' });
  const nonNegative: [string, number][] = [
    ['peakMemoryBytes', s.peakMemoryBytes],
    ['predictedMemoryBytes', s.predictedMemoryBytes],
    ['trainableParams', s.trainableParams],
    ['totalParams', s.totalParams],
    ['tokensPerSecond', s.tokensPerSecond],
    ['durationSeconds', s.durationSeconds],
    ['evalLoss', s.evalLoss],
    ...Object.entries(s.memory).map(([k, v]) => [`memory.${k}`, v] as [string, number]),
  ];
  for (const [k, v] of nonNegative) if (!(v >= 0)) errors.push({ path: `summary.${k}`, message: 'must be >= 0' });
  // A measurement nobody took is not 0: a 0-byte run would dominate every Pareto front.
  for (const k of ['peakMemoryBytes', 'tokensPerSecond'] as const) {
    if (s[k] === 0) errors.push({ path: `summary.${k}`, message: 'must be measured (> 0); a run that measured nothing cannot complete' });
  }
  if (Object.values(s.memory).every((v) => v === 0)) {
    errors.push({ path: 'summary.memory', message: 'must be measured (some component > 0); a run that measured nothing cannot complete' });
  }
  if (s.evalBatchSize != null && !(s.evalBatchSize >= 1)) errors.push({ path: 'summary.evalBatchSize', message: 'must be at least 1' });
  if (s.evalPeakMemoryBytes != null && !(s.evalPeakMemoryBytes > 0)) errors.push({ path: 'summary.evalPeakMemoryBytes', message: 'must be measured (> 0), or null' });
  if (errors.length) throw badInput(errors);
  return {
    ...s,
    memory: { ...s.memory },
    perplexity: s.perplexity ?? null,
    accuracyMetric: s.accuracyMetric ?? null,
    evalBatchSize: s.evalBatchSize ?? null,
    evalPeakMemoryBytes: s.evalPeakMemoryBytes ?? null,
  };
}

/** A failure's detail as stored: bounded strings, non-negative positions, absent fields dropped. */
function validErrorDetail(d: RunErrorDetailInput | null | undefined): RunErrorDetailJson | null {
  if (!d) return null;
  const errors: { path: string; message: string }[] = [];
  if (!/^[A-Z][A-Z0-9_]{0,63}$/.test(d.code)) errors.push({ path: 'errorDetail.code', message: 'must be an error code: upper-case letters, digits and underscores, at most 64' });
  for (const k of ['file', 'field'] as const) {
    if (d[k] != null && d[k]!.length > 4096) errors.push({ path: `errorDetail.${k}`, message: 'must be at most 4096 characters' });
  }
  for (const k of ['line', 'row'] as const) {
    if (d[k] != null && d[k]! < 0) errors.push({ path: `errorDetail.${k}`, message: 'must be >= 0' });
  }
  if (errors.length) throw badInput(errors);
  return Object.fromEntries(Object.entries({ code: d.code, file: d.file, line: d.line, row: d.row, field: d.field }).filter(([, v]) => v != null)) as unknown as RunErrorDetailJson;
}

@Resolver(() => Run)
export class RunResolver {
  constructor(
    private readonly runService: RunService,
    private readonly queue: QueueService,
    private readonly lifecycle: RunLifecycle,
    private readonly metricService: MetricService,
    private readonly agents: AgentService,
  ) {}


  @Query(() => Run, { description: 'A run of your team (for an agent key: a run one of its agents holds the lease of).' })
  async run(@Arg('id', () => ID) id: string, @Ctx() { principal }: ApiContext): Promise<RunEntity> {
    const runId = decodeId(id, 'Run', 'id');
    await this.agents.requireReadableRun(principal, runId);
    return this.runService.get(principal.teamId, runId);
  }

  @FieldResolver(() => RunConfig, { description: 'What to train.' })
  config(@Root() r: RunEntity): RunConfig {
    // Runs stored before a setting existed get its default (what they were trained with).
    return completeRunConfig(r.config);
  }

  @FieldResolver(() => Sweep, { description: 'The sweep it belongs to.' })
  async sweep(@Root() r: RunEntity, @Ctx() { loaders }: ApiContext): Promise<SweepEntity> {
    const s = await loaders.sweep.load(r.sweepId);
    if (!s) throw notFound('sweep', r.sweepId);
    return s;
  }

  @FieldResolver(() => Agent, { nullable: true, description: 'The agent that holds or last held it.' })
  agent(@Root() r: RunEntity, @Ctx() { loaders }: ApiContext): Promise<AgentEntity | null> | null {
    return r.agentId ? loaders.agent.load(r.agentId) : null;
  }

  @FieldResolver(() => [String], { description: 'Keys of its metric series.' })
  metricKeys(@Root() r: RunEntity): Promise<string[]> {
    return this.metricService.keys(r.id);
  }

  @FieldResolver(() => [MetricSeries], {
    description: 'Its metric series, each downsampled deterministically to at most maxPoints points.',
  })
  async metrics(
    @Root() r: RunEntity,
    @Arg('keys', () => [String], { nullable: true, description: 'Which series (default: all).' }) keys: string[] | undefined,
    @Arg('maxPoints', () => Int, { defaultValue: 1000, description: 'Most points per series, 2..100000.' })
    maxPoints = 1000,
    @Ctx() { cost }: ApiContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    const wanted = keys ?? (await this.metricService.keys(r.id));
    // The estimate assumed ASSUMED_SERIES series where no keys were named; the run may have more.
    if (!keys) cost.chargeSeries(wanted.length, ASSUMED_SERIES, maxPoints, selectedAmong(info, ['min', 'max']));
    return Promise.all(wanted.map((k) => this.metricService.series(r.id, k, maxPoints)));
  }

  @Mutation(() => RunPayload, { description: 'Cancels a queued run, or asks a running one to stop within one heartbeat.' })
  async cancelRun(@Arg('input') input: CancelRunInput, @Ctx() { principal }: ApiContext): Promise<RunPayload> {
    principal.requireHuman();
    const run = await this.lifecycle.cancel(principal.teamId, decodeId(input.id, 'Run', 'input.id'));
    return { run: run as unknown as Run };
  }

  @Mutation(() => ClaimRunPayload, { description: 'Leases the oldest queued run that fits to the agent; run is null when none does.' })
  async claimRun(@Arg('input') input: ClaimRunInput, @Ctx() { principal }: ApiContext): Promise<ClaimRunPayload> {
    const agentId = await this.agents.actingAgent(principal, input.agentId, 'input.agentId');
    const sweepId = input.sweepId ? decodeId(input.sweepId, 'Sweep', 'input.sweepId') : null;
    if (input.maxMemoryBytes != null && !(input.maxMemoryBytes > 0)) {
      throw badInput([{ path: 'maxMemoryBytes', message: 'must be greater than 0' }]);
    }
    const run = await this.queue.claim(principal.teamId, agentId, {
      sweepId,
      maxMemoryBytes: input.maxMemoryBytes == null ? null : Math.floor(input.maxMemoryBytes),
    });
    return { run: run as unknown as Run, leaseSeconds: this.queue.leaseSeconds };
  }

  @Mutation(() => HeartbeatPayload, { description: 'Renews the agent\'s presence and its run\'s lease; says whether to stop.' })
  async heartbeat(@Arg('input') input: HeartbeatInput, @Ctx() { principal }: ApiContext): Promise<HeartbeatPayload> {
    const runId = input.runId ? decodeId(input.runId, 'Run', 'input.runId') : null;
    return this.queue.heartbeat(principal.teamId, await this.agents.actingAgent(principal, input.agentId, 'input.agentId'), runId);
  }

  @Mutation(() => RunPayload, { description: 'Marks the run SUCCEEDED with its results (lease holder only).' })
  async completeRun(@Arg('input') input: CompleteRunInput, @Ctx() { principal }: ApiContext): Promise<RunPayload> {
    const runId = decodeId(input.runId, 'Run', 'input.runId');
    const agentId = await this.agents.actingAgent(principal, input.agentId, 'input.agentId');
    const run = await this.lifecycle.complete(principal.teamId, agentId, runId, validSummary(input.summary));
    return { run: run as unknown as Run };
  }

  @Mutation(() => RunPayload, {
    description: 'Reports a failure (lease holder only): requeued while retryable and attempts remain, else FAILED; CANCELLED if cancellation was asked.',
  })
  async failRun(@Arg('input') input: FailRunInput, @Ctx() { principal }: ApiContext): Promise<RunPayload> {
    const runId = decodeId(input.runId, 'Run', 'input.runId');
    const agentId = await this.agents.actingAgent(principal, input.agentId, 'input.agentId');
    const error = input.error.trim().slice(0, 10_000);
    if (!error) throw badInput([{ path: 'error', message: 'must say why' }]);
    const run = await this.lifecycle.fail(principal.teamId, agentId, runId, error, input.retryable, validErrorDetail(input.errorDetail));
    return { run: run as unknown as Run };
  }
}
