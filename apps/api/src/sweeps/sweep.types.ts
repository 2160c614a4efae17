import { MAX_RUNS_PER_SWEEP, type EarlyTerminateType, type QuantType, type SearchMethod } from '@loralab/core';
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '../common/connection';
import { EarlyTerminateTypeEnum, QuantTypeEnum, SearchMethodEnum } from '../common/enums';
import { Node } from '../common/node';
import { Run } from '../runs/run.types';
import { DatasetSettings, DatasetSettingsInput, RunConfig, SweepSpace, SweepSpaceInput, TrainingSettings, TrainingSettingsInput } from './sweep-spec.types';

@InputType({ description: 'Limits every queued run must respect.' })
export class SweepConstraintsInput {
  @Field(() => Float, {
    nullable: true,
    description: 'Memory budget in bytes (a positive integer): configurations whose predicted peak memory is above it are never queued; the sweep lists them as `infeasible`.',
  })
  maxPeakMemoryBytes?: number;
}

@InputType({ description: 'Early termination at rungs of minSteps·η^k steps, judged on the eval loss logged at or after each rung.' })
export class EarlyTerminateInput {
  @Field(() => EarlyTerminateTypeEnum, { description: 'ASHA (keep the best ⌊n/η⌋ at a rung) or PARETO (stop only when ≥ 1 − 1/η of the runs at the rung dominate it on eval loss and peak memory).' })
  type!: EarlyTerminateType;

  @Field(() => Int, { description: 'The first rung, in steps (1.., below training.steps).' })
  minSteps!: number;

  @Field(() => Float, {
    nullable: true,
    defaultValue: 3,
    description: 'Reduction factor η, 1.1..100, not necessarily whole (default 3): rungs at minSteps·η^k, each rounded up to the evaluation it is judged on (none after the last evaluation during training). ASHA keeps the best ⌊n/η⌋ at a rung; PARETO stops a run dominated by at least 1 − 1/η of the others.',
  })
  eta?: number;

  @Field(() => Int, {
    nullable: true,
    defaultValue: 1,
    description: 'Other runs that must have reached a rung before a run there is judged, 1..1000 (default 1: the first run at a rung is never stopped), as Optuna\'s n_min_trials. 3 keeps a small sweep from stopping runs on a comparison with one or two.',
  })
  minRuns?: number;
}

@ObjectType({ simpleResolvers: true, description: 'Early termination of a sweep.' })
export class EarlyTerminate {
  @Field(() => EarlyTerminateTypeEnum, { description: 'ASHA or PARETO.' })
  type!: EarlyTerminateType;

  @Field(() => Int, { description: 'The first rung, in steps.' })
  minSteps!: number;

  @Field(() => Float, { description: 'Reduction factor η (may be fractional, e.g. 1.25).' })
  eta!: number;

  @Field(() => Int, { description: 'Other runs that must have reached a rung before a run there is judged.' })
  minRuns!: number;
}

@ObjectType({ simpleResolvers: true, description: 'Limits of a sweep.' })
export class SweepConstraints {
  @Field(() => Float, { nullable: true, description: 'Memory budget in bytes; null: none.' })
  maxPeakMemoryBytes!: number | null;
}

@ObjectType({ simpleResolvers: true, description: 'A configuration the sweep did not queue: predicted above its memory budget.' })
export class InfeasibleConfiguration {
  @Field(() => RunConfig, { description: 'The configuration.' })
  config!: RunConfig;

  @Field(() => Float, { description: 'Its predicted peak memory in bytes (an estimate).' })
  predictedMemoryBytes!: number;
}

@InputType({ description: 'A sweep without its project and name: what `estimateMemory` needs.' })
export class SweepPlanInput {
  @Field(() => SearchMethodEnum, { defaultValue: 'GRID', description: 'GRID (every combination), RANDOM (maxRuns drawn) or BAYES (up to maxRuns proposed as results arrive).' })
  method!: SearchMethod;

  @Field(() => Int, { nullable: true, description: `RANDOM: how many distinct configurations to draw; BAYES: the budget, runs proposed at most (1..${MAX_RUNS_PER_SWEEP}). GRID takes none.` })
  maxRuns?: number;

  @Field(() => Int, { nullable: true, description: 'RANDOM and BAYES: seed of the draw and of the search (default 0).' })
  seed?: number;

  @Field({ description: 'Base model: `builtin:tiny-llama`, `builtin:small-llama`, `builtin:bench-llama`, or a Hugging Face model directory.' })
  baseModel!: string;

