import { completeDatasetSettings, completeRunConfig, completeSpace, completeTraining } from '@loralab/core';
import { ProjectEntity, RunEntity, SweepEntity } from '@loralab/db';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, Float, ID, Info, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { selectsOnlyId } from '../common/selection';
import { pageWindow, toConnection } from '../common/connection';
import type { ApiContext } from '../common/context';
import { notFound } from '../common/domain-error';
import { decodeId } from '../common/global-id';
import type { RunsChangedEvent } from '../events/event-bus';
import { Project } from '../projects/project.types';
import type { RunService } from '../runs/run.service';
import { Run, RunConnection, RunFilter, RunOrder } from '../runs/run.types';
import type { SweepService } from './sweep.service';
import {
  CancelSweepInput,
  CancelSweepPayload,
  ComparisonPair,
  CreateSweepInput,
  CreateSweepPayload,
  EarlyTerminationSavings,
  InfeasibleConfiguration,
  Sweep,
  SweepConnection,
  SweepHypervolume,
  SweepProgress,
  SweepStatus,
} from './sweep.types';
import { DatasetSettings, SweepSpace, TrainingSettings, spaceToOutput } from './sweep-spec.types';
import { RunUpdatedEvent } from './run-updated.types';

@Resolver(() => Sweep)
export class SweepResolver {
  constructor(
    private readonly sweepService: SweepService,
    private readonly runService: RunService,
  ) {}


  @Query(() => Sweep, { description: 'A sweep of your team.' })
  sweep(@Arg('id', () => ID) id: string, @Ctx() { principal }: ApiContext): Promise<SweepEntity> {
    principal.requireHuman();
    return this.sweepService.get(principal.teamId, decodeId(id, 'Sweep', 'id'));
  }

  @Query(() => SweepConnection, { description: 'Your team\'s sweeps across projects, newest first.' })
  async sweeps(
    @Ctx() { principal }: ApiContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size (default 50, at most 1000).' }) first?: number,
    @Arg('after', { nullable: true, description: 'Cursor to continue after.' }) after?: string,
  ) {
    principal.requireHuman();
    const { offset, limit } = pageWindow(first, after);
    const [items, total] = await this.sweepService.list(principal.teamId, null, offset, limit);
    return toConnection(items, offset, total);
  }

  @Mutation(() => CreateSweepPayload, {
    description: 'Validates a sweep and expands it into queued runs, all in one transaction; invalid input writes nothing.',
  })
  async createSweep(
    @Arg('input') input: CreateSweepInput,
    @Ctx() { principal }: ApiContext,
  ): Promise<CreateSweepPayload> {
    principal.requireHuman();
    const projectId = decodeId(input.projectId, 'Project', 'input.projectId');
    const { projectId: _p, ...spec } = input;
    const sweep = await this.sweepService.create(principal.teamId, projectId, spec);
    return { sweep: sweep as unknown as Sweep };
  }

  @Mutation(() => CancelSweepPayload, { description: 'Cancels queued runs and asks running ones to stop.' })
  async cancelSweep(@Arg('input') input: CancelSweepInput, @Ctx() { principal }: ApiContext) {
    principal.requireHuman();
    return this.sweepService.cancel(principal.teamId, decodeId(input.id, 'Sweep', 'input.id'));
  }

  @FieldResolver(() => Project, { description: 'The project it belongs to.' })
  async project(@Root() s: SweepEntity, @Ctx() { loaders }: ApiContext): Promise<ProjectEntity> {
    const p = await loaders.project.load(s.projectId);
    if (!p) throw notFound('project', s.projectId);
    return p;
  }

  @FieldResolver(() => SweepSpace, { description: 'The search space as submitted, with the defaults it was planned with.' })
  space(@Root() s: SweepEntity): SweepSpace {
    // Sweeps stored before a dimension existed get its default (what their runs used).
    return spaceToOutput(completeSpace(s.space));
  }

  @FieldResolver(() => TrainingSettings, { description: 'Shared training settings, with the defaults of settings added after the sweep was created.' })
  training(@Root() s: SweepEntity): TrainingSettings {
    return completeTraining(s.training);
  }

  @FieldResolver(() => [InfeasibleConfiguration], { description: 'Configurations predicted above the memory budget, never queued (empty without a budget), with the defaults of settings added after the sweep was created.' })
  infeasible(@Root() s: SweepEntity): InfeasibleConfiguration[] {
    return s.infeasible.map((i) => ({ ...i, config: completeRunConfig(i.config) as unknown as InfeasibleConfiguration['config'] }));
  }

  @FieldResolver(() => DatasetSettings, { description: 'How its runs read the dataset file, with the defaults of settings added after the sweep was created.' })
  datasetSettings(@Root() s: SweepEntity): DatasetSettings {
    return completeDatasetSettings(s.datasetSettings);
  }

  @FieldResolver(() => SweepProgress, { description: 'Runs by status.' })
  async progress(@Root() s: SweepEntity, @Ctx() { loaders }: ApiContext): Promise<SweepProgress> {
    const p = await loaders.progress.load(s.id);
    const done = p.succeeded + p.failed + p.cancelled + p.pruned;
    // A BAYES sweep's runs are made as agents claim: its budget is the whole.
    const whole = s.method === 'BAYES' && !s.cancelledAt ? Math.max(p.total, s.maxRuns ?? 0) : p.total;
    return { ...p, fractionDone: whole ? done / whole : 1 };
  }

