import type { RunConfig } from '../run-config';
import type { ScoredRun } from './pareto';

export interface ComparableRun extends ScoredRun {
  config: Pick<
    RunConfig,
    'rank' | 'alpha' | 'targetModules' | 'learningRate' | 'dropout' | 'seed' | 'quantization' | 'doubleQuant'
  >;
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

function matchKey(c: ComparableRun['config']): string {
  return JSON.stringify([c.rank, c.alpha, [...c.targetModules].sort(), c.learningRate, c.dropout, c.seed]);
}

/**
 * Matches each quantized run with the FP32 run of the same rank, alpha, targets, learning rate,
 * dropout and seed. Runs with no FP32 counterpart are left out. Ordered by the baseline's
 * settings, then by quantized memory.
 */
export function matchedPairs<T extends ComparableRun>(runs: readonly T[]): MatchedPair<T>[] {
  const baselines = new Map<string, T>();
  for (const r of runs) if (r.config.quantization === 'FP32') baselines.set(matchKey(r.config), r);
  const pairs: MatchedPair<T>[] = [];
  for (const r of runs) {
    if (r.config.quantization === 'FP32') continue;
    const baseline = baselines.get(matchKey(r.config));
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
      matchKey(a.baseline.config).localeCompare(matchKey(b.baseline.config)) ||
      a.quantized.peakMemoryBytes - b.quantized.peakMemoryBytes ||
      a.quantized.id.localeCompare(b.quantized.id),
  );
}
