'use client';

import { useCallback, useMemo, useRef } from 'react';
import { EChart, type EChartsInstance } from './echart';
import { QUANT_COLORS } from './colors';

export interface ComparePoint {
  quantization: string;
  label: string;
  accuracyDeltaPoints: number;
  memorySavedPct: number;
}

/** Memory saved against accuracy lost, one point per matched pair; exports itself as PNG. */
export function CompareChart({ points, fileName }: { points: ComparePoint[]; fileName: string }) {
  const chartRef = useRef<EChartsInstance | null>(null);
  const onReady = useCallback((c: EChartsInstance) => {
    chartRef.current = c;
  }, []);
  const option = useMemo(() => {
    const quants = [...new Set(points.map((p) => p.quantization))];
    return {
      animation: false,
      backgroundColor: '#fff',
      legend: { top: 0 },
      tooltip: { trigger: 'item', formatter: (p: { data: { label: string; value: number[] } }) => `${p.data.label}<br/>saved ${p.data.value[0].toFixed(1)}%<br/>Δ ${p.data.value[1].toFixed(2)} pt` },
      grid: { left: 64, right: 24, top: 36, bottom: 48 },
      xAxis: { type: 'value', name: 'Memory saved vs FP32 (%)', nameLocation: 'middle', nameGap: 28 },
      yAxis: { type: 'value', name: 'Accuracy Δ (points)', scale: true },
      series: quants.map((q) => ({
        name: q,
        type: 'scatter',
        symbolSize: 11,
        itemStyle: { color: QUANT_COLORS[q] ?? '#666' },
        data: points.filter((p) => p.quantization === q).map((p) => ({ label: p.label, value: [p.memorySavedPct, p.accuracyDeltaPoints] })),
        markLine: { silent: true, symbol: 'none', lineStyle: { color: '#999' }, data: [{ yAxis: 0 }] },
      })),
    };
  }, [points]);
  if (!points.length) return <div className="empty">No matched pairs to chart yet.</div>;
  return (
    <>
      <EChart option={option} onReady={onReady} label={`Memory saved against accuracy change for ${points.length} matched pairs`} />
      <button
        type="button"
        className="secondary"
        onClick={() => {
          const c = chartRef.current;
          if (!c) return;
          const a = document.createElement('a');
          a.href = c.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' });
          a.download = `${fileName}.png`;
          a.click();
        }}
      >
        Export PNG
      </button>
    </>
  );
}
