import { planSweep } from '@loralab/core';
import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { ApiContext } from '../common/context';
import { badInput } from '../common/domain-error';
import { stripNulls } from '../common/strip-nulls';
import { SweepPlanInput } from '../sweeps/sweep.types';
import { predictRunMemory, type SweepService } from '../sweeps/sweep.service';
import { SweepEstimate } from './estimate.types';

@Resolver()
export class EstimateResolver {
  constructor(private readonly sweepService: SweepService) {}

  @Query(() => SweepEstimate, {
    description:
      'The runs a sweep would create and the predicted peak memory of each (estimates, scaled by the per-model correction learned from the team\'s finished runs), without creating anything.',
  })
  async estimateMemory(@Arg('input') input: SweepPlanInput, @Ctx() { principal }: ApiContext): Promise<SweepEstimate> {
    principal.requireHuman();
    // The name is not part of the plan; planSweep needs one to validate.
    const plan = planSweep({ name: 'estimate', ...stripNulls(input) });
    if (!plan.ok) throw badInput(plan.errors);
    const { spec, configurations } = plan.value;
    const correction = await this.sweepService.memoryCorrection(principal.teamId, spec.baseModel);
    return {
      runCount: configurations.length,
      configurations: configurations.map((c) => ({
        config: { ...c, ...spec.training, baseModel: spec.baseModel, dataset: spec.dataset },
        memory: predictRunMemory(spec, c, correction),
      })),
    };
  }
}
