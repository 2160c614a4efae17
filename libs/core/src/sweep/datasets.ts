/** Built-in tasks, generated from a seed by libs/ml, usable as a sweep's `dataset`. */
export const BUILTIN_DATASETS = [
  /** Classification: pick the topic label of a short text (4 labels). */
  'builtin:topic',
  /** Modular arithmetic: complete `a+b=` with (a + b) mod p. */
  'builtin:mod-add',
  /** Sequence transformation: reverse a string. */
  'builtin:reverse',
] as const;
export type BuiltinDataset = (typeof BUILTIN_DATASETS)[number];
