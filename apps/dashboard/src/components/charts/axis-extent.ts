/*
 * Axes of the sweep page's charts: their extents and long labels.
 *
 * Extents of the parallel-coordinates axes are computed from every run. ECharts 5.6 drew each
 * parallel axis over the first series' values only (one series per base format here), so the
 * other series' lines left the chart: ranks 2–32 on an axis of 1–8 when the FP32 runs had ranks 2
 * and 8.
 */

/** A log axis: the powers of `base` around the values. */
export function logAxisExtent(values: number[], base: number): { min: number; max: number } {
  const exps = values.filter((v) => v > 0).map((v) => Math.log(v) / Math.log(base));
  if (!exps.length) return { min: 1, max: base };
  // A rounding guard: log2(32) may come out a hair above 5.
  const lo = Math.floor(Math.min(...exps) + 1e-9);
  const hi = Math.max(lo + 1, Math.ceil(Math.max(...exps) - 1e-9));
  return { min: base ** lo, max: base ** hi };
}

/** A value axis around the values (not from 0), its ends rounded to a tenth of their spread's order. */
export function valueAxisExtent(values: number[]): { min: number; max: number } {
  if (!values.length) return { min: 0, max: 1 };
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const step = 10 ** Math.floor(Math.log10(Math.max(hi - lo, Math.abs(hi) * 1e-3, 1e-9))) / 10;
  const min = Math.floor(lo / step + 1e-9) * step;
  const max = Math.max(min + step, Math.ceil(hi / step - 1e-9) * step);
  // Rounded to the step's digits, so that 15.2 does not read 15.200000000000001.
  const digits = Math.max(0, -Math.floor(Math.log10(step)));
  return { min: Number(min.toFixed(digits)), max: Number(max.toFixed(digits)) };
}

/**
 * The Pareto chart's accuracy axis, as ECharts takes it (its `min` and `max` are handed the data's
 * extent): within [0, 1] (ECharts' own `scale` range around one point ran from 40% to 140%),
 * 5 points beyond the values, its ends and ticks whole tens of percent
 * (an end at 16.5% printed '16%' under the 20% tick's label, and one at 10% sat half a tick from
 * it).
 */
export const accuracyAxis = {
  min: (v: { min: number }) => Math.max(0, Math.floor((v.min - 0.05) * 10 + 1e-9) / 10),
  max: (v: { max: number }) => Math.min(1, Math.ceil((v.max + 0.05) * 10 - 1e-9) / 10),
  interval: 0.1,
};

/** A targets label ('q+k+v+o+gate+up+down') in lines of about 8 characters, broken before a '+', so that it stays between its axis and the next. */
export function wrapTargets(label: string, width = 8): string {
  const lines: string[] = [];
  for (const part of label.split(/(?=\+)/)) {
    if (lines.length && lines[lines.length - 1].length + part.length <= width) lines[lines.length - 1] += part;
    else lines.push(part);
  }
  return lines.join('\n');
}