  @Field({ description: 'Dataset: `builtin:topic`, `builtin:mod-add`, `builtin:reverse`, or a JSONL, JSON or Parquet file.' })
  dataset!: string;

  @Field(() => DatasetSettingsInput, { nullable: true, description: 'How the dataset file is read: format, loss tokens, packing, eval split.' })
  datasetSettings?: DatasetSettingsInput;

  @Field(() => TrainingSettingsInput, { nullable: true, description: 'Training settings.' })
  training?: TrainingSettingsInput;

  @Field(() => SweepSpaceInput, { description: 'The search space.' })
  space!: SweepSpaceInput;

  @Field(() => SweepConstraintsInput, { nullable: true, description: 'Limits: a memory budget.' })
  constraints?: SweepConstraintsInput;

  @Field(() => EarlyTerminateInput, { nullable: true, description: 'Stop hopeless runs early (needs training.evalInterval > 0).' })
  earlyTerminate?: EarlyTerminateInput;
}

@InputType({ description: 'A new sweep: validated, then expanded into queued runs in one transaction.' })
export class CreateSweepInput extends SweepPlanInput {
  @Field(() => ID, { description: 'The project it belongs to.' })
  projectId!: string;

  @Field({ description: 'Name, 1..200 characters.' })
  name!: string;

  @Field(() => Int, { nullable: true, description: 'Attempts per run before it fails (default 3).' })
  maxAttempts?: number;
}

export enum SweepStatus {
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  FINISHED = 'FINISHED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(SweepStatus, {
  name: 'SweepStatus',
  description: 'Derived from its runs.',
  valuesConfig: {
    QUEUED: { description: 'No run has started.' },
    RUNNING: { description: 'Some runs are queued or running, some have started.' },
    FINISHED: { description: 'Every run reached a final status.' },
    CANCELLED: { description: 'The sweep was cancelled.' },
  },
});

@ObjectType({ simpleResolvers: true, description: 'How many runs are where.' })
export class SweepProgress {
  @Field(() => Int, { description: 'All runs.' })
  total!: number;

  @Field(() => Int, { description: 'Waiting for an agent.' })
  queued!: number;

  @Field(() => Int, { description: 'Held by an agent.' })
  running!: number;

  @Field(() => Int, { description: 'Finished with results.' })
  succeeded!: number;

  @Field(() => Int, { description: 'Failed after their last attempt.' })
  failed!: number;

  @Field(() => Int, { description: 'Cancelled.' })
  cancelled!: number;

  @Field(() => Int, { description: 'Stopped early at a rung (early termination).' })
  pruned!: number;

  @Field(() => Float, { description: 'Share of runs in a final status, 0..1.' })
  fractionDone!: number;
}

@ObjectType({
  simpleResolvers: true,
  description: "What early termination saved so far: the training steps of the sweep's ended runs (SUCCEEDED or PRUNED) against running each to its end.",
})
export class EarlyTerminationSavings {
  @Field(() => Int, { description: 'Runs stopped at a rung (PRUNED).' })
  prunedRuns!: number;

  @Field(() => Int, { description: 'Runs ended SUCCEEDED or PRUNED: the runs the figures are over.' })
  endedRuns!: number;

  @Field(() => Float, { description: "Steps those runs trained (a whole number; Float, as a sweep's total can pass 2³¹): a SUCCEEDED run's configured steps, a PRUNED run's last logged train/loss or eval/loss step." })
  stepsTrained!: number;

  @Field(() => Float, { description: 'Steps they would have trained, each run to its configured end (a whole number).' })
  stepsFull!: number;

  @Field(() => Float, { description: '1 − stepsTrained / stepsFull, 0..1: the share of those steps early termination saved (0 before a run has ended).' })
  fractionSaved!: number;
}

@ObjectType({ simpleResolvers: true, description: 'An FP32-base run and a quantized-base run with the same rank, alpha, targets, learning rate, dropout and seed.' })
export class ComparisonPair {
  @Field(() => Run, { description: 'The LoRA run on the FP32 base.' })
  baseline!: Run;

  @Field(() => Run, { description: 'The run on a quantized base (QLoRA).' })
  quantized!: Run;

  @Field(() => QuantTypeEnum, { description: 'The quantized run\'s base format.' })
  quantization!: QuantType;

