import type { AccuracyMetric, QuantType, RunStatus } from '@loralab/core';
import { Field, Float, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '../common/connection';
import { AccuracyMetricEnum, QuantTypeEnum, RunStatusEnum } from '../common/enums';
import { RunConfig } from '../sweeps/sweep-spec.types';
import { Node } from '../common/node';

@ObjectType({ simpleResolvers: true, description: 'Bytes of a training step by what occupies them.' })
export class MemoryBreakdown {
  @Field(() => Float, { description: 'Frozen base weights as stored (packed when quantized).' })
  baseWeights!: number;

  @Field(() => Float, { description: 'LoRA A and B matrices.' })
  adapters!: number;

  @Field(() => Float, { description: 'Gradients of the adapters.' })
  gradients!: number;

  @Field(() => Float, { description: 'AdamW first and second moments.' })
  optimizerState!: number;

  @Field(() => Float, { description: 'Activations kept for the backward pass, and temporaries.' })
  activations!: number;
}

@ObjectType({ simpleResolvers: true, description: 'What a finished run measured.' })
export class RunSummary {
  @Field(() => Float, { description: 'Eval accuracy in [0, 1]; `accuracyMetric` says which.' })
  accuracy!: number;

  @Field(() => AccuracyMetricEnum, { nullable: true, description: 'What `accuracy` measures: label accuracy, exact match or next-token accuracy, by the dataset\'s kind (null: reported before this existed).' })
  accuracyMetric!: AccuracyMetric | null;

  @Field(() => Float, { description: 'Mean eval cross-entropy.' })
  evalLoss!: number;

  @Field(() => Float, { nullable: true, description: 'exp(evalLoss).' })
  perplexity!: number | null;

  @Field(() => Float, { description: 'Measured peak bytes of the run: the highest of its measured training steps and its final evaluation (evalPeakMemoryBytes).' })
  peakMemoryBytes!: number;

  @Field(() => MemoryBreakdown, { description: 'The measured peak, by component.' })
  memory!: MemoryBreakdown;

  @Field(() => Float, {
    description:
      'The estimator\'s own prediction of the peak for the run as it finished (its final micro-batch and evaluation batch), without the learned correction: what `memory` is compared with, part by part.',
  })
  predictedMemoryBytes!: number;

  @Field(() => Float, { description: 'Adapter parameters trained.' })
  trainableParams!: number;

  @Field(() => Float, { description: 'Parameters of base and adapters.' })
  totalParams!: number;

  @Field(() => Float, { description: 'Training throughput.' })
  tokensPerSecond!: number;

  @Field(() => Float, { description: 'Wall time of the run.' })
  durationSeconds!: number;

  @Field(() => Int, { nullable: true, description: 'Sequences per forward pass of the final evaluation that finished: the config\'s evalBatchSize, the automatic choice when that is 0, or a smaller one after evaluation ran out of memory (null: reported before this existed).' })
  evalBatchSize!: number | null;

  @Field(() => Float, { nullable: true, description: 'Measured peak bytes of the final evaluation alone (null: not measured, or reported before this existed).' })
  evalPeakMemoryBytes!: number | null;
}

@ObjectType({ simpleResolvers: true, description: 'What went wrong in a run, as data beside its `error` message.' })
export class RunErrorDetail {
  @Field({ description: 'The error\'s code, e.g. DATASET_INVALID, OUT_OF_MEMORY, MODEL_UNREADABLE, PATH_NOT_ALLOWED.' })
  code!: string;

  @Field(() => String, { nullable: true, description: 'DATASET_INVALID: the dataset file of the malformed record.' })
  file!: string | null;

  @Field(() => Int, { nullable: true, description: 'DATASET_INVALID: its line (JSONL, JSON), from 1.' })
  line!: number | null;

  @Field(() => Int, { nullable: true, description: 'DATASET_INVALID: its row (Parquet), from 0.' })
  row!: number | null;

  @Field(() => String, { nullable: true, description: 'DATASET_INVALID: the field, e.g. `messages.2.content`; null when the record as a whole is malformed.' })
  field!: string | null;
}

@ObjectType({ implements: Node, description: 'One configuration of a sweep, and its place in the queue.' })
export class Run extends Node {
  @Field(() => Int, { description: 'Position within the sweep, from 0.' })
  ordinal!: number;

  @Field(() => RunStatusEnum, { description: 'Where the run is in its life.' })
  status!: RunStatus;

  @Field(() => RunConfig, { description: 'What to train.' })
  config!: RunConfig;

  @Field(() => Int, { description: 'Attempt number, from 1; a lapsed lease or a retryable failure adds one.' })
  attempt!: number;

  @Field(() => Int, { description: 'Attempts allowed before the run fails.' })
  maxAttempts!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'Predicted peak bytes (an estimate) when the run was queued: the estimator\'s, scaled by the correction learned from the team\'s measured runs on the same base. The sweep\'s memory budget was checked against it. Null when the base\'s shape is unknown.',
  })
  predictedMemoryBytes!: number | null;

  @Field(() => RunSummary, { nullable: true, description: 'Results, once SUCCEEDED.' })
  summary!: RunSummary | null;

  @Field(() => String, { nullable: true, description: 'Why the run failed (last attempt); null while it has not, and for a PRUNED run (see `prunedReason`).' })
  error!: string | null;

  @Field(() => RunErrorDetail, { nullable: true, description: '`error` as data, when the agent sent it: its code and, for a malformed dataset record, where it is.' })
  errorDetail!: RunErrorDetail | null;

  @Field({ description: 'Whether cancellation (or pruning) was requested while it ran.' })
  cancelRequested!: boolean;

  @Field(() => Int, { nullable: true, description: 'Early termination: the last rung (in steps) it passed; null: none yet.' })
  rung!: number | null;

  @Field(() => Int, { nullable: true, description: 'Early termination: the rung (in steps) it was stopped at; it ends PRUNED at its next heartbeat. Null: not pruned.' })
  prunedRung!: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'Early termination: why it was stopped at `prunedRung`, e.g. "pruned at rung step 18: dominated by 4 of 5 runs at that rung (eval loss and measured peak memory)". Null: not pruned.',
  })
  prunedReason!: string | null;

  @Field(() => Date, { nullable: true, description: 'Until when the claiming agent holds it.' })
  leaseExpiresAt!: Date | null;

  @Field({ description: 'When it entered the queue.' })
  queuedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it was first claimed.' })
  startedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it reached a final status.' })
  finishedAt!: Date | null;

  @Field({ description: 'Last change.' })
  updatedAt!: Date;
}

