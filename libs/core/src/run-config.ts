import type { DatasetSettings } from './sweep/dataset-settings';
import type { RunHyperparameters, TrainingSettings } from './sweep/sweep-spec';

export type { RunHyperparameters, TrainingSettings } from './sweep/sweep-spec';

/** Everything an agent needs to train one run. Stored as JSON on the run. */
export interface RunConfig extends RunHyperparameters, TrainingSettings {
  /** `builtin:tiny-llama`, or a path/URI of a Hugging Face model directory. */
  baseModel: string;
  /** `builtin:<task>` or a path/URI of a JSONL, JSON or Parquet file. */
  dataset: string;
  /** How the dataset file is read (format, loss tokens, packing, eval split); absent: the defaults (configurations stored before it existed). */
  datasetSettings?: DatasetSettings;
}

/** Examples per optimizer step: `batchSize × gradientAccumulation`. */
export function effectiveBatchSize(c: Pick<TrainingSettings, 'batchSize' | 'gradientAccumulation'>): number {
  return c.batchSize * (c.gradientAccumulation ?? 1);
}