  @FieldResolver(() => EarlyTerminationSavings, {
    nullable: true,
    description: 'What early termination saved so far in its ended runs; null when the sweep has none.',
  })
  async earlyTerminationSavings(@Root() s: SweepEntity, @Ctx() { loaders }: ApiContext): Promise<EarlyTerminationSavings | null> {
    if (!s.earlyTerminate) return null;
    const x = await loaders.stepsSaved.load(s.id);
    return { ...x, fractionSaved: x.stepsFull > 0 ? 1 - x.stepsTrained / x.stepsFull : 0 };
  }

  @FieldResolver(() => SweepStatus, { description: 'Derived from its runs.' })
  async status(@Root() s: SweepEntity, @Ctx() { loaders }: ApiContext): Promise<SweepStatus> {
    if (s.cancelledAt) return SweepStatus.CANCELLED;
    const p = await loaders.progress.load(s.id);
    const toPropose = s.method === 'BAYES' && s.runCount < (s.maxRuns ?? 0);
    if (toPropose && p.total === 0) return SweepStatus.QUEUED;
    if (p.queued + p.running === 0 && !toPropose) return SweepStatus.FINISHED;
    if (p.queued + p.running === 0) return SweepStatus.RUNNING;
    return p.queued === p.total ? SweepStatus.QUEUED : SweepStatus.RUNNING;
  }

  @FieldResolver(() => RunConnection, { description: 'The sweep\'s runs, filtered and ordered.' })
  async runs(
    @Root() s: SweepEntity,
    @Arg('first', () => Int, { nullable: true, description: 'Page size (default 50, at most 1000).' }) first?: number,
    @Arg('after', { nullable: true, description: 'Cursor to continue after.' }) after?: string,
    @Arg('filter', () => RunFilter, { nullable: true, description: 'Which runs.' }) filter?: RunFilter,
    @Arg('orderBy', () => RunOrder, { nullable: true, description: 'Order (default: ordinal).' }) orderBy?: RunOrder,
  ) {
    const { offset, limit } = pageWindow(first, after);
    const [items, total] = await this.runService.list(s.id, filter, orderBy, offset, limit);
    return toConnection(items, offset, total);
  }

  @FieldResolver(() => [Run], {
    description: 'SUCCEEDED runs that no other run beats on both accuracy (higher) and peak memory (lower), by memory ascending.',
  })
  async paretoFront(@Root() s: SweepEntity, @Ctx() { loaders }: ApiContext): Promise<RunEntity[]> {
    const { front } = await loaders.results.load(s.id);
    return (await loaders.run.loadMany(front.map((r) => r.id))) as RunEntity[];
  }

  @FieldResolver(() => SweepHypervolume, {
    description: 'The hypervolume of the Pareto front (accuracy up, peak memory down) after each SUCCEEDED run, in finish order.',
  })
  async hypervolume(@Root() s: SweepEntity, @Ctx() { loaders }: ApiContext): Promise<SweepHypervolume> {
    return (await loaders.results.load(s.id)).hypervolume;
  }

  @FieldResolver(() => [ComparisonPair], {
    description: 'Each quantized-base run matched with the FP32-base run of the same settings otherwise (rank, alpha, targets, lr, dropout, warm-up, seed).',
  })
  async comparison(@Root() s: SweepEntity, @Ctx() { loaders }: ApiContext, @Info() info: GraphQLResolveInfo) {
    const { pairs } = await loaders.results.load(s.id);
    // Runs are loaded (one batched query) only when more than their ids is asked for.
    const sides = (['baseline', 'quantized'] as const).filter((side) => !selectsOnlyId(info, side));
    if (!sides.length) return pairs;
    const runs = (side: 'baseline' | 'quantized') =>
      sides.includes(side) ? loaders.run.loadMany(pairs.map((p) => p[side].id)) : pairs.map((p) => p[side]);
    const [baseline, quantized] = await Promise.all([runs('baseline'), runs('quantized')]);
    return pairs.map((p, i) => ({ ...p, baseline: baseline[i], quantized: quantized[i] }));
  }

  @FieldResolver(() => Float, { nullable: true, description: 'Highest accuracy of its SUCCEEDED runs.' })
  async bestAccuracy(@Root() s: SweepEntity, @Ctx() { loaders }: ApiContext): Promise<number | null> {
    const { front } = await loaders.results.load(s.id);
    return front.length ? front[front.length - 1].accuracy : null;
  }

  @FieldResolver(() => Float, { nullable: true, description: 'Lowest measured peak memory of its SUCCEEDED runs.' })
  async lowestPeakMemoryBytes(@Root() s: SweepEntity, @Ctx() { loaders }: ApiContext): Promise<number | null> {
    const { front } = await loaders.results.load(s.id);
    return front.length ? front[0].peakMemoryBytes : null;
  }

  @Subscription(() => RunUpdatedEvent, {
    description: 'Fires when a run of the sweep changes (claimed, finished, requeued, cancelled).',
    subscribe: async ({ args, context }) => {
      const ctx = context as ApiContext;
      ctx.principal.requireHuman();
      const sweepId = decodeId(args.sweepId, 'Sweep', 'sweepId');
      if (!(await ctx.loaders.sweep.load(sweepId))) throw notFound('sweep', args.sweepId);
      return ctx.events.subscribe<RunsChangedEvent>('runs', sweepId);
    },
  })
  async runUpdated(
    @Root() event: RunsChangedEvent,
    @Arg('sweepId', () => ID, { description: 'The sweep to watch.' }) _sweepId: string,
    @Ctx() { principal, loaders }: ApiContext,
  ): Promise<RunUpdatedEvent> {
    // Each event is read fresh: loaders of a long-lived subscription would serve stale rows.
    loaders.clearAll();
    const sweep = await this.sweepService.get(principal.teamId, event.sweepId);
    const run = event.runId ? await this.runService.get(principal.teamId, event.runId) : null;
    return { sweep, run } as unknown as RunUpdatedEvent;
  }
}
