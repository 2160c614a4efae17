'use client';

import { useMemo } from 'react';
import { EChart } from './echart';
import { QUANT_COLORS } from './colors';
import { logAxisExtent, valueAxisExtent, wrapTargets } from './axis-extent';

export interface ParallelRun {
  rank: number;
  alpha: number;
  quantization: string;
  targets: string;
  learningRate: number;
  accuracy: number;
  peakMemoryMiB: number;
}

const QUANTS = ['FP32', 'FP16', 'INT8', 'INT4', 'FP4', 'NF4'];

/** rank, alpha, quantization, targets, lr → accuracy, memory. */
export function ParallelCoordinates({ runs }: { runs: ParallelRun[] }) {
  const option = useMemo(() => {
    const targets = [...new Set(runs.map((r) => r.targets))];
    const quants = QUANTS.filter((q) => runs.some((r) => r.quantization === q));
    return {
      animation: false,
      parallelAxis: [
        { dim: 0, name: 'rank', type: 'log', logBase: 2, ...logAxisExtent(runs.map((r) => r.rank), 2) },
        { dim: 1, name: 'alpha', min: 0, max: Math.max(1, ...runs.map((r) => r.alpha)) },
        { dim: 2, name: 'quantization', type: 'category', data: quants },
        { dim: 3, name: 'targets', type: 'category', data: targets, axisLabel: { formatter: (v: string) => wrapTargets(v), lineHeight: 14 } },
        { dim: 4, name: 'lr', type: 'log', ...logAxisExtent(runs.map((r) => r.learningRate), 10) },
        { dim: 5, name: 'accuracy', min: 0, max: 1 },
        // Peaks differ by a few percent between runs: an axis from 0 would draw them as one point.
        { dim: 6, name: 'memory MiB', ...valueAxisExtent(runs.map((r) => r.peakMemoryMiB)) },
      ],
      parallel: { left: 50, right: 80, top: 40, bottom: 50 },
      series: quants.map((q) => ({
        name: q,
        type: 'parallel',
        lineStyle: { width: 1, opacity: runs.length > 500 ? 0.25 : 0.6, color: QUANT_COLORS[q] },
        progressive: 500,
        data: runs
          .filter((r) => r.quantization === q)
          .map((r) => [r.rank, r.alpha, r.quantization, r.targets, r.learningRate, r.accuracy, r.peakMemoryMiB]),
      })),
      legend: { bottom: 0 },
    };
  }, [runs]);
  if (!runs.length) return <div className="empty">No finished runs yet.</div>;
  return <EChart option={option} label={`Parallel coordinates of ${runs.length} finished runs`} />;
}
