import type { DatasetSettings } from '@loralab/core';
import { loadDataset } from '../data/load-dataset';
import type { Tokenizer } from '../tokenizer/tokenizer.types';
import { builtinTask } from './builtin-tasks';
import type { Dataset } from './task.types';

export interface ResolveDatasetOptions {
  seed: number;
  /** The model's tokenizer (chat templates). */
  tokenizer: Tokenizer;
  settings?: DatasetSettings;
  trainSize?: number;
  evalSize?: number;
}

/** `builtin:<task>`, or a JSONL, JSON or Parquet file (a path or `file://` URI), read and validated whole. */
export async function resolveDataset(ref: string, o: ResolveDatasetOptions): Promise<Dataset> {
  if (ref.startsWith('builtin:')) return builtinTask(ref.slice('builtin:'.length), { seed: o.seed, trainSize: o.trainSize, evalSize: o.evalSize });
  const ds = await loadDataset(ref.startsWith('file://') ? ref.slice(7) : ref, { seed: o.seed, tokenizer: o.tokenizer, settings: o.settings });
  if (o.evalSize) ds.eval = ds.eval.slice(0, o.evalSize);
  return ds;
}