  @Field(() => Float, { description: 'Quantized accuracy minus baseline accuracy (negative: accuracy lost).' })
  accuracyDelta!: number;

  @Field(() => Float, { description: 'Quantized peak memory / baseline peak memory (below 1: memory saved).' })
  memoryRatio!: number;
}

@ObjectType({ simpleResolvers: true, description: 'The Pareto front\'s hypervolume once the sweep had this many SUCCEEDED runs.' })
export class HypervolumePoint {
  @Field(() => Int, { description: 'SUCCEEDED runs so far, in the order they finished (1..).' })
  succeededRuns!: number;

  @Field(() => Float, {
    description: 'Fraction (0..1) of the box from (accuracy 0, memory 0) to the reference point that the front of those runs dominates (accuracy up, peak memory down).',
  })
  hypervolume!: number;
}

@ObjectType({ simpleResolvers: true, description: 'How the accuracy-vs-memory front grew as runs finished.' })
export class SweepHypervolume {
  @Field(() => Float, {
    nullable: true,
    description: 'Memory of the reference point (accuracy 0): 1.1 × the largest measured peak of the SUCCEEDED runs; null before any. Every point uses this one reference.',
  })
  referenceMemoryBytes!: number | null;

  @Field(() => [HypervolumePoint], { description: 'One point per SUCCEEDED run, in finish order; pruned and failed runs add none.' })
  points!: HypervolumePoint[];
}

@ObjectType({ implements: Node, description: 'A search over LoRA/QLoRA settings, expanded into runs.' })
export class Sweep extends Node {
  @Field({ description: 'Name.' })
  name!: string;

  @Field(() => SearchMethodEnum, { description: 'How the space became runs.' })
  method!: SearchMethod;

  @Field(() => Int, { nullable: true, description: 'RANDOM: configurations drawn; BAYES: the budget of runs proposed.' })
  maxRuns!: number | null;

  @Field(() => Int, { nullable: true, description: 'RANDOM and BAYES: seed of the draw and of the search.' })
  randomSeed!: number | null;

  @Field({ description: 'Base model reference.' })
  baseModel!: string;

  @Field({ description: 'Dataset reference.' })
  dataset!: string;

  @Field(() => DatasetSettings, { description: 'How its runs read the dataset file.' })
  datasetSettings!: DatasetSettings;

  @Field(() => TrainingSettings, { description: 'Shared training settings.' })
  training!: TrainingSettings;

  @Field(() => SweepSpace, { description: 'The search space as submitted.' })
  space!: SweepSpace;

  @Field(() => EarlyTerminate, { nullable: true, description: 'Its early termination; null: none.' })
  earlyTerminate!: EarlyTerminate | null;

  @Field(() => SweepConstraints, { nullable: true, description: 'Its limits; null: none.' })
  constraints!: SweepConstraints | null;

  @Field(() => [InfeasibleConfiguration], { description: 'Configurations predicted above the memory budget, never queued (empty without a budget). For BAYES, one per combination of the dimensions memory depends on (quantization, doubleQuant, rank, targetModules), its other fields at their first value or range minimum: the search proposes no configuration sharing them.' })
  infeasible!: InfeasibleConfiguration[];

  @Field(() => Int, { description: 'Attempts per run.' })
  maxAttempts!: number;

  @Field(() => Int, { description: 'Runs the sweep created.' })
  runCount!: number;

  @Field({ description: 'When it was created.' })
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it was cancelled.' })
  cancelledAt!: Date | null;
}

@ObjectType({ description: 'A page of sweeps.' })
export class SweepConnection extends ConnectionType('Sweep', Sweep) {}

@InputType({ description: 'The sweep to cancel: queued runs are cancelled, running ones asked to stop.' })
export class CancelSweepInput {
  @Field(() => ID, { description: 'Global id of the sweep.' })
  id!: string;
}

@ObjectType({ description: 'The cancelled sweep.' })
export class CancelSweepPayload {
  @Field(() => Sweep, { description: 'The sweep.' })
  sweep!: Sweep;

  @Field(() => Int, { description: 'Queued runs that were cancelled.' })
  cancelledRuns!: number;

  @Field(() => Int, { description: 'Running runs asked to stop; they stop within one heartbeat.' })
  stoppingRuns!: number;
}

@ObjectType({ description: 'The new sweep.' })
export class CreateSweepPayload {
  @Field(() => Sweep, { description: 'The sweep, its runs queued.' })
  sweep!: Sweep;
}
