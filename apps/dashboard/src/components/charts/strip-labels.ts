/*
 * The rung labels of the Pareto chart's strip of pruned runs ("@10 @40" above a run's triangle),
 * laid out here because ECharts' labelLayout left labels of runs at close memories printed over
 * each other ("@20" at 15.3 MiB and "@10 @40" at 15.6 read "@20@10 @40").
 */

const MIB = 1024 * 1024;

/** The rung label of pruned run `i`: every rung of the runs drawn at its place (the same predicted MiB, to 0.01) on the first of them, nothing on the others. */
export function rungLabel(pruned: readonly { predictedMemoryBytes: number | null; prunedRung: number | null }[], i: number): string {
  const at = (p: (typeof pruned)[number]) => (p.predictedMemoryBytes! / MIB).toFixed(2);
  const same = pruned.filter((p) => at(p) === at(pruned[i]));
  if (same[0] !== pruned[i]) return '';
  return same.flatMap((p) => (p.prunedRung != null ? [`@${p.prunedRung}`] : [])).join(' ');
}

/** Pixels the strip's memory axis spans at the least (the chart's narrowest layout), and a label character's width at font size 10. */
const MIN_AXIS_PX = 320;
const CHAR_PX = 6.5;

/**
 * The line each label goes on, 0 (right above its triangle) and up: the lowest on which it
 * overlaps no label placed before it, in the order of their memory. `x`: each label's place on
 * the axis (MiB), `labels`: its text ('' takes no room), `span`: the axis' range (MiB). Widths are
 * taken at the narrowest chart, so labels that clear each other there clear each other wider.
 */
export function labelLines(x: readonly number[], labels: readonly string[], span: number): number[] {
  const mibPerPx = span / MIN_AXIS_PX;
  const half = (i: number) => (labels[i].length * CHAR_PX * mibPerPx) / 2;
  const lines: number[] = labels.map(() => 0);
  const placed: number[][] = [];
  const order = x.map((_, i) => i).sort((a, b) => x[a] - x[b]);
  for (const i of order) {
    if (!labels[i]) continue;
    let line = 0;
    while ((placed[line] ?? []).some((j) => Math.abs(x[i] - x[j]) < half(i) + half(j))) line++;
    (placed[line] ??= []).push(i);
    lines[i] = line;
  }
  return lines;
}
