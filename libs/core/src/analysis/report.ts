import { targetsLabel } from '../enums';
import type { RunConfig, RunHyperparameters } from '../run-config';
import type { HypervolumeHistory } from './hypervolume';
import { MATCHED_DIMENSIONS, type PairingSpace, whyNoPairs } from './comparison';
import { paretoFront } from './pareto';

/**
 * The sweep report of the CLI (`loralab report`) and the dashboard (compare page and its
 * exports): the Pareto front, the matched LoRA/QLoRA pairs, a recommendation, and for sweeps that
 * search the front's hypervolume, the pruned runs and the infeasible configurations, as Markdown,
 * CSV or JSON. Pure: callers read them from the API (`Sweep.paretoFront`, `Sweep.comparison`,
 * `Sweep.hypervolume`, `Sweep.infeasible`) and pass them in.
 */

/** What the report shows of a run (a subset of the API's `Run`). */
export interface ReportRun {
  id: string;
  ordinal: number;
  status?: string;
  /** Early termination: the rung (in steps) a PRUNED run was stopped at. */
  prunedRung?: number | null;
  /** Early termination: why it was stopped there ("pruned at rung step 18: dominated by …"). */
  prunedReason?: string | null;
  config: Pick<RunConfig, 'rank' | 'alpha' | 'quantization' | 'targetModules' | 'learningRate' | 'dropout' | 'seed'> & Partial<RunHyperparameters>;
  summary: {
    accuracy: number;
    peakMemoryBytes: number;
    evalLoss?: number;
    predictedMemoryBytes?: number;
    tokensPerSecond?: number;
    memory?: { baseWeights: number; activations: number };
  } | null;
  predictedMemoryBytes?: number | null;
  error?: string | null;
}

/** A matched pair as `Sweep.comparison` returns it. */
export interface ReportPair<R extends ReportRun = ReportRun> {
  quantization: string;
  accuracyDelta: number;
  memoryRatio: number;
  baseline: R;
  quantized: R;
}

export interface SweepReport {
  /** `method` BAYES: each infeasible entry stands for every configuration with its base, rank and targets. */
  sweep: { id?: string; name: string; status?: string; method?: string; space?: PairingSpace };
  /** Where the report lives (the dashboard's compare page), when it has an address. */
  url?: string;
  /** Non-dominated SUCCEEDED runs, by peak memory ascending (`Sweep.paretoFront`). */
  paretoFront: ReportRun[];
  pairs: ReportPair[];
  /** Every run, for the "All runs" section and the runs CSV; optional. */
  runs?: ReportRun[];
  /**
   * The runs early termination stopped, for the "Pruned" section, when `runs` is not given (the
   * dashboard's export reads only these); with `runs`, its PRUNED runs.
   */
  pruned?: ReportRun[];
  /** Accuracy points below the best that the recommendation accepts (default 1). */
  tolerancePoints?: number;
  /** Configurations predicted above the sweep's memory budget, never queued (`Sweep.infeasible`). */
  infeasible?: { config: ReportRun['config']; predictedMemoryBytes: number }[];
  /** The front's hypervolume after each SUCCEEDED run (`Sweep.hypervolume`); optional. */
  hypervolume?: HypervolumeHistory;
  /** What early termination saved in the ended runs (`Sweep.earlyTerminationSavings`); null or absent without it. */
  earlyTerminationSavings?: { prunedRuns: number; endedRuns: number; stepsTrained: number; stepsFull: number; fractionSaved: number } | null;
}

export interface Recommendation<R extends ReportRun = ReportRun> {
  best: R;
  pick: R;
  tolerancePoints: number;
  text: string;
}

const mib = (b: number | null | undefined) => (b == null ? '—' : `${(b / 1048576).toFixed(1)} MiB`);
const pct = (x: number | null | undefined) => (x == null ? '—' : `${(x * 100).toFixed(1)}%`);
const targets = (r: ReportRun) => targetsLabel(r.config.targetModules);
const base = (r: ReportRun) => r.config.quantization + (r.config.doubleQuant ? '+DQ' : '');

/**
 * What a memory estimate's predictions were scaled by, in a sentence (null when by nothing): each
 * target set the team measured on the base with its factor, then the base's for the others.
 */
export function memoryCorrectionText(c: { base: number; byTargets: readonly { targetModules: readonly string[]; correction: number }[] }, baseModel: string): string | null {
  if (c.base === 1 && !c.byTargets.length) return null;
  const factors = [
    ...c.byTargets.map((t) => `×${t.correction.toFixed(3)} for ${targetsLabel(t.targetModules)}`),
    `×${c.base.toFixed(3)} for ${c.byTargets.length ? 'other target sets' : 'every target set'}`,
  ];
  return `Predictions are the estimator's, scaled by what this team's runs on ${baseModel} measured (measured ÷ predicted, 90th percentile): ${factors.join(', ')}.`;
}

