import { Arg, Ctx, FieldResolver, Float, ID, Mutation, Resolver, Root, Subscription } from 'type-graphql';
import type { AgentService } from '../agents/agent.service';
import type { ApiContext } from '../common/context';
import { notFound } from '../common/domain-error';
import { decodeId } from '../common/global-id';
import type { MetricsLoggedEvent as MetricsLoggedNotice } from '../events/event-bus';
import type { MetricService, SeriesExtrema } from './metric.service';
import { LogMetricsInput, LogMetricsPayload, MetricSeries, MetricsLoggedEvent } from './metric.types';

@Resolver()
export class MetricResolver {
  constructor(
    private readonly metricService: MetricService,
    private readonly agents: AgentService,
  ) {}

  @Mutation(() => LogMetricsPayload, {
    description: 'Stores up to 10000 points for a run (lease holder only); idempotent on (run, key, step). With `supersede`, first deletes the points of steps being logged anew.',
  })
  async logMetrics(@Arg('input') input: LogMetricsInput, @Ctx() { principal }: ApiContext): Promise<LogMetricsPayload> {
    const runId = decodeId(input.runId, 'Run', 'input.runId');
    const agentId = await this.agents.actingAgent(principal, input.agentId, 'input.agentId');
    const stored = await this.metricService.log(principal.teamId, agentId, runId, input.points, input.supersede ?? undefined);
    return { received: input.points.length, stored };
  }

  @Subscription(() => MetricsLoggedEvent, {
    description: 'Fires when a batch of metrics of the run is stored; refetch `run.metrics` for the curves.',
    subscribe: async ({ args, context }) => {
      const ctx = context as ApiContext;
      const runId = decodeId(args.runId, 'Run', 'runId');
      if (!(await ctx.loaders.run.load(runId))) throw notFound('run', args.runId);
      return ctx.events.subscribe<MetricsLoggedNotice>('metrics', runId);
    },
  })
  metricsLogged(
    @Root() event: MetricsLoggedNotice,
    @Arg('runId', () => ID, { description: 'The run to watch.' }) runId: string,
  ): MetricsLoggedEvent {
    return { ...event, runId };
  }
}

/** A series' extrema over all its points, resolved only when asked for (one query for both). */
@Resolver(() => MetricSeries)
export class MetricSeriesResolver {
  private readonly extrema = new WeakMap<MetricSeries, Promise<SeriesExtrema>>();

  constructor(private readonly metricService: MetricService) {}

  private extremaOf(series: MetricSeries): Promise<SeriesExtrema> {
    let e = this.extrema.get(series);
    if (!e) this.extrema.set(series, (e = this.metricService.extrema(series)));
    return e;
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description: 'The smallest value over all its points, those a downsampled series leaves out included; null when it has none.',
  })
  async min(@Root() series: MetricSeries): Promise<number | null> {
    return (await this.extremaOf(series)).min;
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description: 'The largest value over all its points, those a downsampled series leaves out included (a peak between them); null when it has none.',
  })
  async max(@Root() series: MetricSeries): Promise<number | null> {
    return (await this.extremaOf(series)).max;
  }
}