@ObjectType({ description: 'A page of runs.' })
export class RunConnection extends ConnectionType('Run', Run) {}

export enum RunOrderField {
  ORDINAL = 'ORDINAL',
  ACCURACY = 'ACCURACY',
  PEAK_MEMORY = 'PEAK_MEMORY',
  PREDICTED_MEMORY = 'PREDICTED_MEMORY',
  RANK = 'RANK',
  STATUS = 'STATUS',
  UPDATED_AT = 'UPDATED_AT',
}
registerEnumType(RunOrderField, { name: 'RunOrderField', description: 'What runs can be ordered by.' });

export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(OrderDirection, { name: 'OrderDirection', description: 'Ascending or descending.' });

@InputType({ description: 'Order of a run list. Ties are broken by ordinal.' })
export class RunOrder {
  @Field(() => RunOrderField, { description: 'The field.' })
  field!: RunOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC, description: 'The direction; nulls last.' })
  direction!: OrderDirection;
}

@InputType({ description: 'Which runs to list; all given conditions must hold.' })
export class RunFilter {
  @Field(() => [RunStatusEnum], { nullable: true, description: 'Any of these statuses.' })
  status?: RunStatus[] | null;

  @Field(() => [QuantTypeEnum], { nullable: true, description: 'Any of these base formats.' })
  quantization?: QuantType[] | null;

  @Field(() => [Int], { nullable: true, description: 'Any of these ranks.' })
  rank?: number[] | null;

  @Field(() => Float, { nullable: true, description: 'Accuracy at least this.' })
  minAccuracy?: number | null;
}

