// Pure: the compare report's rows, recommendation and exports (unit-tested, no I/O).

export interface ReportRun {
  id: string;
  ordinal: number;
  config: { rank: number; alpha: number; quantization: string; targetModules: string[]; learningRate: number; dropout: number; seed: number };
  summary: { accuracy: number; peakMemoryBytes: number } | null;
}

export interface ReportPair {
  quantization: string;
  accuracyDelta: number;
  memoryRatio: number;
  baseline: ReportRun;
  quantized: ReportRun;
}

export interface Recommendation {
  best: ReportRun;
  pick: ReportRun;
  tolerancePoints: number;
  text: string;
}

const mib = (b: number) => `${(b / 1048576).toFixed(1)} MiB`;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
export const describeConfig = (r: ReportRun) =>
  `${r.config.quantization} base, rank ${r.config.rank}, alpha ${r.config.alpha}, ${r.config.targetModules
    .map((t) => t.replace('_PROJ', '').toLowerCase())
    .join('+')}, lr ${r.config.learningRate}`;

/** The smallest-memory run whose accuracy is within `tolerancePoints` of the best. */
export function recommend(runs: ReportRun[], tolerancePoints = 1): Recommendation | null {
  const done = runs.filter((r): r is ReportRun & { summary: NonNullable<ReportRun['summary']> } => r.summary != null);
  if (!done.length) return null;
  const best = done.reduce((a, b) =>
    b.summary.accuracy > a.summary.accuracy || (b.summary.accuracy === a.summary.accuracy && b.summary.peakMemoryBytes < a.summary.peakMemoryBytes) ? b : a,
  );
  const floor = best.summary.accuracy - tolerancePoints / 100 - 1e-12;
  const pick = done
    .filter((r) => r.summary.accuracy >= floor)
    .reduce((a, b) => (b.summary.peakMemoryBytes < a.summary.peakMemoryBytes ? b : a));
  const saved = 1 - pick.summary.peakMemoryBytes / best.summary.peakMemoryBytes;
  const text =
    pick.id === best.id
      ? `Use run #${best.ordinal} (${describeConfig(best)}): it has the best accuracy, ${pct(best.summary.accuracy)}, and no configuration within ${tolerancePoints} point${tolerancePoints === 1 ? '' : 's'} of it needs less memory (${mib(best.summary.peakMemoryBytes)}).`
      : `Use run #${pick.ordinal} (${describeConfig(pick)}): ${pct(pick.summary.accuracy)} accuracy, within ${tolerancePoints} point${tolerancePoints === 1 ? '' : 's'} of the best (${pct(best.summary.accuracy)}, run #${best.ordinal}), at ${mib(pick.summary.peakMemoryBytes)} peak memory instead of ${mib(best.summary.peakMemoryBytes)}: ${pct(saved)} less.`;
  return { best, pick, tolerancePoints, text };
}

const HEADER = ['quantization', 'rank', 'alpha', 'targets', 'learning_rate', 'dropout', 'seed', 'baseline_run', 'quantized_run', 'baseline_accuracy', 'quantized_accuracy', 'accuracy_delta_points', 'baseline_peak_bytes', 'quantized_peak_bytes', 'memory_saved_fraction'];

function pairCells(p: ReportPair): Array<string | number> {
  const c = p.baseline.config;
  return [
    p.quantization,
    c.rank,
    c.alpha,
    c.targetModules.join('+'),
    c.learningRate,
    c.dropout,
    c.seed,
    p.baseline.ordinal,
    p.quantized.ordinal,
    p.baseline.summary?.accuracy ?? '',
    p.quantized.summary?.accuracy ?? '',
    Math.round(p.accuracyDelta * 10000) / 100,
    p.baseline.summary?.peakMemoryBytes ?? '',
    p.quantized.summary?.peakMemoryBytes ?? '',
    Math.round((1 - p.memoryRatio) * 10000) / 10000,
  ];
}

const csvCell = (v: string | number) => {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function pairsToCsv(pairs: ReportPair[]): string {
  return [HEADER, ...pairs.map(pairCells)].map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}

export function reportMarkdown(sweepName: string, url: string, pairs: ReportPair[], rec: Recommendation | null): string {
  const lines = [
    `# LoRA vs QLoRA: ${sweepName}`,
    '',
    `Report: ${url}`,
    '',
    '## Recommendation',
    '',
    rec ? rec.text : 'No finished runs yet.',
    '',
    '## Matched pairs (FP32 base vs quantized base, same rank, alpha, targets, lr, dropout, seed)',
    '',
  ];
  if (!pairs.length) lines.push('No matched pairs yet.');
  else {
    lines.push('| Base | Rank | Alpha | Targets | LR | FP32 acc | Quantized acc | Δ acc (pt) | FP32 peak | Quantized peak | Memory saved |');
    lines.push('|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const p of pairs) {
      const c = p.baseline.config;
      lines.push(
        `| ${p.quantization} | ${c.rank} | ${c.alpha} | ${c.targetModules.join('+')} | ${c.learningRate} | ${p.baseline.summary ? pct(p.baseline.summary.accuracy) : '—'} | ${p.quantized.summary ? pct(p.quantized.summary.accuracy) : '—'} | ${(p.accuracyDelta * 100).toFixed(1)} | ${p.baseline.summary ? mib(p.baseline.summary.peakMemoryBytes) : '—'} | ${p.quantized.summary ? mib(p.quantized.summary.peakMemoryBytes) : '—'} | ${pct(1 - p.memoryRatio)} |`,
      );
    }
  }
  return lines.join('\n') + '\n';
}

/** Mean accuracy delta and memory saved per quantized format. */
export function summarizeByFormat(pairs: ReportPair[]) {
  const groups = new Map<string, ReportPair[]>();
  for (const p of pairs) groups.set(p.quantization, [...(groups.get(p.quantization) ?? []), p]);
  return [...groups.entries()].map(([quantization, ps]) => ({
    quantization,
    pairs: ps.length,
    meanAccuracyDelta: ps.reduce((s, p) => s + p.accuracyDelta, 0) / ps.length,
    meanMemorySaved: ps.reduce((s, p) => s + (1 - p.memoryRatio), 0) / ps.length,
  }));
}
