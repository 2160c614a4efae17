/*
 * Extents of the parallel-coordinates axes, computed from every run. ECharts 5.6 drew each
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
