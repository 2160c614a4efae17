import { describe, expect, it } from 'vitest';
import { comparisonKey, matchedPairs, whyNoPairs } from './comparison';
import { paretoFront } from './pareto';

const cfg = (quantization: 'FP32' | 'NF4' | 'INT8', rank = 8, seed = 0) => ({
  quantization,
  matchKey: comparisonKey({ quantization, doubleQuant: false, rank, alpha: 16, targetModules: ['V_PROJ', 'Q_PROJ'], learningRate: 1e-3, dropout: 0, warmupRatio: 0.05, seed }),
});

describe('paretoFront', () => {
  it('keeps exactly the non-dominated runs, by memory ascending', () => {
    const runs = [
      { id: 'a', accuracy: 0.9, peakMemoryBytes: 100 },
      { id: 'b', accuracy: 0.8, peakMemoryBytes: 50 },
      { id: 'c', accuracy: 0.7, peakMemoryBytes: 60 }, // dominated by b
      { id: 'd', accuracy: 0.9, peakMemoryBytes: 120 }, // dominated by a
      { id: 'e', accuracy: 0.5, peakMemoryBytes: 20 },
      { id: 'f', accuracy: 0.8, peakMemoryBytes: 50 }, // tie with b: both stay
    ];
    expect(paretoFront(runs).map((r) => r.id)).toEqual(['e', 'b', 'f', 'a']);
    expect(paretoFront([])).toEqual([]);
  });
});

describe('comparisonKey', () => {
  it('ignores the base format and the order of targets, and tells every other setting apart', () => {
    const c = { quantization: 'FP32', doubleQuant: false, rank: 8, alpha: 16, targetModules: ['Q_PROJ', 'V_PROJ'], learningRate: 1e-3, dropout: 0, warmupRatio: 0.05, seed: 0 } as const;
    const key = comparisonKey({ ...c, targetModules: [...c.targetModules] });
    expect(comparisonKey({ ...c, quantization: 'NF4', doubleQuant: true, targetModules: ['V_PROJ', 'Q_PROJ'] })).toBe(key);
    expect(comparisonKey({ ...c, targetModules: [...c.targetModules], warmupRatio: 0.1 })).not.toBe(key);
    expect(comparisonKey({ ...c, targetModules: [...c.targetModules], seed: 1 })).not.toBe(key);
  });
});

describe('matchedPairs', () => {
  it('pairs each quantized run with the FP32 run of the same settings', () => {
    const runs = [
      { id: 'fp32-r8', accuracy: 0.9, peakMemoryBytes: 1000, ...cfg('FP32') },
      { id: 'nf4-r8', accuracy: 0.85, peakMemoryBytes: 400, ...cfg('NF4') },
      { id: 'int8-r8', accuracy: 0.88, peakMemoryBytes: 500, ...cfg('INT8') },
      { id: 'nf4-r4', accuracy: 0.8, peakMemoryBytes: 390, ...cfg('NF4', 4) }, // no FP32 at r4
      { id: 'nf4-r8-seed1', accuracy: 0.8, peakMemoryBytes: 390, ...cfg('NF4', 8, 1) }, // other seed
    ];
    const pairs = matchedPairs(runs);
    expect(pairs.map((p) => [p.baseline.id, p.quantized.id])).toEqual([
      ['fp32-r8', 'nf4-r8'],
      ['fp32-r8', 'int8-r8'],
    ]);
    expect(pairs[0].accuracyDelta).toBeCloseTo(-0.05, 12);
    expect(pairs[0].memoryRatio).toBeCloseTo(0.4, 12);
  });
});

describe('whyNoPairs', () => {
  const range = { min: 0.001, max: 0.03, log: true };
  it('says why a space can never pair: no FP32 base, no quantized base, a dimension sampled from a range', () => {
    expect(whyNoPairs({ quantization: ['NF4', 'INT8'] })).toBe('this sweep has no FP32 base, so no LoRA run to compare a QLoRA run with');
    expect(whyNoPairs({ quantization: ['FP32'] })).toBe('this sweep has no quantized base, so no QLoRA run to compare');
    expect(whyNoPairs({ quantization: ['FP32', 'NF4'], learningRateRange: range })).toBe(
      'this sweep samples its learning rate from a range, so no two runs share a value: pairs need listed values',
    );
    expect(whyNoPairs({ quantization: ['FP32', 'NF4'], alphaRange: range, learningRateRange: range, dropoutRange: { min: 0, max: 0.1, log: false } })).toBe(
      'this sweep samples its alpha, learning rate and dropout from a range, so no two runs share their values: pairs need listed values',
    );
  });

  it('is null where pairs can come (a range given as null is a list)', () => {
    expect(whyNoPairs({ quantization: ['FP32', 'NF4'] })).toBeNull();
    expect(whyNoPairs({ quantization: ['FP32', 'NF4'], alphaRange: null, learningRateRange: null, dropoutRange: null })).toBeNull();
  });
});
