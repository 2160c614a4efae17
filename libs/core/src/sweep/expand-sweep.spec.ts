import { describe, expect, it } from 'vitest';
import { planSweep } from './expand-sweep';

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

describe('planSweep', () => {
  it('expands a grid into the full product with defaults filled in', () => {
    const r = planSweep(base);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.value.configurations).toHaveLength(8);
    expect(new Set(r.value.configurations.map((c) => JSON.stringify(c))).size).toBe(8);
    expect(r.value.spec.training).toEqual({ steps: 200, batchSize: 8, sequenceLength: 64, evalInterval: 50, seed: 0 });
    expect(r.value.configurations[0]).toMatchObject({ alpha: 16, learningRate: 2e-4, dropout: 0, doubleQuant: false });
  });

  it('folds doubleQuant away for bases that are not 4-bit', () => {
    const r = planSweep({ ...base, space: { ...base.space, doubleQuant: [false, true] } });
    if (!r.ok) throw new Error('invalid');
    // FP32 × {dq irrelevant} = 4, NF4 × {false, true} = 8.
    expect(r.value.configurations).toHaveLength(12);
    expect(r.value.configurations.filter((c) => c.quantization === 'FP32' && c.doubleQuant)).toHaveLength(0);
  });

  it('draws distinct configurations at random, the same ones for the same seed', () => {
    const spec = { ...base, method: 'RANDOM', maxRuns: 5, seed: 7, space: { ...base.space, rank: [1, 2, 4, 8, 16] } };
    const a = planSweep(spec);
    const b = planSweep(spec);
    const c = planSweep({ ...spec, seed: 8 });
    if (!a.ok || !b.ok || !c.ok) throw new Error('invalid');
    expect(a.value.configurations).toHaveLength(5);
    expect(new Set(a.value.configurations.map((x) => JSON.stringify(x))).size).toBe(5);
    expect(b.value.configurations).toEqual(a.value.configurations);
    expect(c.value.configurations).not.toEqual(a.value.configurations);
  });

  it('names the field of every problem', () => {
    const r = planSweep({ ...base, space: { ...base.space, rank: [4, 4, 0] }, training: { steps: 10, evalInterval: 20 } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.path).sort()).toEqual(['space.rank.1', 'space.rank.2', 'training.evalInterval']);
  });

  it('refuses grids over 10,000 runs and random draws larger than the space', () => {
    const many = Array.from({ length: 101 }, (_, i) => i + 1);
    const big = planSweep({ ...base, space: { ...base.space, rank: many, alpha: many.slice(0, 50) } });
    expect(big.ok).toBe(false);
    const r = planSweep({ ...base, method: 'RANDOM', maxRuns: 9 });
    expect(r.ok ? [] : r.errors).toEqual([{ path: 'maxRuns', message: 'the space has only 8 distinct configurations' }]);
  });
});
