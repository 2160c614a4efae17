import { describe, expect, it } from 'vitest';
import { pairsToCsv, recommend, reportMarkdown, summarizeByFormat, type ReportPair, type ReportRun } from './report';

const run = (ordinal: number, quantization: string, accuracy: number, peakMiB: number): ReportRun => ({
  id: `r${ordinal}`,
  ordinal,
  config: { rank: 8, alpha: 16, quantization, targetModules: ['Q_PROJ', 'V_PROJ'], learningRate: 0.0002, dropout: 0, seed: 0 },
  summary: { accuracy, peakMemoryBytes: peakMiB * 1048576 },
});

describe('compare report', () => {
  const fp32 = run(0, 'FP32', 0.9, 100);
  const int8 = run(1, 'INT8', 0.895, 60);
  const nf4 = run(2, 'NF4', 0.85, 40);

  it('recommends the smallest-memory run within one point of the best', () => {
    const rec = recommend([fp32, int8, nf4]);
    expect(rec?.best.id).toBe('r0');
    expect(rec?.pick.id).toBe('r1');
    expect(rec?.text).toContain('40.0% less');
  });

  it('keeps the best run when nothing cheaper is close enough, and handles no runs', () => {
    expect(recommend([fp32, nf4])?.pick.id).toBe('r0');
    expect(recommend([{ ...fp32, summary: null }])).toBeNull();
    expect(recommend([fp32, nf4], 10)?.pick.id).toBe('r2');
  });

  it('exports CSV and Markdown with one row per pair', () => {
    const pairs: ReportPair[] = [
      { quantization: 'INT8', accuracyDelta: -0.005, memoryRatio: 0.6, baseline: fp32, quantized: int8 },
      { quantization: 'NF4', accuracyDelta: -0.05, memoryRatio: 0.4, baseline: fp32, quantized: nf4 },
    ];
    const csv = pairsToCsv(pairs).trim().split('\n');
    expect(csv).toHaveLength(3);
    expect(csv[1]).toBe('INT8,8,16,Q_PROJ+V_PROJ,0.0002,0,0,0,1,0.9,0.895,-0.5,104857600,62914560,0.4');
    const md = reportMarkdown('s', 'http://x/sweeps/1/compare', pairs, recommend([fp32, int8, nf4]));
    expect(md).toContain('| NF4 | 8 | 16 |');
    expect(md).toContain('Use run #1');
    expect(summarizeByFormat(pairs).map((g) => g.quantization)).toEqual(['INT8', 'NF4']);
  });
});
