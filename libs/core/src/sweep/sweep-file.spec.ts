import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatSweepFileProblems, parseSweepFile, toSweepFile } from './sweep-file';
import { planSweep } from './plan-sweep';

const yaml = `name: rank-vs-quant
project: demo
method: grid
baseModel: builtin:tiny-llama
dataset: builtin:topic
training: { steps: 100, batchSize: 8, sequenceLength: 32, evalInterval: 50, seed: 1 }
parameters:
  rank: { values: [4, 8] }
  alpha: { values: [16] }
  quantization: { values: [fp32, nf4, INT8] }
  targetModules: { values: [[q_proj, v_proj], [Q_PROJ, K_PROJ, V_PROJ, O_PROJ]] }
  learningRate: { values: [0.0002] }
  doubleQuant: { values: [false, true] }
  warmupRatio: { values: [0, 0.1] }
`;

const problems = (text: string) => {
  const r = parseSweepFile(text);
  if (r.ok) throw new Error('expected problems');
  return r.problems;
};

describe('sweep file', () => {
  it('maps the YAML to createSweep input with GraphQL enum spellings', () => {
    const r = parseSweepFile(yaml);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.project).toBe('demo');
    expect(r.spec).toMatchObject({ name: 'rank-vs-quant', method: 'GRID', baseModel: 'builtin:tiny-llama' });
    expect(r.spec.training).toEqual({ steps: 100, batchSize: 8, sequenceLength: 32, evalInterval: 50, seed: 1 });
    expect(r.spec.space).toEqual({
      rank: [4, 8],
      alpha: [16],
      quantization: ['FP32', 'NF4', 'INT8'],
      targetModules: [
        ['Q_PROJ', 'V_PROJ'],
        ['Q_PROJ', 'K_PROJ', 'V_PROJ', 'O_PROJ'],
      ],
      learningRate: [0.0002],
      doubleQuant: [false, true],
      warmupRatio: [0, 0.1],
    });
  });

  it('maps the example file', () => {
    const r = parseSweepFile(readFileSync(join(__dirname, '../../../../examples/demo-sweep.yaml'), 'utf8'));
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.spec.space).toMatchObject({ quantization: ['FP32', 'INT8', 'NF4'], rank: [2, 8], targetModules: [['Q_PROJ', 'V_PROJ']] });
    expect(r.spec.training).toEqual({ steps: 150, batchSize: 8, sequenceLength: 32, evalInterval: 20, seed: 1 });
  });

  it('plans every example file as a fresh install would (no learned memory correction)', () => {
    const dir = join(__dirname, '../../../../examples');
    const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
    expect(files).toEqual(expect.arrayContaining(['demo-sweep.yaml', 'qlora-sweep.yaml', 'search-sweep.yaml']));
    for (const f of files) {
      const r = parseSweepFile(readFileSync(join(dir, f), 'utf8'));
      if (!r.ok) throw new Error(`${f}: ${JSON.stringify(r.problems)}`);
      const planned = planSweep(r.spec);
      if (!planned.ok) throw new Error(`${f}: ${JSON.stringify(planned.errors)}`);
      if (f === 'search-sweep.yaml') {
        // Its budget leaves out the heaviest eight of its 30 memories, and BAYES plans no runs.
        expect(planned.value.runs).toHaveLength(0);
        expect(planned.value.infeasible).toHaveLength(8);
      }
    }
  });

  it('reads JSON too, and lower-case enum values', () => {
    const r = parseSweepFile(
      JSON.stringify({ name: 's', method: 'random', maxRuns: 3, baseModel: 'builtin:tiny-llama', dataset: 'builtin:reverse', parameters: { rank: { values: [4] }, quantization: { values: ['nf4'] }, targetModules: { values: [['q_proj']] } } }),
    );
    expect(r).toMatchObject({ ok: true, spec: { method: 'RANDOM', maxRuns: 3, space: { quantization: ['NF4'], targetModules: [['Q_PROJ']] } } });
  });

  it('reports every problem with its path in the file and its line, by the rules of the one sweep schema', () => {
    const p = problems(yaml.replace('[4, 8]', '[4, -8]').replace('nf4', 'nf5').replace('evalInterval: 50', 'evalInterval: 500'));
    expect(p).toEqual(
      expect.arrayContaining([
        { path: 'parameters.rank.values.1', line: 8, message: 'must be at least 1' },
        expect.objectContaining({ path: 'parameters.quantization.values.1', line: 10 }),
        { path: 'training.evalInterval', line: 6, message: 'must not exceed steps (100)' },
      ]),
    );
    expect(formatSweepFileProblems('s.yaml', p)).toContain('s.yaml:8: parameters.rank.values.1: must be at least 1');
  });

  it('names missing fields at their parent', () => {
    const p = problems('name: x\nbaseModel: b\nparameters:\n  rank: {values: []}\n  quantization: {values: [FP8]}\n');
    const paths = p.map((x) => x.path);
    expect(paths).toEqual(expect.arrayContaining(['dataset', 'parameters.rank.values', 'parameters.quantization.values.0', 'parameters.targetModules']));
    expect(p.find((x) => x.path === 'parameters.targetModules')?.line).toBe(4);
  });

  it('refuses unknown fields at every level, and invalid YAML', () => {
    expect(problems(yaml + 'bogus: 1\n').map((p) => p.message)).toEqual(['unknown field: bogus']);
    expect(problems(yaml.replace('seed: 1', 'seed: 1, warmup: 3')).map((p) => p.path)).toEqual(['training']);
    expect(problems(yaml + '  ranks: { values: [1] }\n').map((p) => [p.path, p.message])).toEqual([['parameters', 'unknown field: ranks']]);
    expect(problems(yaml.replace('rank: { values: [4, 8] }', 'rank: [4, 8]')).map((p) => p.path)).toEqual(['parameters.rank']);
    expect(problems('name: [unclosed')[0]).toMatchObject({ line: 1, message: expect.stringMatching(/^not valid YAML/) });
  });

  it('round-trips through toSweepFile', () => {
    const r = parseSweepFile(yaml);
    if (!r.ok) throw new Error('expected ok');
    expect(parseSweepFile(toSweepFile(r.spec, r.project))).toEqual(r);
  });

  it('reads ranges: { min, max, log } and a power-of-two rank range, and reports their fields with lines', () => {
    const file = `name: s
method: random
maxRuns: 4
baseModel: builtin:tiny-llama
dataset: builtin:topic
parameters:
  rank: { min: 4, max: 32 }
  quantization: { values: [nf4] }
  targetModules: { values: [[q_proj]] }
  learningRate: { min: 0.00001, max: 0.01, log: true }
`;
    const r = parseSweepFile(file);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.spec.space).toMatchObject({ rank: { min: 4, max: 32 }, learningRate: { min: 0.00001, max: 0.01, log: true } });
    expect(parseSweepFile(toSweepFile(r.spec))).toEqual({ ok: true, spec: r.spec });
    const bad = problems(file.replace('min: 0.00001', 'min: 0.1'));
    expect(bad).toEqual([{ path: 'parameters.learningRate.min', line: 10, message: 'must be less than max (0.01)' }]);
    expect(problems(file.replace('{ min: 4, max: 32 }', '{ min: 4, max: 30 }'))).toEqual([
      { path: 'parameters.rank.max', line: 7, message: 'must be a power of two' },
    ]);
  });

  it('reads method bayes, constraints and earlyTerminate (type in any case)', () => {
    const r = parseSweepFile(`name: s
method: bayes
maxRuns: 20
baseModel: builtin:tiny-llama
dataset: builtin:topic
training: { steps: 60, evalInterval: 10 }
constraints: { maxPeakMemoryBytes: 40000000 }
earlyTerminate: { type: pareto, minSteps: 10, eta: 3 }
parameters:
  rank: { values: [4, 8] }
  quantization: { values: [nf4, fp32] }
  targetModules: { values: [[q_proj]] }
`);
    expect(r).toMatchObject({ ok: true, spec: { method: 'BAYES', constraints: { maxPeakMemoryBytes: 40000000 }, earlyTerminate: { type: 'PARETO', minSteps: 10, eta: 3 } } });
    expect(problems(`name: s
method: bayes
maxRuns: 20
baseModel: builtin:tiny-llama
dataset: builtin:topic
training: { steps: 60, evalInterval: 10 }
earlyTerminate: { type: pareto, minSteps: 60 }
parameters:
  rank: { values: [4] }
  quantization: { values: [nf4] }
  targetModules: { values: [[q_proj]] }
`)).toEqual([{ path: 'earlyTerminate.minSteps', line: 7, message: 'must be below training.steps (60)' }]);
  });

  it('reads datasetSettings (enum values in any case); the one schema checks them, and refuses file settings on built-in tasks', () => {
    const head = `name: s
baseModel: builtin:tiny-llama
parameters:
  rank: { values: [4] }
  quantization: { values: [nf4] }
  targetModules: { values: [[q_proj]] }
`;
    const r = parseSweepFile(`${head}dataset: data/chat.parquet
datasetSettings: { format: sharegpt, trainOn: all, packing: true, evalFraction: 0.2 }
`);
    expect(r).toMatchObject({ ok: true, spec: { datasetSettings: { format: 'SHAREGPT', trainOn: 'ALL', packing: true, evalFraction: 0.2 } } });
    expect(problems(`${head}dataset: data/chat.parquet
datasetSettings:
  format: csv
`)).toEqual([{ path: 'datasetSettings.format', line: 9, message: 'must be one of AUTO, ALPACA, SHAREGPT, MESSAGES, PROMPT_COMPLETION, TEXT_LABEL, TEXT' }]);
    expect(problems(`${head}dataset: data/chat.parquet
datasetSettings:
  evalDataset: data/eval.jsonl
  evalFraction: 0.2
`)).toEqual([{ path: 'datasetSettings.evalFraction', line: 10, message: 'give either evalDataset or evalFraction, not both' }]);
    expect(problems(`${head}dataset: builtin:topic
datasetSettings: { format: text, packing: true }
`)).toEqual([{ path: 'datasetSettings.format', line: 8, message: 'applies to dataset files, not built-in tasks' }]);
  });
});
