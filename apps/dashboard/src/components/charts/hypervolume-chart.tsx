'use client';

import { useMemo } from 'react';
import { EChart } from './echart';

export interface HypervolumePoint {
  succeededRuns: number;
  hypervolume: number;
}

/** The axis end: up to a round number (0.7, 0.06), at most 1. */
function roundUp(x: number): number {
  if (!(x > 0)) return 1;
  const step = 10 ** Math.floor(Math.log10(x));
  return Math.min(1, Number((Math.ceil(x / step) * step).toPrecision(2)));
}

/** The Pareto front's hypervolume after each finished run (from `Sweep.hypervolume`), as a step line. */
export function HypervolumeChart({ points }: { points: HypervolumePoint[] }) {
  const option = useMemo(
    () => ({
      animation: false,
      grid: { left: 56, right: 24, top: 24, bottom: 44 },
      tooltip: {
        trigger: 'axis',
        formatter: (ps: Array<{ data: number[] }>) => (ps[0] ? `after ${ps[0].data[0]} finished run${ps[0].data[0] === 1 ? '' : 's'}: ${ps[0].data[1].toFixed(3)}` : ''),
      },
      xAxis: { type: 'value', name: 'Finished runs', nameLocation: 'middle', nameGap: 26, min: 0, max: Math.max(1, points.length), minInterval: 1 },
      // From 0, up to what the data needs: early fronts hold a small share of the box.
      yAxis: { type: 'value', name: 'Hypervolume', min: 0, max: (v: { max: number }) => roundUp(v.max * 1.15) },
      series: [
        {
          name: 'Hypervolume',
          type: 'line',
          step: 'end',
          symbolSize: 6,
          showSymbol: points.length <= 60,
          lineStyle: { color: '#0b5cad', width: 2 },
          itemStyle: { color: '#0b5cad' },
          areaStyle: { color: 'rgba(11, 92, 173, 0.12)' },
          // Before the first finished run the front is empty: 0.
          data: [[0, 0], ...points.map((p) => [p.succeededRuns, p.hypervolume])],
        },
      ],
    }),
    [points],
  );
  if (!points.length) return <div className="empty">No finished runs yet: the hypervolume grows as runs succeed.</div>;
  const last = points[points.length - 1];
  return <EChart option={option} height={240} label={`Hypervolume of the Pareto front after each of ${points.length} finished runs, now ${last.hypervolume.toFixed(3)}`} />;
}
