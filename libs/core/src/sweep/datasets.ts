/** Built-in tasks, generated from a seed by libs/ml, usable as a sweep's `dataset`. */
export const BUILTIN_DATASETS = [
  'builtin:sentiment',
  'builtin:modular-arithmetic',
  'builtin:reverse',
] as const;
export type BuiltinDataset = (typeof BUILTIN_DATASETS)[number];
