// The Pareto chart's tooltips, apart from the chart (no echarts, no React) so they can be tested
// directly. ECharts renders a tooltip formatter's string as HTML: text that comes from the API is
// escaped.

const MIB = 1024 * 1024;

/** What a point of the Pareto chart carries for its tooltip. */
export interface TooltipDatum {
  value: (number | string)[];
  name: string;
  rank: number;
  quant: string;
  /** The strip's points (pruned, infeasible): what they have instead of an accuracy, as HTML. */
  note?: string;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The tooltip of a finished run (accuracy, peak memory) or of a strip point (its note). */
export function paretoTooltip(p: { data?: TooltipDatum }): string {
  const d = p.data;
  if (!d?.name) return '';
  const head = `${d.name}<br/>${d.quant}, rank ${d.rank}`;
  if (d.note) return `${head}<br/>${d.note}`;
  return `${head}<br/>accuracy ${((d.value[1] as number) * 100).toFixed(1)}%<br/>peak ${(d.value[0] as number).toFixed(1)} MiB`;
}

/** A pruned run's note: why early termination stopped it (the run's `prunedReason`), and its predicted memory. */
export function prunedNote(p: { prunedRung: number | null; prunedReason: string | null; predictedMemoryBytes: number }): string {
  const why = p.prunedReason ? escapeHtml(p.prunedReason) : `pruned at step ${p.prunedRung ?? '?'}`;
  return `${why}<br/>no accuracy (measured only at the end)<br/>predicted ${(p.predictedMemoryBytes / MIB).toFixed(1)} MiB`;
}
