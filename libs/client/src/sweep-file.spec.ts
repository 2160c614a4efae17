import { describe, expect, it } from 'vitest';
import { parseSweepFile, planToSweepFile } from './sweep-file';

const yaml = `
name: rank-vs-quant
project: demo
method: grid
baseModel: builtin:tiny-llama
dataset: builtin:sentiment
training: { steps: 100, batchSize: 8, sequenceLength: 32, evalInterval: 50, seed: 1 }
parameters:
  rank: { values: [4, 8] }
  alpha: { values: [16] }
  quantization: { values: [fp32, nf4, INT8] }
  targetModules: { values: [[q_proj, v_proj], [Q_PROJ, K_PROJ, V_PROJ, O_PROJ]] }
  learningRate: { values: [0.0002] }
  doubleQuant: { values: [false, true] }
`;

describe('sweep file', () => {
  it('maps the YAML to createSweep input with GraphQL enum spellings', () => {
    const r = parseSweepFile(yaml);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.name).toBe('rank-vs-quant');
    expect(r.project).toBe('demo');
    expect(r.plan.method).toBe('GRID');
    expect(r.plan.training).toEqual({ steps: 100, batchSize: 8, sequenceLength: 32, evalInterval: 50, seed: 1 });
    expect(r.plan.space.quantization).toEqual(['FP32', 'NF4', 'INT8']);
    expect(r.plan.space.targetModules).toEqual([
      ['Q_PROJ', 'V_PROJ'],
      ['Q_PROJ', 'K_PROJ', 'V_PROJ', 'O_PROJ'],
    ]);
    expect(r.plan.space.doubleQuant).toEqual([false, true]);
  });

  it('reports problems with their paths', () => {
    const r = parseSweepFile(yaml.replace('[4, 8]', '[4, -8]').replace('nf4', 'nf5'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const paths = r.problems.map((p) => p.path);
    expect(paths).toContain('parameters.rank.values.1');
    expect(paths).toContain('parameters.quantization.values.1');
  });

  it('rejects unknown keys and invalid YAML', () => {
    expect(parseSweepFile(yaml + 'bogus: 1\n').ok).toBe(false);
    const bad = parseSweepFile('name: [unclosed');
    expect(bad.ok).toBe(false);
  });

  it('round-trips through planToSweepFile', () => {
    const r = parseSweepFile(yaml);
    if (!r.ok) throw new Error('expected ok');
    const again = parseSweepFile(planToSweepFile(r.name, r.plan, r.project));
    expect(again).toEqual(r);
  });
});
