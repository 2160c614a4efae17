import { describe, expect, it } from 'vitest';
import { planSweep } from '../sweep/plan-sweep';
import { hypervolume2d, nondominationRanks, proposeConfigurations, startupTrialsFor, type SearchTrial } from './motpe';
import type { RunHyperparameters, SweepSpace } from '../sweep/sweep-spec';

const spec = {
  name: 'b',
  method: 'BAYES',
  maxRuns: 30,
  baseModel: 'builtin:tiny-llama',
  dataset: 'builtin:topic',
  space: {
    quantization: ['FP32', 'INT8', 'NF4'],
    rank: [2, 4, 8, 16],
    targetModules: [['Q_PROJ', 'V_PROJ'], ['Q_PROJ', 'K_PROJ', 'V_PROJ', 'O_PROJ']],
    learningRate: { min: 1e-4, max: 3e-2, log: true },
  },
};
const space = (() => {
  const r = planSweep(spec);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value.spec.space as SweepSpace;
})();

/** A synthetic objective with a known trade-off: accuracy peaks at lr 3e-3 and grows with rank; memory grows with rank and bits. */
function evaluate(c: RunHyperparameters): SearchTrial {
  const bits = ({ FP32: 32, FP16: 16, INT8: 8 } as Record<string, number>)[c.quantization] ?? 4;
  const accuracy = 0.9 - 0.15 * Math.abs(Math.log10(c.learningRate / 3e-3)) + 0.02 * Math.log2(c.rank) - (bits === 4 ? 0.02 : 0);
  return { config: c, state: 'complete', accuracy, memoryBytes: bits * 1e6 + c.rank * c.targetModules.length * 1e5 };
}

function run(seed: number, n: number, batch = 1): SearchTrial[] {
  const trials: SearchTrial[] = [];
  while (trials.length < n) {
    for (const c of proposeConfigurations({ space, trials, count: batch, seed })) trials.push(evaluate(c));
  }
  return trials;
}

describe('BAYES (MOTPE)', () => {
  it('is deterministic for a seed, and another seed proposes otherwise', () => {
    const a = run(3, 25);
    expect(run(3, 25)).toEqual(a);
    expect(run(4, 25).map((t) => t.config)).not.toEqual(a.map((t) => t.config));
    for (const t of a) {
      expect(t.config.learningRate).toBeGreaterThanOrEqual(1e-4);
      expect(t.config.learningRate).toBeLessThanOrEqual(3e-2);
      expect(space.rank).toContain(t.config.rank);
    }
  });

  it('proposals made together are distinct (constant liar), also for a discrete space', () => {
    const discrete = { ...space, learningRate: [1e-3, 3e-3] };
    const trials = run(1, 12).map((t) => ({ ...t, config: { ...t.config, learningRate: 1e-3 } }));
    const batch = proposeConfigurations({ space: discrete, trials, count: 6, seed: 9 });
    const keys = batch.map((c) => JSON.stringify(c));
    expect(new Set(keys).size).toBe(6);
    const tried = new Set(trials.map((t) => JSON.stringify(t.config)));
    expect(keys.some((k) => tried.has(k))).toBe(false);
  });

  it('never proposes what the memory budget forbids', () => {
    const allowed = (c: RunHyperparameters) => c.quantization !== 'FP32';
    const trials: SearchTrial[] = [];
    for (let i = 0; i < 20; i++) trials.push(evaluate(proposeConfigurations({ space, trials, count: 1, seed: 2, allowed })[0]));
    expect(trials.every((t) => t.config.quantization !== 'FP32')).toBe(true);
  });

  it('finds a better front than random proposals on a known trade-off (median of 9 seeds)', () => {
    const ref: [number, number] = [0, 40e6];
    const hv = (ts: SearchTrial[]) => hypervolume2d(ts.map((t) => [-t.accuracy!, t.memoryBytes!]), ref);
    const bayes: number[] = [];
    const random: number[] = [];
    for (let s = 0; s < 9; s++) {
      bayes.push(hv(run(s, 30)));
      random.push(hv(Array.from({ length: 30 }, (_, i) => evaluate(proposeConfigurations({ space, trials: [], count: 1, seed: s * 100 + i })[0]))));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[4];
    expect(median(bayes)).toBeGreaterThan(median(random));
  });

  it('learns from pruned and infeasible runs as bad ones, and nothing from failed ones', () => {
    const trials = run(6, 14);
    const next = (state: SearchTrial['state'], lr: number) =>
      proposeConfigurations({ space, trials: [...trials, { config: { ...trials[0].config, learningRate: lr }, state }], count: 3, seed: 2 });
    expect(next('failed', 1e-4)).toEqual(next('failed', 1e-2));
    expect(next('pruned', 1e-4)).not.toEqual(next('pruned', 1e-2));
    expect(next('infeasible', 1e-4)).not.toEqual(next('infeasible', 1e-2));
  });

  it('starts with random proposals for about 40% of the budget (2 to 10), then models', () => {
    expect([1, 5, 10, 20, 25, 40, 1000, undefined].map(startupTrialsFor)).toEqual([2, 2, 4, 8, 10, 10, 10, 10]);
    const trials = run(5, 6);
    const next = (o: object) => proposeConfigurations({ space, trials, count: 1, seed: 8, ...o });
    expect(next({ budget: 10 })).toEqual(next({ startupTrials: 4 }));
    expect(next({ budget: 40 })).toEqual(next({ startupTrials: 10 }));
    expect(next({ budget: 10 })).not.toEqual(next({ budget: 40 }));
  });

  it('proposes values that did well together, together (multivariate): a learning rate that suits each target set', () => {
    // Good only in two corners: a high learning rate with two targets (lighter), a low one with four (heavier, more accurate).
    const corners = { ...space, learningRate: [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2] };
    const good = (c: RunHyperparameters) => (c.targetModules.length === 2 ? c.learningRate >= 1e-2 : c.learningRate <= 3e-4);
    // The same learning rates with the other target sets: what per-dimension (univariate) estimators propose as often as the corners.
    const swapped = (c: RunHyperparameters) => (c.targetModules.length === 4 ? c.learningRate >= 1e-2 : c.learningRate <= 3e-4);
    const score = (c: RunHyperparameters): SearchTrial => {
      const bits = ({ FP32: 32, INT8: 8 } as Record<string, number>)[c.quantization] ?? 4;
      const accuracy = good(c) ? 0.6 + (0.1 * c.targetModules.length) / 4 + 0.01 * Math.log2(c.rank) : 0.2;
      return { config: c, state: 'complete', accuracy, memoryBytes: bits * 1e6 + c.rank * c.targetModules.length * 1e5 };
    };
    const ratios: number[] = [];
    for (let seed = 0; seed < 9; seed++) {
      const trials: SearchTrial[] = [];
      while (trials.length < 40) trials.push(score(proposeConfigurations({ space: corners, trials, count: 1, seed, budget: 40 })[0]));
      const modelled = trials.slice(startupTrialsFor(40)).map((t) => t.config);
      ratios.push(modelled.filter(good).length / Math.max(1, modelled.filter(swapped).length));
    }
    // Median over the seeds: the corners clearly more often than the swapped pairs (independent estimators give about 1).
    expect([...ratios].sort((a, b) => a - b)[4]).toBeGreaterThan(1.5);
  });

  it('ranks by non-domination and measures 2-D hypervolume', () => {
    expect(nondominationRanks([[0, 0], [1, 1], [0, 2], [2, 0]])).toEqual([0, 1, 1, 1]);
    expect(hypervolume2d([[1, 2], [2, 1]], [3, 3])).toBe(3);
  });
});
