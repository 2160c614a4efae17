'use client';

import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, ParallelChart, ScatterChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  ParallelComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';

echarts.use([
  BarChart,
  LineChart,
  ParallelChart,
  ScatterChart,
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  ParallelComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

export type EChartsInstance = echarts.ECharts;

/** One ECharts canvas; resizes with its box. `label` describes the chart for screen readers. */
export function EChart({
  option,
  label,
  height = 380,
  onReady,
  onClick,
}: {
  option: EChartsCoreOption;
  label: string;
  height?: number;
  onReady?: (chart: EChartsInstance) => void;
  onClick?: (params: { data?: unknown; dataIndex: number; seriesIndex?: number }) => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chartRef = useRef<EChartsInstance | null>(null);

  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current, undefined, { renderer: 'canvas' });
    chartRef.current = chart;
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(ref.current);
    return () => {
      observer.disconnect();
      chart.dispose();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => {
    const chart = chartRef.current;
    if (!chart) return;
    chart.setOption(option, { notMerge: true });
    // What the chart holds, per series (name, type, points, colour), for the browser tests to
    // compare with the runs they made and to find each series' pixels in the canvas.
    const series = (chart.getOption().series ?? []) as Array<{ name?: string; type?: string; data?: unknown[] }>;
    ref.current!.dataset.series = JSON.stringify(
      series.map((s, seriesIndex) => {
        const color = chart.getVisual({ seriesIndex }, 'color');
        return { name: s.name, type: s.type, points: s.data?.length ?? 0, color: typeof color === 'string' ? color : null };
      }),
    );
    onReady?.(chart);
  }, [option, onReady]);

  useEffect(() => {
    const chart = chartRef.current;
    if (!chart || !onClick) return;
    chart.on('click', onClick as never);
    return () => {
      chart.off('click');
    };
  }, [onClick]);

  return <div ref={ref} role="img" aria-label={label} className="chart" style={{ height }} />;
}
