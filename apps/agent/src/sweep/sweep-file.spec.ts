import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSweepFile, SweepFileError, toSweepPlan } from './sweep-file';

const ROOT = join(__dirname, '../../../..');

describe('sweep files', () => {
  it('maps the example YAML to the createSweep/estimateMemory input', () => {
    const plan = toSweepPlan(parseSweepFile(readFileSync(join(ROOT, 'examples/demo-sweep.yaml'), 'utf8')));
    expect(plan.method).toBe('GRID');
    expect(plan.space.quantization).toEqual(['FP32', 'INT8', 'NF4']);
    expect(plan.space.rank).toEqual([2, 8]);
    expect(plan.space.targetModules).toEqual([['Q_PROJ', 'V_PROJ']]);
    expect(plan.training).toEqual({ steps: 150, batchSize: 8, sequenceLength: 32, evalInterval: 20, seed: 1 });
  });

  it('reads JSON too, and lower-case enum values', () => {
    const f = parseSweepFile(
      JSON.stringify({ name: 's', method: 'random', maxRuns: 3, baseModel: 'builtin:tiny-llama', dataset: 'builtin:reverse', parameters: { rank: { values: [4] }, quantization: { values: ['nf4'] }, targetModules: { values: [['q_proj']] } } }),
    );
    expect(toSweepPlan(f)).toMatchObject({ method: 'RANDOM', maxRuns: 3, space: { quantization: ['NF4'], targetModules: [['Q_PROJ']] } });
  });

  it('names every field at fault', () => {
    expect(() => parseSweepFile('name: x\nbaseModel: b\nparameters:\n  rank: {values: []}\n  quantization: {values: [FP8]}\n')).toThrowError(SweepFileError);
    try {
      parseSweepFile('name: x\nbaseModel: b\nparameters:\n  rank: {values: []}\n  quantization: {values: [FP8]}\n');
    } catch (e) {
      const m = (e as Error).message;
      expect(m).toContain('dataset');
      expect(m).toContain('parameters.rank.values');
      expect(m).toContain('parameters.quantization.values.0');
      expect(m).toContain('parameters.targetModules');
    }
  });

  it('rejects text that is not YAML', () => {
    expect(() => parseSweepFile('name: [unclosed')).toThrowError(/not valid YAML/);
  });
});
