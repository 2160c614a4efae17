import { MAX_RUNS_PER_SWEEP, type QuantType, type SearchMethod } from '@loralab/core';
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '../common/connection';
import { QuantTypeEnum, SearchMethodEnum } from '../common/enums';
import { Node } from '../common/node';
import { Run } from '../runs/run.types';
import { SweepSpace, SweepSpaceInput, TrainingSettings, TrainingSettingsInput } from './sweep-spec.types';

@InputType({ description: 'A sweep without its project and name: what `estimateMemory` needs.' })
export class SweepPlanInput {
  @Field(() => SearchMethodEnum, { defaultValue: 'GRID', description: 'GRID (every combination) or RANDOM.' })
  method!: SearchMethod;

  @Field(() => Int, { nullable: true, description: `RANDOM only: how many distinct configurations to draw (1..${MAX_RUNS_PER_SWEEP}).` })
  maxRuns?: number;

  @Field(() => Int, { nullable: true, description: 'RANDOM only: seed of the draw (default 0).' })
  seed?: number;

  @Field({ description: 'Base model: `builtin:tiny-llama`, `builtin:small-llama`, `builtin:bench-llama`, or a Hugging Face model directory.' })
  baseModel!: string;

  @Field({ description: 'Dataset: `builtin:topic`, `builtin:mod-add`, `builtin:reverse`, or a JSONL file.' })
  dataset!: string;

  @Field(() => TrainingSettingsInput, { nullable: true, description: 'Training settings.' })
  training?: TrainingSettingsInput;

  @Field(() => SweepSpaceInput, { description: 'The search space.' })
  space!: SweepSpaceInput;
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

  @Field(() => Float, { description: 'Share of runs in a final status, 0..1.' })
  fractionDone!: number;
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

@ObjectType({ implements: Node, description: 'A search over LoRA/QLoRA settings, expanded into runs.' })
export class Sweep extends Node {
  @Field({ description: 'Name.' })
  name!: string;

  @Field(() => SearchMethodEnum, { description: 'How the space became runs.' })
  method!: SearchMethod;

  @Field(() => Int, { nullable: true, description: 'RANDOM: configurations drawn.' })
  maxRuns!: number | null;

  @Field(() => Int, { nullable: true, description: 'RANDOM: seed of the draw.' })
  randomSeed!: number | null;

  @Field({ description: 'Base model reference.' })
  baseModel!: string;

  @Field({ description: 'Dataset reference.' })
  dataset!: string;

  @Field(() => TrainingSettings, { description: 'Shared training settings.' })
  training!: TrainingSettings;

  @Field(() => SweepSpace, { description: 'The search space as submitted.' })
  space!: SweepSpace;

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
