import { planSweepRuns } from '@loralab/core';
import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { ApiContext } from '../common/context';
import { badInput } from '../common/domain-error';
import { stripNulls } from '../common/strip-nulls';
import { SweepPlanInput } from '../sweeps/sweep.types';
import { ConfigurationEstimate, SweepEstimate } from './estimate.types';

@Resolver()
export class EstimateResolver {
  @Query(() => SweepEstimate, {
    description: 'The runs a sweep would create and the predicted peak memory of each (estimates), without creating anything.',
  })
  estimateMemory(@Arg('input') input: SweepPlanInput, @Ctx() { principal }: ApiContext): SweepEstimate {
    principal.requireHuman();
    const plan = planSweepRuns(stripNulls(input));
    if (!plan.ok) throw badInput(plan.errors);
    const { runs } = plan.value;
    return { runCount: runs.length, configurations: runs as ConfigurationEstimate[] };
  }
}
