'use client';

import { useMemo } from 'react';
import { EChart } from './echart';

export interface Series {
  key: string;
  points: Array<{ step: number; value: number }>;
}

const isRatio = (key: string) => /acc/i.test(key);

/**
 * Series with at most this many points are drawn with a symbol at each: a line needs two points
 * to draw anything, and eval accuracy is often measured once, at the end.
 */
const FEW_POINTS = 20;

/** Loss-like series on the left axis, accuracy-like series on the right. */
export function CurvesChart({ series }: { series: Series[] }) {
  const option = useMemo(
    () => ({
      animation: false,
      legend: { top: 0, type: 'scroll' },
      tooltip: { trigger: 'axis' },
      grid: { left: 56, right: 56, top: 40, bottom: 60 },
      dataZoom: [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 8 }],
      xAxis: { type: 'value', name: 'step', nameLocation: 'middle', nameGap: 24, min: 'dataMin', max: 'dataMax' },
      yAxis: [
        { type: 'value', name: 'loss', scale: true },
        { type: 'value', name: 'accuracy', min: 0, max: 1 },
      ],
      series: series.map((s) => ({
        name: s.key,
        type: 'line',
        showSymbol: s.points.length <= FEW_POINTS,
        // A lone point filled and larger, to read as a measurement rather than a stray mark.
        symbol: s.points.length === 1 ? 'circle' : 'emptyCircle',
        symbolSize: s.points.length === 1 ? 10 : 6,
        sampling: 'lttb',
        yAxisIndex: isRatio(s.key) ? 1 : 0,
        data: s.points.map((p) => [p.step, p.value]),
      })),
    }),
    [series],
  );
  if (!series.length) return <div className="empty">No metrics logged yet.</div>;
  return <EChart option={option} label={`Training curves: ${series.map((s) => s.key).join(', ')}`} />;
}
