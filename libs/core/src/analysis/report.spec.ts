import { describe, expect, it } from 'vitest';
import { pairsCsv, recommend, reportJson, reportMarkdown, runsCsv, summarizeByFormat, type ReportPair, type ReportRun } from './report';

const run = (ordinal: number, quantization: 'FP32' | 'INT8' | 'NF4', accuracy: number, peakMiB: number): ReportRun => ({
  id: `r${ordinal}`,
  ordinal,
  status: 'SUCCEEDED',
  config: { rank: 8, alpha: 16, quantization, targetModules: ['Q_PROJ', 'V_PROJ'], learningRate: 0.0002, dropout: 0, warmupRatio: 0.05, seed: 0 },
  summary: { accuracy, peakMemoryBytes: peakMiB * 1048576 },
});

describe('sweep report', () => {
  const fp32 = run(0, 'FP32', 0.9, 100);
  const int8 = run(1, 'INT8', 0.895, 60);
  const nf4 = run(2, 'NF4', 0.85, 40);
  const dominated = run(3, 'NF4', 0.8, 70);
  const pairs: ReportPair[] = [
    { quantization: 'INT8', accuracyDelta: -0.005, memoryRatio: 0.6, baseline: fp32, quantized: int8 },
    { quantization: 'NF4', accuracyDelta: -0.05, memoryRatio: 0.4, baseline: fp32, quantized: nf4 },
  ];

  it('recommends the smallest-memory run within one point of the best', () => {
    const rec = recommend([fp32, int8, nf4, dominated]);
    expect(rec?.best.id).toBe('r0');
    expect(rec?.pick.id).toBe('r1');
    expect(rec?.text).toContain('40.0% less');
  });

  it('recommends the same from the Pareto front alone as from every run', () => {
    for (const tol of [0, 1, 5, 10]) expect(recommend([nf4, int8, fp32], tol)).toEqual(recommend([fp32, dominated, int8, nf4], tol));
  });

  it('keeps the best run when nothing cheaper is close enough, and handles no runs', () => {
    expect(recommend([fp32, nf4])?.pick.id).toBe('r0');
    expect(recommend([{ ...fp32, summary: null }])).toBeNull();
    expect(recommend([fp32, nf4], 10)?.pick.id).toBe('r2');
  });

  it('exports pairs and runs as CSV, one row each', () => {
    const csv = pairsCsv(pairs).trim().split('\n');
    expect(csv).toHaveLength(3);
    expect(csv[0]).toMatch(/^quantization,rank,alpha,targets,learning_rate,dropout,warmup_ratio,seed,/);
    expect(csv[1]).toBe('INT8,8,16,Q_PROJ+V_PROJ,0.0002,0,0.05,0,0,1,0.9,0.895,-0.5,104857600,62914560,0.4');
    const runs = runsCsv([fp32, int8, nf4, { ...dominated, error: 'a, "quoted" error' }], [nf4, int8, fp32]).trim().split('\n');
    expect(runs).toHaveLength(5);
    expect(runs[1].split(',').slice(0, 7)).toEqual(['0', 'r0', 'SUCCEEDED', '', '', 'FP32', '8']);
    expect(runs[4]).toMatch(/,false,"a, ""quoted"" error"$/);
  });

  it('renders one Markdown for the CLI and the dashboard: recommendation, front, pairs, runs when given', () => {
    const md = reportMarkdown({ sweep: { name: 's', status: 'FINISHED' }, url: 'http://x/sweeps/1/compare', paretoFront: [nf4, int8, fp32], pairs, runs: [fp32, int8, nf4, dominated] });
    expect(md).toMatch(/^# LoRA vs QLoRA: s\n/);
    expect(md).toContain('Status: FINISHED · Report: http://x/sweeps/1/compare');
    expect(md).toContain('Use run #1');
    expect(md).toContain('## Pareto front');
    expect(md).toContain('| NF4 | 8 | 16 | q+v | 0.0002 | 90.0% | 85.0% | -5.0 | 100.0 MiB | 40.0 MiB | 60.0% |');
    expect(md).toContain('| #3 | SUCCEEDED | NF4 | 8 |');
    const short = reportMarkdown({ sweep: { name: 's' }, paretoFront: [], pairs: [] });
    expect(short).not.toContain('## All runs');
    expect(short).not.toContain('## Infeasible');
    const budget = reportMarkdown({ sweep: { name: 's' }, paretoFront: [], pairs: [], infeasible: [{ config: fp32.config, predictedMemoryBytes: 150 * 1048576 }] });
    expect(budget).toContain('## Infeasible (predicted above the memory budget, never queued)');
    expect(budget).toContain('| FP32 | 8 | q+v | 0.0002 | 150.0 MiB |');
    // A BAYES sweep's entry stands for every learning rate of its base, rank and targets.
    const bayes = reportMarkdown({ sweep: { name: 's', method: 'BAYES' }, paretoFront: [], pairs: [], infeasible: [{ config: fp32.config, predictedMemoryBytes: 150 * 1048576 }] });
    expect(bayes).toContain('| FP32 | 8 | q+v | any | 150.0 MiB |');
    expect(bayes).toContain('the search proposes none of them');
    expect(bayes).toContain('## Infeasible (predicted above the memory budget, never proposed)');
    expect(JSON.parse(reportJson({ sweep: { name: 's' }, paretoFront: [], pairs: [], infeasible: [{ config: fp32.config, predictedMemoryBytes: 1 }] })).infeasible).toHaveLength(1);
    expect(short).toContain('No matched pairs yet.');
    // A space that can never pair says why instead of 'yet'.
    const sampled = reportMarkdown({ sweep: { name: 's', space: { quantization: ['FP32', 'NF4'], learningRateRange: { min: 1e-3, max: 3e-2, log: true } } }, paretoFront: [], pairs: [] });
    expect(sampled).toContain('No matched pairs: this sweep samples its learning rate from a range, so no two runs share a value: pairs need listed values.');
    const listed = reportMarkdown({ sweep: { name: 's', space: { quantization: ['FP32', 'NF4'], learningRateRange: null } }, paretoFront: [], pairs: [] });
    expect(listed).toContain('No matched pairs yet.');
  });

  it('reports what a search did: the hypervolume as runs finished, pruned runs with their rung', () => {
    const pruned: ReportRun = { ...run(4, 'NF4', 0, 0), status: 'PRUNED', prunedRung: 10, summary: null, predictedMemoryBytes: 45 * 1048576, error: null,
      prunedReason: 'pruned at rung step 10: dominated by 4 of 5 runs at that rung (eval loss and predicted memory)' };
    const hypervolume = { referenceMemoryBytes: 110 * 1048576, points: [{ succeededRuns: 1, hypervolume: 0.0818 }, { succeededRuns: 2, hypervolume: 0.4818 }] };
    const md = reportMarkdown({ sweep: { name: 's' }, paretoFront: [nf4, fp32], pairs: [], runs: [fp32, nf4, pruned], hypervolume });
    expect(md).toContain('## Hypervolume of the front\n\n0.482 after 2 finished runs');
    expect(md).toContain('reference point (accuracy 0, 110.0 MiB, 1.1 × the largest peak)');
    expect(md).toContain('After each finished run: 0.082, 0.482.');
    expect(md).toContain('## Pruned (stopped at a rung by early termination; no accuracy)');
    expect(md).toContain('| #4 | NF4 | 8 | q+v | 0.0002 | 10 | 45.0 MiB | dominated by 4 of 5 runs at that rung (eval loss and predicted memory) |');
    // In every run's table its status names the rung; it has no error.
    expect(md).toContain('| #4 | PRUNED at step 10 | NF4 | 8 | q+v | 0.0002 | — | — | 45.0 MiB |  |');
    const j = JSON.parse(reportJson({ sweep: { name: 's' }, paretoFront: [nf4, fp32], pairs: [], runs: [fp32, nf4, pruned], hypervolume }));
    expect(j.pruned).toEqual([expect.objectContaining({ run: 4, status: 'PRUNED', pruned_rung: 10, pruned_reason: pruned.prunedReason, error: null })]);
    expect(j.hypervolume).toEqual(hypervolume);
    const [header, row] = runsCsv([pruned], []).trim().split('\n');
    expect(header.split(',').slice(0, 6)).toEqual(['run', 'id', 'status', 'pruned_rung', 'pruned_reason', 'quantization']);
    expect(header.split(',').at(-1)).toBe('error');
    expect(row.split(',').slice(0, 6)).toEqual(['4', 'r4', 'PRUNED', '10', pruned.prunedReason, 'NF4']);
    expect(row.endsWith(',')).toBe(true);
    // The dashboard's export has only the pruned runs, not every run: the same table.
    const exported = reportMarkdown({ sweep: { name: 's' }, paretoFront: [nf4, fp32], pairs: [], pruned: [pruned] });
    expect(exported).toContain('## Pruned (stopped at a rung by early termination; no accuracy)');
    expect(exported).toContain('| #4 | NF4 | 8 | q+v | 0.0002 | 10 | 45.0 MiB | dominated by 4 of 5 runs');
    expect(exported).not.toContain('## All runs');
    expect(JSON.parse(reportJson({ sweep: { name: 's' }, paretoFront: [], pairs: [], pruned: [pruned] })).pruned).toHaveLength(1);
    // What early termination saved, after the pruned runs, in Markdown and JSON.
    const earlyTerminationSavings = { prunedRuns: 1, endedRuns: 3, stepsTrained: 90, stepsFull: 120, fractionSaved: 0.25 };
    const withSavings = { sweep: { name: 's' }, paretoFront: [nf4, fp32], pairs: [], runs: [fp32, nf4, pruned], earlyTerminationSavings };
    expect(reportMarkdown(withSavings)).toContain(
      '| dominated by 4 of 5 runs at that rung (eval loss and predicted memory) |\n\nEarly termination saved 25.0% of the training steps of the 3 runs ended so far: 90 of 120 steps trained, 1 run stopped at a rung.',
    );
    expect(JSON.parse(reportJson(withSavings)).earlyTerminationSavings).toEqual(earlyTerminationSavings);
    // None pruned yet: the heading and the figure, no table.
    const none = reportMarkdown({ sweep: { name: 's' }, paretoFront: [fp32], pairs: [], runs: [fp32], earlyTerminationSavings: { ...earlyTerminationSavings, prunedRuns: 0, endedRuns: 1, stepsTrained: 40, stepsFull: 40, fractionSaved: 0 } });
    expect(none).toContain('## Pruned (stopped at a rung by early termination; no accuracy)\n\nEarly termination saved 0.0% of the training steps of the 1 run ended so far: 40 of 40 steps trained, 0 runs stopped at a rung.');
    const plain = reportMarkdown({ sweep: { name: 's' }, paretoFront: [], pairs: [], runs: [fp32] });
    expect(plain).not.toContain('## Pruned');
    expect(plain).not.toContain('## Hypervolume');
  });

  it('gives the same report as JSON', () => {
    const j = JSON.parse(reportJson({ sweep: { name: 's' }, paretoFront: [int8, fp32], pairs, runs: [fp32, int8] }));
    expect(j.runs).toHaveLength(2);
    expect(j.paretoFront.map((r: { id: string }) => r.id)).toEqual(['r1', 'r0']);
    expect(j.comparison[1]).toMatchObject({ quantization: 'NF4', memoryRatio: 0.4, quantized: { id: 'r2', pareto: false } });
    expect(j.recommendation).toMatch(/^Use run #1/);
  });

  it('averages by format', () => {
    expect(summarizeByFormat(pairs).map((g) => [g.quantization, g.pairs])).toEqual([['INT8', 1], ['NF4', 1]]);
  });
});
