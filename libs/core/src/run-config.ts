import type { QuantType, TargetModule } from './enums';

/** Training settings shared by every run of a sweep. */
export interface TrainingSettings {
  steps: number;
  /** Examples per forward/backward pass (the micro-batch). */
  batchSize: number;
  /**
   * Micro-batches whose gradients are summed before each optimizer step (default 1): the
   * effective batch is `batchSize × gradientAccumulation`.
   */
  gradientAccumulation?: number;
  sequenceLength: number;
  evalInterval: number;
  seed: number;
}

/** One point of a sweep's search space. */
export interface RunHyperparameters {
  rank: number;
  alpha: number;
  quantization: QuantType;
  targetModules: TargetModule[];
  learningRate: number;
  dropout: number;
  doubleQuant: boolean;
}

/** Everything an agent needs to train one run. Stored as JSON on the run. */
export interface RunConfig extends RunHyperparameters, TrainingSettings {
  /** `builtin:tiny-llama`, or a path/URI of a Hugging Face model directory. */
  baseModel: string;
  /** `builtin:<task>` or a path/URI of a JSONL file. */
  dataset: string;
}

/** Examples per optimizer step: `batchSize × gradientAccumulation`. */
export function effectiveBatchSize(c: Pick<TrainingSettings, 'batchSize' | 'gradientAccumulation'>): number {
  return c.batchSize * (c.gradientAccumulation ?? 1);
}
