'use client';

import { useMemo } from 'react';
import { useRouter } from 'next/navigation';
import { EChart } from './echart';
import { QUANT_COLORS } from './colors';

export interface ParetoPoint {
  id: string;
  ordinal: number;
  accuracy: number;
  peakMemoryBytes: number;
  quantization: string;
  rank: number;
}

const MIB = 1024 * 1024;

/** Accuracy against peak memory, one point per run, coloured by base format and sized by rank. */
export function ParetoChart({ points, frontIds }: { points: ParetoPoint[]; frontIds: string[] }) {
  const router = useRouter();
  const option = useMemo(() => {
    const ranks = points.map((p) => p.rank);
    const maxRank = Math.max(1, ...ranks);
    const byQuant = new Map<string, ParetoPoint[]>();
    for (const p of points) byQuant.set(p.quantization, [...(byQuant.get(p.quantization) ?? []), p]);
    const byId = new Map(points.map((p) => [p.id, p]));
    const front = frontIds.map((id) => byId.get(id)).filter((p): p is ParetoPoint => Boolean(p));
    const large = points.length > 2000;
    return {
      animation: points.length < 500,
      legend: { top: 0 },
      grid: { left: 60, right: 24, top: 36, bottom: 48 },
      tooltip: {
        trigger: 'item',
        formatter: (p: { data: { value: number[]; name: string; rank: number; quant: string } }) =>
          p.data?.name
            ? `${p.data.name}<br/>${p.data.quant}, rank ${p.data.rank}<br/>accuracy ${(p.data.value[1] * 100).toFixed(1)}%<br/>peak ${p.data.value[0].toFixed(1)} MiB`
            : '',
      },
      xAxis: { type: 'value', name: 'Peak memory (MiB)', nameLocation: 'middle', nameGap: 28, scale: true },
      yAxis: { type: 'value', name: 'Accuracy', scale: true, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
      series: [
        ...[...byQuant.entries()].map(([quant, ps]) => ({
          name: quant,
          type: 'scatter',
          large,
          itemStyle: { color: QUANT_COLORS[quant] ?? '#666', opacity: 0.8 },
          symbolSize: (_v: unknown, params: { data: { rank: number } }) => 6 + 14 * Math.sqrt(params.data.rank / maxRank),
          data: ps.map((p) => ({ name: `run #${p.ordinal}`, id: p.id, rank: p.rank, quant, value: [p.peakMemoryBytes / MIB, p.accuracy] })),
        })),
        {
          name: 'Pareto front',
          type: 'line',
          step: 'end',
          symbol: 'none',
          lineStyle: { color: '#111', width: 2, type: 'dashed' },
          data: front.map((p) => ({ value: [p.peakMemoryBytes / MIB, p.accuracy] })),
          z: 1,
          silent: true,
        },
      ],
    };
  }, [points, frontIds]);
  if (!points.length) return <div className="empty">No finished runs yet: the chart fills in as runs succeed.</div>;
  return (
    <EChart
      option={option}
      label={`Accuracy against peak memory for ${points.length} runs, with the Pareto front of ${frontIds.length} runs`}
      onClick={(p) => {
        const id = (p.data as { id?: string } | undefined)?.id;
        if (id) router.push(`/runs/${encodeURIComponent(id)}`);
      }}
    />
  );
}
