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

/** What of a sweep's space decides whether it can pair runs: its base formats and its ranges (as `Sweep.space` answers them; null when a dimension is a list). */
export interface PairingSpace {
  quantization: readonly string[];
  alphaRange?: unknown;
  learningRateRange?: unknown;
  dropoutRange?: unknown;
}

/**
 * Why a sweep can never have a matched pair, or null when it can (its pairs may simply not have
 * finished yet). A pair needs an FP32 run and a quantized run that agree on every other setting:
 * a space without FP32, without a quantized base, or with a dimension sampled from a range (no
 * two draws share a value) never gives one.
 */
export function whyNoPairs(space: PairingSpace): string | null {
  if (!space.quantization.includes('FP32')) return 'this sweep has no FP32 base, so no LoRA run to compare a QLoRA run with';
  if (space.quantization.every((q) => q === 'FP32')) return 'this sweep has no quantized base, so no QLoRA run to compare';
  const ranges = (
    [
      ['alpha', space.alphaRange],
      ['learning rate', space.learningRateRange],
      ['dropout', space.dropoutRange],
    ] as const
  )
    .filter(([, range]) => range != null)
    .map(([name]) => name);
  if (!ranges.length) return null;
  const names = ranges.length === 1 ? ranges[0] : `${ranges.slice(0, -1).join(', ')} and ${ranges[ranges.length - 1]}`;
  return `this sweep samples its ${names} from a range, so no two runs share ${ranges.length === 1 ? 'a value' : 'their values'}: pairs need listed values`;
}
