import type { QuantType } from '../enums';
import type { RunHyperparameters, TrainingSettings } from '../run-config';
import type { ScoredRun } from './pareto';

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

/** The settings two runs must share to be compared: rank, alpha, targets, lr, dropout and seed. */
export function comparisonKey(
  c: Pick<RunHyperparameters, 'rank' | 'alpha' | 'targetModules' | 'learningRate' | 'dropout'> &
    Pick<TrainingSettings, 'seed'>,
): string {
  return JSON.stringify([c.rank, c.alpha, [...c.targetModules].sort(), c.learningRate, c.dropout, c.seed]);
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
