/** Storage format of the frozen base weights. FP32 is plain LoRA; every other type is QLoRA-style. */
export const QUANT_TYPES = ['FP32', 'FP16', 'INT8', 'INT4', 'FP4', 'NF4'] as const;
export type QuantType = (typeof QUANT_TYPES)[number];

/** The seven linear projections of a Llama block that can carry a LoRA adapter. */
export const TARGET_MODULES = [
  'Q_PROJ',
  'K_PROJ',
  'V_PROJ',
  'O_PROJ',
  'GATE_PROJ',
  'UP_PROJ',
  'DOWN_PROJ',
] as const;
export type TargetModule = (typeof TARGET_MODULES)[number];

/** A set of target modules as people read it: `q+v`, `q+k+v+o+gate+up+down`. */
export const targetsLabel = (targets: readonly string[]): string => targets.map((t) => t.replace('_PROJ', '').toLowerCase()).join('+');

export const SEARCH_METHODS = ['GRID', 'RANDOM', 'BAYES'] as const;
export type SearchMethod = (typeof SEARCH_METHODS)[number];

export const RUN_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'PRUNED'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/**
 * What a run's `accuracy` measures, by the kind of its dataset: the share of eval examples whose
 * most likely label is right (classification), whose greedy completion equals the reference
 * (generation), or of eval next tokens predicted top-1 (plain text).
 */
export const ACCURACY_METRICS = ['LABEL_ACCURACY', 'EXACT_MATCH', 'TOKEN_ACCURACY'] as const;
export type AccuracyMetric = (typeof ACCURACY_METRICS)[number];

export const API_KEY_ROLES = ['ADMIN', 'MEMBER', 'AGENT'] as const;
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];

/** PEFT/Hugging Face module name of a target, e.g. `Q_PROJ` -> `q_proj`. */
export function moduleName(target: TargetModule): string {
  return target.toLowerCase();
}

/**
 * Whether double quantization exists for a base format: QLoRA's double quantization quantizes
 * the absmax constants of 4-bit blocks (bitsandbytes and transformers expose it only as
 * `bnb_4bit_use_double_quant` / `compress_statistics` of `quantize_4bit`). INT8, FP16 and FP32
 * bases have none.
 */
export function doubleQuantApplies(quant: QuantType): boolean {
  return quant === 'INT4' || quant === 'FP4' || quant === 'NF4';
}

/** Bits each stored base weight occupies, scales included (block 64; 4.127 with double quantization). */
export function bitsPerWeight(quant: QuantType, doubleQuant = false): number {
  switch (quant) {
    case 'FP32':
      return 32;
    case 'FP16':
      return 16;
    case 'INT8':
      return 8 + 32 / 64;
    case 'INT4':
    case 'FP4':
    case 'NF4':
      return doubleQuant && doubleQuantApplies(quant) ? 4 + 8 / 64 + 32 / (64 * 256) : 4 + 32 / 64;
  }
}
