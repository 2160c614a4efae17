import { correctionOf, planSweepRuns, targetsKey, targetsOfKey, type PlannedRun } from '@loralab/core';
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
      'The runs a sweep would create and the predicted peak memory of each (estimates, scaled by the correction learned from the team\'s finished runs on the base, per set of target modules: `correction`), without creating anything.',
  })
  async estimateMemory(@Arg('input') input: SweepPlanInput, @Ctx() { principal }: ApiContext): Promise<SweepEstimate> {
    principal.requireHuman();
    const correction = await this.sweepService.memoryCorrection(principal.teamId, input.baseModel);
    const { runs, infeasible } = planFromInput(input, (s) => planSweepRuns(s, { memoryCorrection: correction }));
    const withFactor = (r: PlannedRun): ConfigurationEstimate => {
      const { factor, source } = correctionOf(correction, r.config);
      return { ...r, correction: factor, correctionSource: source } as ConfigurationEstimate;
    };
    const memoryCorrection = {
      base: correction.base,
      // Smaller sets first (q+v before q+k+v+o), as a person lists them.
      byTargets: Object.entries(correction.byTargets ?? {})
        .map(([key, factor]) => ({ targetModules: targetsOfKey(key), correction: factor }))
        .sort((a, b) => a.targetModules.length - b.targetModules.length || targetsKey(a.targetModules).localeCompare(targetsKey(b.targetModules))),
    };
    return { memoryCorrection, runCount: runs.length, configurations: runs.map(withFactor), infeasible: infeasible.map(withFactor) };
  }
}