export const describeConfig = (r: ReportRun) =>
  `${base(r)} base, rank ${r.config.rank}, alpha ${r.config.alpha}, ${targets(r)}, lr ${r.config.learningRate}`;

type Scored<R extends ReportRun> = R & { summary: NonNullable<ReportRun['summary']> };

/**
 * The smallest-memory run whose accuracy is within `tolerancePoints` of the best. The pick is
 * always on the Pareto front, so the front alone is enough input.
 */
export function recommend<R extends ReportRun>(runs: readonly R[], tolerancePoints = 1): Recommendation<R> | null {
  const front = paretoFront(
    runs
      .filter((r): r is Scored<R> => r.summary != null)
      .map((r) => ({ run: r, id: r.id, accuracy: r.summary.accuracy, peakMemoryBytes: r.summary.peakMemoryBytes })),
  ).map((p) => p.run);
  if (!front.length) return null;
  // Along the front accuracy rises with memory: the best is the last point, the pick the first one close enough.
  const best = front[front.length - 1];
  const floor = best.summary.accuracy - tolerancePoints / 100 - 1e-12;
  const pick = front.find((r) => r.summary.accuracy >= floor)!;
  const saved = 1 - pick.summary.peakMemoryBytes / best.summary.peakMemoryBytes;
  const points = `${tolerancePoints} point${tolerancePoints === 1 ? '' : 's'}`;
  const text =
    pick.id === best.id
      ? `Use run #${best.ordinal} (${describeConfig(best)}): it has the best accuracy, ${pct(best.summary.accuracy)}, and no configuration within ${points} of it needs less memory (${mib(best.summary.peakMemoryBytes)}).`
      : `Use run #${pick.ordinal} (${describeConfig(pick)}): ${pct(pick.summary.accuracy)} accuracy, within ${points} of the best (${pct(best.summary.accuracy)}, run #${best.ordinal}), at ${mib(pick.summary.peakMemoryBytes)} peak memory instead of ${mib(best.summary.peakMemoryBytes)}: ${pct(saved)} less.`;
  return { best, pick, tolerancePoints, text };
}

/** Mean accuracy delta and memory saved per quantized format. */
export function summarizeByFormat(pairs: readonly ReportPair[]) {
  const groups = new Map<string, ReportPair[]>();
  for (const p of pairs) groups.set(p.quantization, [...(groups.get(p.quantization) ?? []), p]);
  return [...groups.entries()].map(([quantization, ps]) => ({
    quantization,
    pairs: ps.length,
    meanAccuracyDelta: ps.reduce((s, p) => s + p.accuracyDelta, 0) / ps.length,
    meanMemorySaved: ps.reduce((s, p) => s + (1 - p.memoryRatio), 0) / ps.length,
  }));
}

