import { describe, expect, it } from 'vitest';
import { bitsPerWeight, doubleQuantApplies, QUANT_TYPES } from '../enums';
import { BUILTIN_MODELS } from '../models/model-shape';
import { estimateMemory, projectionShapes } from '../memory/estimate-memory';
import { seededRandom } from '../util/random';
import { proposeRuns } from '../search/propose-runs';
import { correctionFor, memoryKey, planSweep, planSweepRuns, targetsKey, type MemoryCorrection } from './plan-sweep';
import type { RunConfig } from '../run-config';
import { completeSpace, sweepSpecSchema } from './sweep-spec';

const base = {
  name: 'demo',
  baseModel: 'builtin:tiny-llama',
  dataset: 'builtin:topic',
  space: {
    rank: [4, 8],
    quantization: ['FP32', 'NF4'],
    targetModules: [['Q_PROJ', 'V_PROJ'], ['Q_PROJ', 'K_PROJ', 'V_PROJ', 'O_PROJ', 'GATE_PROJ', 'UP_PROJ', 'DOWN_PROJ']],
  },
};

const ok = <T>(r: { ok: true; value: T } | { ok: false; errors: unknown }): T => {
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
};
const errorPaths = (input: unknown) => {
  const r = planSweep(input);
  return r.ok ? [] : r.errors.map((e) => e.path);
};

