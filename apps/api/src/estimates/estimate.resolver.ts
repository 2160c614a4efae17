import { planSweepRuns } from '@loralab/core';
import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { ApiContext } from '../common/context';
import { planFromInput } from '../sweeps/plan-input';
import type { SweepService } from '../sweeps/sweep.service';
import { SweepPlanInput } from '../sweeps/sweep.types';
import { ConfigurationEstimate, SweepEstimate } from './estimate.types';

@Resolver()
export class EstimateResolver {
  constructor(private readonly sweepService: SweepService) {}

  @Query(() => SweepEstimate, {
    description:
      'The runs a sweep would create and the predicted peak memory of each (estimates, scaled by the per-model correction learned from the team\'s finished runs), without creating anything.',
  })
  async estimateMemory(@Arg('input') input: SweepPlanInput, @Ctx() { principal }: ApiContext): Promise<SweepEstimate> {
    principal.requireHuman();
    const correction = await this.sweepService.memoryCorrection(principal.teamId, input.baseModel);
    const { runs, infeasible } = planFromInput(input, (s) => planSweepRuns(s, { memoryCorrection: correction }));
    return { runCount: runs.length, configurations: runs as ConfigurationEstimate[], infeasible: infeasible as ConfigurationEstimate[] };
  }
}
