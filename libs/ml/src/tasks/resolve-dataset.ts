import { builtinTask } from './builtin-tasks';
import { loadJsonlDataset } from './jsonl-dataset';
import type { Dataset } from './task.types';

/** `builtin:<task>` or a JSONL path. */
export function resolveDataset(ref: string, seed: number, sizes: { trainSize?: number; evalSize?: number } = {}): Dataset {
  if (ref.startsWith('builtin:')) return builtinTask(ref.slice('builtin:'.length), { seed, ...sizes });
  const ds = loadJsonlDataset(ref.startsWith('file://') ? ref.slice(7) : ref, seed);
  if (sizes.evalSize) ds.eval = ds.eval.slice(0, sizes.evalSize);
  return ds;
}