describe('planSweep', () => {
  it('expands a grid into the full product with defaults filled in', () => {
    const { spec, runs } = ok(planSweep(base));
    expect(runs).toHaveLength(8);
    expect(new Set(runs.map((r) => JSON.stringify(r.config))).size).toBe(8);
    expect(spec.training).toEqual({ steps: 200, batchSize: 8, gradientAccumulation: 1, sequenceLength: 64, activationBudgetMiB: 1024, evalBatchSize: 0, evalInterval: 50, seed: 0 });
    expect(runs[0].config).toMatchObject({
      alpha: 16,
      learningRate: 2e-4,
      dropout: 0,
      warmupRatio: 0.05,
      doubleQuant: false,
      steps: 200,
      baseModel: 'builtin:tiny-llama',
      dataset: 'builtin:topic',
    });
  });

  it('returns every run with the estimator\'s prediction of its memory', () => {
    const { runs } = ok(planSweep(base));
    for (const r of runs) expect(r.memory).toEqual(estimateMemory(BUILTIN_MODELS['builtin:tiny-llama'], r.config));
    const unknownShape = ok(planSweep({ ...base, baseModel: '/models/somewhere' }));
    expect(unknownShape.runs.every((r) => r.memory === null)).toBe(true);
  });

  it('folds doubleQuant away for bases that are not 4-bit', () => {
    const { runs } = ok(planSweep({ ...base, space: { ...base.space, doubleQuant: [false, true] } }));
    // FP32 × {dq irrelevant} = 4, NF4 × {false, true} = 8.
    expect(runs).toHaveLength(12);
    expect(runs.filter((r) => r.config.quantization === 'FP32' && r.config.doubleQuant)).toHaveLength(0);
  });

  it('double quantization exists for the 4-bit bases only, INT8 included in "not" (bitsandbytes: bnb_4bit_use_double_quant)', () => {
    expect(QUANT_TYPES.filter(doubleQuantApplies)).toEqual(['INT4', 'FP4', 'NF4']);
    const { runs } = ok(planSweep({ ...base, space: { ...base.space, quantization: [...QUANT_TYPES], doubleQuant: [true] } }));
    const dq = new Set(runs.filter((r) => r.config.doubleQuant).map((r) => r.config.quantization));
    expect([...dq].sort()).toEqual(['FP4', 'INT4', 'NF4']);
    // The estimator agrees: INT8 with the flag costs what INT8 without it costs.
    expect(bitsPerWeight('INT8', true)).toBe(bitsPerWeight('INT8', false));
    expect(bitsPerWeight('NF4', true)).toBeCloseTo(4.127, 3);
  });

  it('searches warmupRatio like any other dimension', () => {
    const { runs } = ok(planSweep({ ...base, space: { ...base.space, warmupRatio: [0, 0.1] } }));
    expect(runs).toHaveLength(16);
    expect(new Set(runs.map((r) => r.config.warmupRatio))).toEqual(new Set([0, 0.1]));
    expect(errorPaths({ ...base, space: { ...base.space, warmupRatio: [1.5] } })).toEqual(['space.warmupRatio.0']);
    expect(errorPaths({ ...base, space: { ...base.space, warmupRatio: [0.1, 0.1] } })).toEqual(['space.warmupRatio.1']);
  });

  it('draws distinct configurations at random, the same ones for the same seed', () => {
    const spec = { ...base, method: 'RANDOM', maxRuns: 5, seed: 7, space: { ...base.space, rank: [1, 2, 4, 8, 16] } };
    const a = ok(planSweep(spec)).runs;
    const b = ok(planSweep(spec)).runs;
    const c = ok(planSweep({ ...spec, seed: 8 })).runs;
    expect(a).toHaveLength(5);
    expect(new Set(a.map((x) => JSON.stringify(x.config))).size).toBe(5);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('names the field of every problem', () => {
    expect(errorPaths({ ...base, space: { ...base.space, rank: [4, 4, 0] }, training: { steps: 10, evalInterval: 20 } }).sort()).toEqual([
      'space.rank.1',
      'space.rank.2',
      'training.evalInterval',
    ]);
    expect(errorPaths({ ...base, space: { ...base.space, rnak: [4] } })).toEqual(['space']);
    expect(errorPaths({ ...base, training: { stesp: 4 } })).toEqual(['training']);
  });

  it('refuses grids over 10,000 runs and random draws larger than the space', () => {
    const many = Array.from({ length: 101 }, (_, i) => i + 1);
    expect(planSweep({ ...base, space: { ...base.space, rank: many, alpha: many.slice(0, 50) } }).ok).toBe(false);
    const r = planSweep({ ...base, method: 'RANDOM', maxRuns: 9 });
    expect(r.ok ? [] : r.errors).toEqual([{ path: 'maxRuns', message: 'the space has only 8 distinct configurations' }]);
  });

  it('plans without a name for estimates', () => {
    const { name: _name, ...plan } = base;
    expect(ok(planSweepRuns(plan)).runs).toHaveLength(8);
    expect(planSweepRuns({ ...plan, name: 'x' }).ok).toBe(false); // not a field of a plan
  });
});

describe('defaults never make valid input invalid', () => {
  it('accepts training: { steps: 4 } and clamps the defaulted evalInterval to the steps', () => {
    const { spec } = ok(planSweep({ ...base, training: { steps: 4 } }));
    expect(spec.training).toMatchObject({ steps: 4, evalInterval: 4 });
    expect(ok(planSweep({ ...base, training: { steps: 500 } })).spec.training.evalInterval).toBe(50);
  });

  it('still refuses an explicit evalInterval above the steps, naming the steps', () => {
    const r = planSweep({ ...base, training: { steps: 4, evalInterval: 5 } });
    expect(r.ok ? [] : r.errors).toEqual([{ path: 'training.evalInterval', message: 'must not exceed steps (4)' }]);
  });
});

describe('bounds where the old copies disagreed', () => {
  const withDropout = (dropout: number[]) => ({ ...base, space: { ...base.space, dropout } });
  it('dropout: 0 ≤ p < 1 (p = 1 drops every adapter input)', () => {
    expect(errorPaths(withDropout([0, 0.5, 0.995]))).toEqual([]);
    expect(errorPaths(withDropout([1]))).toEqual(['space.dropout.0']);
    expect(errorPaths(withDropout([-0.1]))).toEqual(['space.dropout.0']);
  });

  it('evalInterval: 0 is allowed and means only the final evaluation', () => {
    expect(ok(planSweep({ ...base, training: { steps: 10, evalInterval: 0 } })).spec.training.evalInterval).toBe(0);
    expect(errorPaths({ ...base, training: { evalInterval: -1 } })).toEqual(['training.evalInterval']);
  });
});

describe('completeSpace', () => {
  it('adds the defaults of dimensions a stored space predates', () => {
    const stored = sweepSpecSchema.parse(base).space;
    const { warmupRatio: _w, ...old } = stored;
    expect(completeSpace(old)).toEqual(stored);
  });
});

describe('projection shapes', () => {
  it('follow an explicit head_dim (q and o are heads × head_dim wide, k and v kv-heads × head_dim)', () => {
    const m = { ...BUILTIN_MODELS['builtin:tiny-llama'], headDim: 32 }; // hidden 64, 4 heads, 2 kv heads
    expect(projectionShapes(m)).toMatchObject({ Q_PROJ: [64, 128], K_PROJ: [64, 64], V_PROJ: [64, 64], O_PROJ: [128, 64] });
    expect(projectionShapes(BUILTIN_MODELS['builtin:tiny-llama'])).toMatchObject({ Q_PROJ: [64, 64], K_PROJ: [64, 32], O_PROJ: [64, 64] });
  });
});

describe('seededRandom', () => {
  it('is mulberry32: the reference sequence for seed 1', () => {
    // Tommy Ettinger's C mulberry32 (uint32_t arithmetic, not Math.imul), compiled with gcc and
    // run from state 1, prints 2693262067, 11749833, 2265367787.
    const r = seededRandom(1);
    expect([r(), r(), r()].map((x) => x * 4294967296)).toEqual([2693262067, 11749833, 2265367787]);
  });
});

describe('ranges in the space', () => {
  const random = (space: object, extra: object = {}) => ({ ...base, method: 'RANDOM', maxRuns: 30, seed: 7, space: { ...base.space, ...space }, ...extra });

  it('RANDOM samples a log range log-uniformly inside it, the same runs for the same seed', () => {
    const input = random({ learningRate: { min: 1e-5, max: 1e-1, log: true }, dropout: { min: 0, max: 0.5 } });
    const { runs, spec } = ok(planSweep(input));
    expect(spec.space.learningRate).toEqual({ min: 1e-5, max: 1e-1, log: true });
    expect(runs).toHaveLength(30);
    const lrs = runs.map((r) => r.config.learningRate);
    expect(lrs.every((x) => x >= 1e-5 && x <= 1e-1)).toBe(true);
    // Log-uniform: about as many draws per decade; uniform would put ~90% in the top decade.
    expect(lrs.filter((x) => x < 1e-3).length).toBeGreaterThan(6);
    expect(runs.every((r) => r.config.dropout >= 0 && r.config.dropout <= 0.5)).toBe(true);
    expect(new Set(runs.map((r) => r.config.dropout)).size).toBe(30);
    expect(ok(planSweep(input)).runs).toEqual(runs);
    expect(ok(planSweep({ ...input, seed: 8 })).runs).not.toEqual(runs);
  });

  it('expands a power-of-two rank range into its powers of two', () => {
    const { spec, runs } = ok(planSweep({ ...base, space: { ...base.space, rank: { min: 2, max: 16 } } }));
    expect(spec.space.rank).toEqual([2, 4, 8, 16]);
    expect(runs).toHaveLength(16);
  });

  it.each([
    ['min ≥ max', { learningRate: { min: 1e-2, max: 1e-3 } }, 'space.learningRate.min'],
    ['equal ends', { alpha: { min: 8, max: 8 } }, 'space.alpha.min'],
    ['log with min 0', { dropout: { min: 0, max: 0.5, log: true } }, 'space.dropout.min'],
    ['max outside the bounds', { learningRate: { min: 1e-4, max: 1 } }, 'space.learningRate.max'],
    ['min outside the bounds', { alpha: { min: -1, max: 4 } }, 'space.alpha.min'],
    ['rank range not powers of two', { rank: { min: 4, max: 48 } }, 'space.rank.max'],
    ['rank range above 1024', { rank: { min: 4, max: 2048 } }, 'space.rank.max'],
    ['unknown range field', { alpha: { min: 1, max: 4, step: 1 } }, 'space.alpha'],
    ['a range on a dimension that takes none', { warmupRatio: { min: 0, max: 0.1 } }, 'space.warmupRatio'],
  ])('refuses %s at the field', (_n, space, path) => {
    expect(errorPaths(random(space))).toContain(path);
  });

  it('GRID refuses a continuous range, naming the field', () => {
    const r = planSweep({ ...base, space: { ...base.space, learningRate: { min: 1e-4, max: 1e-2, log: true } } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toEqual([{ path: 'space.learningRate', message: expect.stringMatching(/GRID/) }]);
  });
});

describe('memory budget (constraints.maxPeakMemoryBytes)', () => {
  it('sets apart the configurations predicted above the budget, with their predictions', () => {
    const all = ok(planSweep(base)).runs;
    const totals = all.map((r) => r.memory!.total).sort((a, b) => a - b);
    const budget = totals[3]; // the four smallest fit
    const { runs, infeasible } = ok(planSweep({ ...base, constraints: { maxPeakMemoryBytes: budget } }));
    expect(runs).toHaveLength(4);
    expect(infeasible).toHaveLength(4);
    expect(runs.every((r) => r.memory!.total <= budget)).toBe(true);
    expect(infeasible.every((r) => r.memory!.total > budget)).toBe(true);
    expect([...runs, ...infeasible].map((r) => JSON.stringify(r.config)).sort()).toEqual(all.map((r) => JSON.stringify(r.config)).sort());
  });

  it('memoryKey: equal exactly for configurations that need the same memory', () => {
    const c = ok(planSweep(base)).runs[0].config;
    expect(memoryKey({ ...c, learningRate: 0.1, alpha: 3, dropout: 0.2, warmupRatio: 0 })).toBe(memoryKey(c));
    // doubleQuant does not exist on FP32 (folded), and target order does not matter.
    expect(memoryKey({ ...c, quantization: 'FP32', doubleQuant: true })).toBe(memoryKey({ ...c, quantization: 'FP32', doubleQuant: false }));
    expect(memoryKey({ ...c, targetModules: ['V_PROJ', 'Q_PROJ'] })).toBe(memoryKey({ ...c, targetModules: ['Q_PROJ', 'V_PROJ'] }));
    expect(memoryKey({ ...c, quantization: 'NF4', doubleQuant: true })).not.toBe(memoryKey({ ...c, quantization: 'NF4', doubleQuant: false }));
    expect(memoryKey({ ...c, rank: 16 })).not.toBe(memoryKey({ ...c, rank: 8 }));
  });

  it('BAYES lists each memory it could need above the budget once, and proposes none of them', () => {
    const space = { ...base.space, quantization: ['FP32', 'INT8', 'NF4'], doubleQuant: [false, true], learningRate: { min: 1e-4, max: 1e-2, log: true }, dropout: [0, 0.1] };
    const bayes = { ...base, space, method: 'BAYES', maxRuns: 30, seed: 5 };
    const all = ok(planSweep({ ...bayes, method: 'RANDOM', maxRuns: 200 })).runs;
    const byMemory = new Map(all.map((r) => [memoryKey(r.config), r.memory!.total]));
    // FP32 and INT8 fold doubleQuant to false: 2 ranks × 2 target sets × (FP32, INT8, NF4, NF4+DQ).
    expect(byMemory.size).toBe(16);
    const totals = [...byMemory.values()].sort((a, b) => a - b);
    const budget = totals[9]; // ten fit
    const { spec, runs, infeasible } = ok(planSweep({ ...bayes, constraints: { maxPeakMemoryBytes: budget } }));
    expect(runs).toHaveLength(0);
    expect(infeasible).toHaveLength(totals.filter((t) => t > budget).length);
    expect(new Set(infeasible.map((r) => memoryKey(r.config))).size).toBe(infeasible.length);
    for (const r of infeasible) expect(r.memory!.total).toBe(byMemory.get(memoryKey(r.config)));
    expect(infeasible.every((r) => r.memory!.total > budget)).toBe(true);
    // The same split as the search's: thirty proposals, none sharing an infeasible memory.
    const proposed = proposeRuns({ ...spec, seed: 5, maxRuns: 30 }, [], 30);
    const excluded = new Set(infeasible.map((r) => memoryKey(r.config)));
    expect(proposed).toHaveLength(30);
    expect(proposed.some((r) => excluded.has(memoryKey(r.config)))).toBe(false);
    expect(new Set(proposed.map((r) => memoryKey(r.config))).size).toBe(totals.length - infeasible.length);
    // What the sweep listed stays out even when a correction learned later would let it fit.
    const later = proposeRuns({ ...spec, seed: 5, maxRuns: 30, memoryCorrection: 0.5, infeasible }, [], 30);
    expect(later.some((r) => excluded.has(memoryKey(r.config)))).toBe(false);
    expect(proposeRuns({ ...spec, seed: 5, maxRuns: 30, memoryCorrection: 0.5 }, [], 30).some((r) => excluded.has(memoryKey(r.config)))).toBe(true);
    // Nothing fits: refused at the budget, as GRID and RANDOM are.
    expect(errorPaths({ ...bayes, constraints: { maxPeakMemoryBytes: totals[0] - 1 } })).toEqual(['constraints.maxPeakMemoryBytes']);
  });

  it('refuses a budget nothing fits, and a budget that is not a positive integer', () => {
    expect(errorPaths({ ...base, constraints: { maxPeakMemoryBytes: 1 } })).toEqual(['constraints.maxPeakMemoryBytes']);
    expect(errorPaths({ ...base, constraints: { maxPeakMemoryBytes: 0 } })).toEqual(['constraints.maxPeakMemoryBytes']);
    expect(errorPaths({ ...base, constraints: { maxPeakMemoryBytes: 1.5 } })).toEqual(['constraints.maxPeakMemoryBytes']);
  });
});

describe('the learned memory correction', () => {
  const config = (targetModules: string[]) => ({ targetModules }) as Pick<RunConfig, 'targetModules'>;
  it("takes the configuration's target set's factor, whatever the order of its modules, else the base's", () => {
    const c: MemoryCorrection = { base: 1.1, byTargets: { [targetsKey(['Q_PROJ', 'V_PROJ'])]: 0.9 } };
    expect(targetsKey(['V_PROJ', 'Q_PROJ', 'V_PROJ'])).toBe('Q_PROJ+V_PROJ');
    expect(correctionFor(c, config(['V_PROJ', 'Q_PROJ']))).toBe(0.9);
    expect(correctionFor(c, config(['Q_PROJ', 'K_PROJ', 'V_PROJ']))).toBe(1.1);
    expect(correctionFor(0.95, config(['Q_PROJ']))).toBe(0.95);
    expect(correctionFor(undefined, config(['Q_PROJ']))).toBe(1);
  });
});
