import type { ComparisonPairDto, RunDto } from '../client/operations';

export type ReportFormat = 'md' | 'csv' | 'json';

export interface SweepReportInput {
  sweep: { id: string; name: string; status: string };
  runs: RunDto[];
  paretoFront: RunDto[];
  comparison: ComparisonPairDto[];
}

const mib = (b: number | null | undefined) => (b == null ? '' : (b / 1024 ** 2).toFixed(2));
const pct = (x: number | null | undefined) => (x == null ? '' : (100 * x).toFixed(1));
const targets = (r: RunDto) => r.config.targetModules.map((t) => t.toLowerCase().replace('_proj', '')).join('+');

function runRow(r: RunDto, pareto: Set<string>) {
  const s = r.summary;
  return {
    run: r.ordinal,
    id: r.id,
    status: r.status,
    quantization: r.config.quantization + (r.config.doubleQuant ? '+DQ' : ''),
    rank: r.config.rank,
    alpha: r.config.alpha,
    targets: targets(r),
    learningRate: r.config.learningRate,
    accuracy: s?.accuracy ?? null,
    evalLoss: s?.evalLoss ?? null,
    peakMemoryBytes: s?.peakMemoryBytes ?? null,
    predictedMemoryBytes: s?.predictedMemoryBytes ?? r.predictedMemoryBytes,
    baseWeightsBytes: s?.memory.baseWeights ?? null,
    activationsBytes: s?.memory.activations ?? null,
    tokensPerSecond: s?.tokensPerSecond ?? null,
    pareto: pareto.has(r.id),
    error: r.error,
  };
}

function csvCell(v: unknown): string {
  const s = v == null ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The Pareto front and the matched LoRA/QLoRA comparison, as Markdown, CSV or JSON. */
export function renderReport(input: SweepReportInput, format: ReportFormat): string {
  const pareto = new Set(input.paretoFront.map((r) => r.id));
  const rows = input.runs.map((r) => runRow(r, pareto));
  const pairs = input.comparison.map((p) => ({
    quantization: p.quantization,
    rank: p.baseline.config.rank,
    targets: targets(p.baseline),
    learningRate: p.baseline.config.learningRate,
    baselineRun: p.baseline.ordinal,
    quantizedRun: p.quantized.ordinal,
    baselineAccuracy: p.baseline.summary?.accuracy ?? null,
    quantizedAccuracy: p.quantized.summary?.accuracy ?? null,
    accuracyDelta: p.accuracyDelta,
    baselinePeakMemoryBytes: p.baseline.summary?.peakMemoryBytes ?? null,
    quantizedPeakMemoryBytes: p.quantized.summary?.peakMemoryBytes ?? null,
    memoryRatio: p.memoryRatio,
  }));
  if (format === 'json') {
    return JSON.stringify({ sweep: input.sweep, runs: rows, paretoFront: rows.filter((r) => r.pareto), comparison: pairs }, null, 2) + '\n';
  }
  if (format === 'csv') {
    const cols = Object.keys(runRow(input.runs[0] ?? ({ config: { targetModules: [] } } as unknown as RunDto), pareto));
    return [cols.join(','), ...rows.map((r) => cols.map((c) => csvCell((r as Record<string, unknown>)[c])).join(','))].join('\n') + '\n';
  }
  const out: string[] = [`# Sweep ${input.sweep.name} (${input.sweep.status})`, ''];
  out.push('## Pareto front (accuracy up, peak memory down)', '');
  out.push('| run | quant | rank | targets | accuracy % | peak MiB | predicted MiB | tokens/s |', '|---|---|---|---|---|---|---|---|');
  for (const r of rows.filter((x) => x.pareto).sort((a, b) => (a.peakMemoryBytes ?? 0) - (b.peakMemoryBytes ?? 0))) {
    out.push(`| ${r.run} | ${r.quantization} | ${r.rank} | ${r.targets} | ${pct(r.accuracy)} | ${mib(r.peakMemoryBytes)} | ${mib(r.predictedMemoryBytes)} | ${r.tokensPerSecond == null ? '' : Math.round(r.tokensPerSecond)} |`);
  }
  out.push('', '## LoRA vs QLoRA (matched: same rank, targets, learning rate, seed)', '');
  out.push('| quant | rank | targets | LoRA acc % | QLoRA acc % | Δ acc (pts) | LoRA peak MiB | QLoRA peak MiB | memory ratio |', '|---|---|---|---|---|---|---|---|---|');
  for (const p of pairs) {
    out.push(`| ${p.quantization} | ${p.rank} | ${p.targets} | ${pct(p.baselineAccuracy)} | ${pct(p.quantizedAccuracy)} | ${(100 * p.accuracyDelta).toFixed(1)} | ${mib(p.baselinePeakMemoryBytes)} | ${mib(p.quantizedPeakMemoryBytes)} | ${p.memoryRatio.toFixed(3)} |`);
  }
  out.push('', '## All runs', '');
  out.push('| run | status | quant | rank | targets | lr | accuracy % | peak MiB | predicted MiB | error |', '|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    out.push(`| ${r.run} | ${r.status} | ${r.quantization} | ${r.rank} | ${r.targets} | ${r.learningRate} | ${pct(r.accuracy)} | ${mib(r.peakMemoryBytes)} | ${mib(r.predictedMemoryBytes)} | ${r.error ?? ''} |`);
  }
  return out.join('\n') + '\n';
}