const csvCell = (v: unknown) => {
  const s = v == null ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const toCsv = (header: readonly string[], rows: readonly unknown[][]) =>
  [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\n') + '\n';

/** A CSV column per dimension of the spec a pair shares (`learningRate` → `learning_rate`, targets joined by `+`). */
const SETTING_COLUMNS = MATCHED_DIMENSIONS.map((d) => (d === 'targetModules' ? 'targets' : d.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)));
const settingCells = (c: ReportRun['config']) =>
  MATCHED_DIMENSIONS.map((d) => {
    const v = c[d];
    return Array.isArray(v) ? v.join('+') : v;
  });

const PAIR_COLUMNS = ['quantization', ...SETTING_COLUMNS, 'seed', 'baseline_run', 'quantized_run', 'baseline_accuracy', 'quantized_accuracy', 'accuracy_delta_points', 'baseline_peak_bytes', 'quantized_peak_bytes', 'memory_saved_fraction'];

/** One row per matched pair. */
export function pairsCsv(pairs: readonly ReportPair[]): string {
  return toCsv(
    PAIR_COLUMNS,
    pairs.map((p) => {
      return [
        p.quantization, ...settingCells(p.baseline.config), p.baseline.config.seed,
        p.baseline.ordinal, p.quantized.ordinal, p.baseline.summary?.accuracy, p.quantized.summary?.accuracy,
        Math.round(p.accuracyDelta * 10000) / 100, p.baseline.summary?.peakMemoryBytes, p.quantized.summary?.peakMemoryBytes,
        Math.round((1 - p.memoryRatio) * 10000) / 10000,
      ];
    }),
  );
}

const RUN_COLUMNS = ['run', 'id', 'status', 'pruned_rung', 'pruned_reason', 'quantization', ...SETTING_COLUMNS, 'accuracy', 'eval_loss', 'peak_bytes', 'predicted_bytes', 'base_weights_bytes', 'activations_bytes', 'tokens_per_second', 'pareto', 'error'];

/** A run's status as the report writes it: a PRUNED run's with the rung it was stopped at. */
const statusText = (r: ReportRun) => (r.status === 'PRUNED' && r.prunedRung != null ? `PRUNED at step ${r.prunedRung}` : (r.status ?? ''));

/** The reason without its "pruned at rung step N: " lead (the table has the step in its own column). */
const whyPruned = (r: ReportRun) => (r.prunedReason ?? '—').replace(/^pruned at rung step \d+: /, '');

function runCells(r: ReportRun, front: ReadonlySet<string>): unknown[] {
  const s = r.summary;
  return [
    r.ordinal, r.id, r.status, r.prunedRung, r.prunedReason, base(r), ...settingCells(r.config),
    s?.accuracy, s?.evalLoss, s?.peakMemoryBytes, s?.predictedMemoryBytes ?? r.predictedMemoryBytes, s?.memory?.baseWeights, s?.memory?.activations,
    s?.tokensPerSecond, front.has(r.id), r.error,
  ];
}

/** One row per run, with whether it is on the Pareto front. */
export function runsCsv(runs: readonly ReportRun[], paretoFront: readonly ReportRun[]): string {
  const front = new Set(paretoFront.map((r) => r.id));
  return toCsv(RUN_COLUMNS, runs.map((r) => runCells(r, front)));
}

const prunedRuns = (report: SweepReport) => (report.runs ? report.runs.filter((r) => r.status === 'PRUNED') : (report.pruned ?? []));

/** The whole report as data (what `--format json` prints). */
export function reportJson(report: SweepReport): string {
  const front = new Set(report.paretoFront.map((r) => r.id));
  const row = (r: ReportRun) => Object.fromEntries(RUN_COLUMNS.map((c, i) => [c, runCells(r, front)[i] ?? null]));
  return (
    JSON.stringify(
      {
        sweep: report.sweep,
        recommendation: recommend(report.paretoFront, report.tolerancePoints)?.text ?? null,
        paretoFront: report.paretoFront.map(row),
        comparison: report.pairs.map((p) => ({ quantization: p.quantization, accuracyDelta: p.accuracyDelta, memoryRatio: p.memoryRatio, baseline: row(p.baseline), quantized: row(p.quantized) })),
        runs: (report.runs ?? []).map(row),
        pruned: prunedRuns(report).map(row),
        infeasible: report.infeasible ?? [],
        hypervolume: report.hypervolume ?? null,
        earlyTerminationSavings: report.earlyTerminationSavings ?? null,
      },
      null,
      2,
    ) + '\n'
  );
}

const table = (header: string[], align: string[], rows: string[][]) => [
  `| ${header.join(' | ')} |`,
  `|${align.join('|')}|`,
  ...rows.map((r) => `| ${r.join(' | ')} |`),
];

/** The report as Markdown: recommendation, Pareto front, matched pairs and, when given, every run. */
export function reportMarkdown(report: SweepReport): string {
  const rec = recommend(report.paretoFront, report.tolerancePoints);
  const out = [`# LoRA vs QLoRA: ${report.sweep.name}`, ''];
  if (report.sweep.status || report.url) out.push([report.sweep.status && `Status: ${report.sweep.status}`, report.url && `Report: ${report.url}`].filter(Boolean).join(' · '), '');
  out.push('## Recommendation', '', rec ? rec.text : 'No finished runs yet.', '');
  out.push('## Pareto front (accuracy up, peak memory down)', '');
  if (!report.paretoFront.length) out.push('No finished runs yet.');
  else
    out.push(
      ...table(
        ['Run', 'Base', 'Rank', 'Targets', 'Accuracy', 'Peak memory', 'Predicted'],
        ['---:', '---', '---:', '---', '---:', '---:', '---:'],
        report.paretoFront.map((r) => [`#${r.ordinal}`, base(r), String(r.config.rank), targets(r), pct(r.summary?.accuracy), mib(r.summary?.peakMemoryBytes), mib(r.summary?.predictedMemoryBytes ?? r.predictedMemoryBytes)]),
      ),
    );
  out.push('', '## Matched pairs (FP32 base vs quantized base, every other setting the same)', '');
  if (!report.pairs.length) {
    const why = report.sweep.space && whyNoPairs(report.sweep.space);
    out.push(why ? `No matched pairs: ${why}.` : 'No matched pairs yet.');
  }
  else
    out.push(
      ...table(
        ['Base', 'Rank', 'Alpha', 'Targets', 'LR', 'FP32 acc', 'Quantized acc', 'Δ acc (pt)', 'FP32 peak', 'Quantized peak', 'Memory saved'],
        ['---', '---:', '---:', '---', '---:', '---:', '---:', '---:', '---:', '---:', '---:'],
        report.pairs.map((p) => {
          const c = p.baseline.config;
          return [p.quantization, String(c.rank), String(c.alpha), targets(p.baseline), String(c.learningRate), pct(p.baseline.summary?.accuracy), pct(p.quantized.summary?.accuracy), (p.accuracyDelta * 100).toFixed(1), mib(p.baseline.summary?.peakMemoryBytes), mib(p.quantized.summary?.peakMemoryBytes), pct(1 - p.memoryRatio)];
        }),
      ),
    );
  if (report.hypervolume?.points.length) {
    const hv = report.hypervolume;
    const last = hv.points[hv.points.length - 1];
    out.push('', '## Hypervolume of the front', '');
    out.push(
      `${last.hypervolume.toFixed(3)} after ${last.succeededRuns} finished run${last.succeededRuns === 1 ? '' : 's'}: the share of the box from (accuracy 0, 0 bytes) to the reference point (accuracy 0, ${mib(hv.referenceMemoryBytes)}, 1.1 × the largest peak) that the front dominates. After each finished run: ${hv.points.map((p) => p.hypervolume.toFixed(3)).join(', ')}.`,
    );
  }
  const pruned = prunedRuns(report);
  const saved = report.earlyTerminationSavings;
  if (pruned.length || saved?.endedRuns) out.push('', '## Pruned (stopped at a rung by early termination; no accuracy)', '');
  if (pruned.length) {
    out.push(
      ...table(
        ['Run', 'Base', 'Rank', 'Targets', 'LR', 'Pruned at step', 'Predicted', 'Why'],
        ['---:', '---', '---:', '---', '---:', '---:', '---:', '---'],
        pruned.map((r) => [`#${r.ordinal}`, base(r), String(r.config.rank), targets(r), String(r.config.learningRate), r.prunedRung == null ? '—' : String(r.prunedRung), mib(r.predictedMemoryBytes), whyPruned(r)]),
      ),
    );
  }
  if (saved?.endedRuns) {
    if (pruned.length) out.push('');
    const runs = (n: number) => `${n} run${n === 1 ? '' : 's'}`;
    out.push(
      `Early termination saved ${pct(saved.fractionSaved)} of the training steps of the ${runs(saved.endedRuns)} ended so far: ${saved.stepsTrained} of ${saved.stepsFull} steps trained, ${runs(saved.prunedRuns)} stopped at a rung.`,
    );
  }
  if (report.infeasible?.length) {
    const bayes = report.sweep.method === 'BAYES';
    out.push('', `## Infeasible (predicted above the memory budget, never ${bayes ? 'proposed' : 'queued'})`, '');
    if (bayes) out.push('Each row stands for every configuration with its base, rank and targets: the search proposes none of them.', '');
    out.push(
      ...table(
        ['Base', 'Rank', 'Targets', 'LR', 'Predicted'],
        ['---', '---:', '---', '---:', '---:'],
        report.infeasible.map((c) => {
          const r = { config: c.config } as ReportRun;
          return [base(r), String(c.config.rank), targets(r), bayes ? 'any' : String(c.config.learningRate), mib(c.predictedMemoryBytes)];
        }),
      ),
    );
  }
  if (report.runs) {
    out.push('', '## All runs', '');
    out.push(
      ...table(
        ['Run', 'Status', 'Base', 'Rank', 'Targets', 'LR', 'Accuracy', 'Peak memory', 'Predicted', 'Error'],
        ['---:', '---', '---', '---:', '---', '---:', '---:', '---:', '---:', '---'],
        report.runs.map((r) => [`#${r.ordinal}`, statusText(r), base(r), String(r.config.rank), targets(r), String(r.config.learningRate), pct(r.summary?.accuracy), mib(r.summary?.peakMemoryBytes), mib(r.summary?.predictedMemoryBytes ?? r.predictedMemoryBytes), r.error ?? '']),
      ),
    );
  }
  return out.join('\n') + '\n';
}
