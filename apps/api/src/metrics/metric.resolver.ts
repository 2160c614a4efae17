import { Arg, Ctx, ID, Mutation, Resolver, Root, Subscription } from 'type-graphql';
import type { AgentService } from '../agents/agent.service';
import type { ApiContext } from '../common/context';
import { notFound } from '../common/domain-error';
import { decodeId } from '../common/global-id';
import type { MetricsLoggedEvent as MetricsLoggedNotice } from '../events/event-bus';
import type { MetricService } from './metric.service';
import { LogMetricsInput, LogMetricsPayload, MetricsLoggedEvent } from './metric.types';

@Resolver()
export class MetricResolver {
  constructor(
    private readonly metricService: MetricService,
    private readonly agents: AgentService,
  ) {}

  @Mutation(() => LogMetricsPayload, {
    description: 'Stores up to 10000 points for a run (lease holder only); idempotent on (run, key, step).',
  })
  async logMetrics(@Arg('input') input: LogMetricsInput, @Ctx() { principal }: ApiContext): Promise<LogMetricsPayload> {
    const runId = decodeId(input.runId, 'Run', 'input.runId');
    const agentId = await this.agents.actingAgent(principal, input.agentId, 'input.agentId');
    const stored = await this.metricService.log(principal.teamId, agentId, runId, input.points);
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
