import type { AccuracyMetric } from '@loralab/core';
import { AccuracyMetricEnum } from '../common/enums';
import { GraphQLByteCount } from '../common/scalars';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Run } from './run.types';

@InputType({ description: 'An agent asking for work.' })
export class ClaimRunInput {
  @Field(() => ID, { description: 'The claiming agent.' })
  agentId!: string;

  @Field(() => ID, { nullable: true, description: 'Only runs of this sweep.' })
  sweepId?: string | null;

  @Field(() => GraphQLByteCount, { nullable: true, description: 'Only runs predicted to fit in this many bytes (default: the agent\'s deviceMemoryBytes).' })
  maxMemoryBytes?: number | null;
}

@ObjectType({ description: 'The claimed run, if any fitted.' })
export class ClaimRunPayload {
  @Field(() => Run, { nullable: true, description: 'The run, now RUNNING and leased to the agent; null when nothing fits.' })
  run!: Run | null;

  @Field(() => Float, { description: 'Lease length in seconds: heartbeat well within it.' })
  leaseSeconds!: number;
}

@InputType({ description: 'An agent saying it is alive, and renewing a run\'s lease.' })
export class HeartbeatInput {
  @Field(() => ID, { description: 'The agent.' })
  agentId!: string;

  @Field(() => ID, { nullable: true, description: 'The run it is training, whose lease to renew.' })
  runId?: string | null;
}

@ObjectType({ description: 'The renewed lease.' })
export class HeartbeatPayload {
  @Field({ description: 'Whether the run should stop: finish the step, then report with failRun.' })
  cancelRequested!: boolean;

  @Field(() => Date, { nullable: true, description: 'When the lease lapses unless renewed.' })
  leaseExpiresAt!: Date | null;
}

@InputType({ description: 'The memory of a training step by component, in bytes.' })
export class MemoryBreakdownInput {
  @Field(() => Float, { description: 'Frozen base weights as stored.' }) baseWeights!: number;
  @Field(() => Float, { description: 'LoRA A and B.' }) adapters!: number;
  @Field(() => Float, { description: 'Adapter gradients.' }) gradients!: number;
  @Field(() => Float, { description: 'AdamW moments.' }) optimizerState!: number;
  @Field(() => Float, { description: 'Activations and temporaries.' }) activations!: number;
}

@InputType({ description: 'What a finished run measured.' })
export class RunSummaryInput {
  @Field(() => Float, { description: 'Eval accuracy in [0, 1].' }) accuracy!: number;
  @Field(() => AccuracyMetricEnum, { nullable: true, description: 'What `accuracy` measures (agents before it existed omit it).' }) accuracyMetric?: AccuracyMetric | null;
  @Field(() => Float, { description: 'Mean eval cross-entropy.' }) evalLoss!: number;
  @Field(() => Float, { nullable: true, description: 'exp(evalLoss).' }) perplexity?: number | null;
  @Field(() => GraphQLByteCount, { description: 'Measured peak bytes of the run, the highest of its measured training steps and its final evaluation (a whole number).' }) peakMemoryBytes!: number;
  @Field(() => MemoryBreakdownInput, { description: 'The measured peak by component.' }) memory!: MemoryBreakdownInput;
  @Field(() => Float, { description: 'The estimator\'s prediction.' }) predictedMemoryBytes!: number;
  @Field(() => Float, { description: 'Adapter parameters trained.' }) trainableParams!: number;
  @Field(() => Float, { description: 'Parameters in all.' }) totalParams!: number;
  @Field(() => Float, { description: 'Training throughput.' }) tokensPerSecond!: number;
  @Field(() => Float, { description: 'Wall time.' }) durationSeconds!: number;
  @Field(() => Int, { nullable: true, description: 'Sequences per forward pass of the final evaluation that finished (the automatic choice when the config\'s evalBatchSize is 0); agents before it existed omit it.' })
  evalBatchSize?: number | null;
  @Field(() => GraphQLByteCount, { nullable: true, description: 'Measured peak bytes of the final evaluation alone (a whole number); null: not measured.' })
  evalPeakMemoryBytes?: number | null;
}

@InputType({ description: 'A run finished: its results.' })
export class CompleteRunInput {
  @Field(() => ID, { description: 'The run.' }) runId!: string;
  @Field(() => ID, { description: 'The agent holding its lease.' }) agentId!: string;
  @Field(() => RunSummaryInput, { description: 'The results.' }) summary!: RunSummaryInput;
}

@InputType({ description: 'What went wrong, as data: the error\'s code and, for a malformed dataset record, where it is.' })
export class RunErrorDetailInput {
  @Field({ description: 'The error\'s code (upper case and underscores), e.g. DATASET_INVALID.' }) code!: string;
  @Field(() => String, { nullable: true, description: 'DATASET_INVALID: the dataset file.' }) file?: string | null;
  @Field(() => Int, { nullable: true, description: 'DATASET_INVALID: the line (JSONL, JSON), from 1.' }) line?: number | null;
  @Field(() => Int, { nullable: true, description: 'DATASET_INVALID: the row (Parquet), from 0.' }) row?: number | null;
  @Field(() => String, { nullable: true, description: 'DATASET_INVALID: the field, e.g. `messages.2.content`.' }) field?: string | null;
}

@InputType({ description: 'A run could not finish.' })
export class FailRunInput {
  @Field(() => ID, { description: 'The run.' }) runId!: string;
  @Field(() => ID, { description: 'The agent holding its lease.' }) agentId!: string;
  @Field({ description: 'Why, for people.' }) error!: string;
  @Field(() => RunErrorDetailInput, { nullable: true, description: 'The same as data, kept as the run\'s `errorDetail`.' })
  errorDetail?: RunErrorDetailInput | null;
  @Field({ defaultValue: false, description: 'Whether another attempt may succeed (back to the queue while attempts remain).' })
  retryable!: boolean;
}

@ObjectType({ description: 'The run after the change.' })
export class RunPayload {
  @Field(() => Run, { description: 'The run.' })
  run!: Run;
}

@InputType({ description: 'The run to cancel.' })
export class CancelRunInput {
  @Field(() => ID, { description: 'Global id of the run.' })
  id!: string;
}
