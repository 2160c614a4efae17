import type { QuantType } from '../enums';
import type { RunHyperparameters, TrainingSettings } from '../run-config';
import { SWEEP_DIMENSIONS, type DimensionName } from '../sweep/sweep-spec';
import type { ScoredRun } from './pareto';

/** What tells a LoRA run from its QLoRA counterpart: the base's format. Every other dimension must agree. */
const BASE_FORMAT: readonly DimensionName[] = ['quantization', 'doubleQuant'];
/** The dimensions a LoRA run and its QLoRA counterpart share, in the spec's order. */
export const MATCHED_DIMENSIONS = (Object.keys(SWEEP_DIMENSIONS) as DimensionName[]).filter((d) => !BASE_FORMAT.includes(d));

/** What pairing needs of a finished run: its scores, base format and the key of its other settings. */
export interface ComparableRun extends ScoredRun {
  quantization: QuantType;
  /** `comparisonKey` of its configuration. */
  matchKey: string;
}

/** An unquantized (FP32) run and a quantized run that agree on every other setting. */
export interface MatchedPair<T extends ComparableRun> {
  baseline: T;
  quantized: T;
  /** quantized accuracy minus baseline accuracy (negative: quantization cost accuracy). */
  accuracyDelta: number;
  /** quantized peak memory divided by baseline peak memory (below 1: memory saved). */
  memoryRatio: number;
}

/**
 * The settings two runs must share to be compared: every dimension of the space but the base's
 * format (rank, alpha, targets, lr, dropout, warm-up, …) and the seed.
 */
export function comparisonKey(c: RunHyperparameters & Pick<TrainingSettings, 'seed'>): string {
  return JSON.stringify([...MATCHED_DIMENSIONS.map((d) => (Array.isArray(c[d]) ? [...(c[d] as string[])].sort() : c[d])), c.seed]);
}

/**
 * Matches each quantized run with the FP32 run of the same `matchKey`. Runs without an FP32
 * counterpart are left out. Ordered by key, then by the quantized run's memory.
 */
export function matchedPairs<T extends ComparableRun>(runs: readonly T[]): MatchedPair<T>[] {
  const baselines = new Map<string, T>();
  for (const r of runs) if (r.quantization === 'FP32') baselines.set(r.matchKey, r);
  const pairs: MatchedPair<T>[] = [];
  for (const r of runs) {
    if (r.quantization === 'FP32') continue;
    const baseline = baselines.get(r.matchKey);
    if (!baseline) continue;
    pairs.push({
      baseline,
      quantized: r,
      accuracyDelta: r.accuracy - baseline.accuracy,
      memoryRatio: baseline.peakMemoryBytes > 0 ? r.peakMemoryBytes / baseline.peakMemoryBytes : NaN,
    });
  }
  return pairs.sort(
    (a, b) =>
      (a.baseline.matchKey < b.baseline.matchKey ? -1 : a.baseline.matchKey > b.baseline.matchKey ? 1 : 0) ||
      a.quantized.peakMemoryBytes - b.quantized.peakMemoryBytes ||
      (a.quantized.id < b.quantized.id ? -1 : 1),
  );
}
