import { Field, Float, Int, ObjectType } from 'type-graphql';
import type { CorrectionSource } from '@loralab/core';
import { CorrectionSourceEnum, TargetModuleEnum } from '../common/enums';
import { MemoryBreakdown } from '../runs/run.types';
import { RunConfig } from '../sweeps/sweep-spec.types';

@ObjectType({ description: 'Predicted peak memory of a training step. An estimate from the model\'s shape, not a measurement.' })
export class MemoryEstimate extends MemoryBreakdown {
  @Field(() => Number, { description: 'Sum of the components, in bytes.' })
  total!: number;
}

@ObjectType({ description: 'One configuration of the planned sweep and its predicted memory.' })
export class ConfigurationEstimate {
  @Field(() => RunConfig, { description: 'The configuration.' })
  config!: RunConfig;

  @Field(() => MemoryEstimate, { nullable: true, description: 'Null when the base model\'s shape is not known before it loads.' })
  memory!: MemoryEstimate | null;

  @Field(() => Float, {
    description:
      'The factor the estimator\'s prediction was scaled by: the 90th percentile of measured ÷ predicted peak over the team\'s succeeded runs on the base with the same target modules, else over all its runs on the base; 1 before any.',
  })
  correction!: number;

  @Field(() => CorrectionSourceEnum, { description: 'Where `correction` was learned: from runs with the same target modules, from all the team\'s runs on the base, or nowhere yet (1).' })
  correctionSource!: CorrectionSource;
}

@ObjectType({ description: 'A factor learned for one set of target modules.' })
export class TargetSetCorrection {
  @Field(() => [TargetModuleEnum], { description: 'The set, in canonical order.' })
  targetModules!: string[];

  @Field(() => Float, { description: 'Measured ÷ predicted peak, 90th percentile, over the team\'s succeeded runs on the base with this set.' })
  correction!: number;
}

@ObjectType({ description: 'What the team\'s measured runs on a base taught of the estimator\'s error: the factors its predictions are scaled by.' })
export class LearnedMemoryCorrection {
  @Field(() => Float, { description: 'Measured ÷ predicted peak, 90th percentile, over all the team\'s succeeded runs on the base; 1 before any. Target sets without runs of their own take it.' })
  base!: number;

  @Field(() => [TargetSetCorrection], { description: 'The sets the team has measured on the base, each with its own factor.' })
  byTargets!: TargetSetCorrection[];
}

@ObjectType({ description: 'What a sweep would create, before it is created.' })
export class SweepEstimate {
  @Field(() => LearnedMemoryCorrection, { description: 'The correction the predictions below were scaled by.' })
  memoryCorrection!: LearnedMemoryCorrection;

  @Field(() => Int, { description: 'Runs the sweep would create.' })
  runCount!: number;

  @Field(() => [ConfigurationEstimate], { description: 'Every configuration that would be queued, in run order (none for BAYES, which proposes its runs as agents claim).' })
  configurations!: ConfigurationEstimate[];

  @Field(() => [ConfigurationEstimate], { description: 'Configurations predicted above `constraints.maxPeakMemoryBytes`: they would not be queued. For BAYES, one per combination of the dimensions memory depends on (as `Sweep.infeasible`).' })
  infeasible!: ConfigurationEstimate[];
}
