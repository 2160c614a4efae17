'use client';

import { useMemo } from 'react';
import { useRouter } from 'next/navigation';
import { EChart } from './echart';
import { QUANT_COLORS } from './colors';
import { paretoTooltip, prunedNote } from './pareto-tooltip';
import { labelLines, rungLabel } from './strip-labels';
import { accuracyAxis } from './axis-extent';

export interface ParetoPoint {
  id: string;
  ordinal: number;
  accuracy: number;
  peakMemoryBytes: number;
  quantization: string;
  rank: number;
}

/** A run early termination stopped: no accuracy (measured only at the end), its predicted memory. */
export interface PrunedPoint {
  id: string;
  ordinal: number;
  prunedRung: number | null;
  /** Why early termination stopped it (the run's `prunedReason`), shown in its tooltip. */
  prunedReason: string | null;
  predictedMemoryBytes: number | null;
  quantization: string;
  rank: number;
}

/** A configuration the memory budget kept out of the queue. */
export interface InfeasiblePoint {
  predictedMemoryBytes: number;
  quantization: string;
  rank: number;
}

const MIB = 1024 * 1024;
const STRIP = ['pruned', 'infeasible'];

/**
 * Accuracy against peak memory, one point per finished run, coloured by base format and sized by
 * rank, with the Pareto front. Below it, on the same memory axis, a strip of what has no accuracy:
 * pruned runs (at their predicted memory, labelled with their rung) and infeasible configurations
 * (predicted above the budget, never queued), with the budget as a vertical line.
 */
export function ParetoChart({
  points,
  frontIds,
  pruned = [],
  infeasible = [],
  budgetBytes = null,
}: {
  points: ParetoPoint[];
  frontIds: string[];
  pruned?: PrunedPoint[];
  infeasible?: InfeasiblePoint[];
  budgetBytes?: number | null;
}) {
  const router = useRouter();
  const prunedDrawn = useMemo(() => pruned.filter((p) => p.predictedMemoryBytes != null), [pruned]);
  const withStrip = prunedDrawn.length > 0 || infeasible.length > 0;
  const option = useMemo(() => {
    const maxRank = Math.max(1, ...points.map((p) => p.rank), ...prunedDrawn.map((p) => p.rank), ...infeasible.map((p) => p.rank));
    const size = (rank: number) => 6 + 14 * Math.sqrt(rank / maxRank);
    const byQuant = new Map<string, ParetoPoint[]>();
    for (const p of points) byQuant.set(p.quantization, [...(byQuant.get(p.quantization) ?? []), p]);
    const byId = new Map(points.map((p) => [p.id, p]));
    const front = frontIds.map((id) => byId.get(id)).filter((p): p is ParetoPoint => Boolean(p));
    const large = points.length > 2000;
    // One memory range for both grids, so a pruned run sits under the runs of its size.
    const xs = [...points.map((p) => p.peakMemoryBytes), ...prunedDrawn.map((p) => p.predictedMemoryBytes!), ...infeasible.map((p) => p.predictedMemoryBytes)];
    if (budgetBytes != null) xs.push(budgetBytes);
    const lo = Math.min(...xs) / MIB;
    const hi = Math.max(...xs) / MIB;
    const pad = Math.max((hi - lo) * 0.08, hi * 0.02);
    // Ends on a round step of the range (so ticks read 3.8, 4, 4.2 rather than 3.81).
    const step = 10 ** Math.floor(Math.log10(hi - lo + 2 * pad));
    const xRange = { min: Math.max(0, Math.floor((lo - pad) / step) * step), max: Math.ceil((hi + pad) / step) * step };
    const line = (label: boolean) =>
      budgetBytes != null
        ? {
            silent: true,
            symbol: 'none',
            lineStyle: { color: '#b3261e', type: 'dashed' },
            label: label ? { formatter: 'budget', color: '#b3261e' } : { show: false },
            data: [{ xAxis: budgetBytes / MIB }],
          }
        : undefined;
    const budgetLine = line(true);
    const stripBudgetLine = line(!points.length);
    const rungLabels = prunedDrawn.map((_, i) => rungLabel(prunedDrawn, i));
    const rungLines = labelLines(
      prunedDrawn.map((p) => p.predictedMemoryBytes! / MIB),
      rungLabels,
      xRange.max - xRange.min,
    );
    const memoryAxis = { type: 'value', ...xRange, axisLabel: { formatter: (v: number) => `${Number(v.toPrecision(3))}` } };
    return {
      animation: points.length < 500,
      legend: { top: 0 },
      grid: withStrip
        ? [
            { left: 60, right: 24, top: 36, bottom: 120 },
            { left: 60, right: 24, height: 44, bottom: 48 },
          ]
        : [{ left: 60, right: 24, top: 36, bottom: 48 }],
      tooltip: {
        trigger: 'item',
        formatter: paretoTooltip,
        // A pruned run's reason is a sentence: wrap it.
        extraCssText: 'max-width: 360px; white-space: normal;',
      },
      xAxis: withStrip
        ? [
            { ...memoryAxis, gridIndex: 0, axisLabel: { show: false } },
            { ...memoryAxis, gridIndex: 1, name: 'Peak memory (MiB; pruned and infeasible: predicted)', nameLocation: 'middle', nameGap: 28 },
          ]
        : [{ ...memoryAxis, name: 'Peak memory (MiB)', nameLocation: 'middle', nameGap: 28 }],
      yAxis: withStrip
        ? [
            { type: 'value', gridIndex: 0, name: 'Accuracy', scale: true, ...accuracyAxis, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
            { type: 'category', gridIndex: 1, data: STRIP, inverse: true, axisTick: { show: false } },
          ]
        : [{ type: 'value', name: 'Accuracy', scale: true, ...accuracyAxis, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } }],
      series: [
        ...[...byQuant.entries()].map(([quant, ps], i) => ({
          name: quant,
          type: 'scatter',
          large,
          itemStyle: { color: QUANT_COLORS[quant] ?? '#666', opacity: 0.8 },
          symbolSize: (_v: unknown, params: { data: { rank: number } }) => size(params.data.rank),
          data: ps.map((p) => ({ name: `run #${p.ordinal}`, id: p.id, rank: p.rank, quant, value: [p.peakMemoryBytes / MIB, p.accuracy] })),
          ...(i === 0 && budgetLine ? { markLine: budgetLine } : {}),
        })),
        {
          name: 'Pareto front',
          type: 'line',
          step: 'end',
          // A front of one run has no line to draw: a ring around its point instead (under it: z 1).
          symbol: front.length === 1 ? 'emptyCircle' : 'none',
          symbolSize: front.length === 1 ? size(front[0].rank) + 10 : 0,
          itemStyle: { color: '#111', borderWidth: 2 },
          lineStyle: { color: '#111', width: 2, type: 'dashed' },
          data: front.map((p) => ({ value: [p.peakMemoryBytes / MIB, p.accuracy] })),
          z: 1,
          silent: true,
        },
        ...(prunedDrawn.length
          ? [
              {
                name: 'Pruned',
                type: 'scatter',
                xAxisIndex: 1,
                yAxisIndex: 1,
                symbol: 'triangle',
                itemStyle: { color: '#fff', borderWidth: 2, borderColor: '#9a6700' },
                symbolSize: (_v: unknown, params: { data: { rank: number } }) => size(params.data.rank),
                // Runs pruned at the same predicted memory share one place: the first carries all their rungs.
                label: { show: prunedDrawn.length <= 30, position: 'top', fontSize: 10, color: '#6e4c00', formatter: (p: { data: { rungLabel: string } }) => p.data.rungLabel },
                data: prunedDrawn.map((p, i) => ({
                  rungLabel: rungLabels[i],
                  // Labels of runs at close memories stack upwards instead of printing over each other.
                  label: { offset: [0, -12 * rungLines[i]] },
                  name: `run #${p.ordinal} (pruned)`,
                  id: p.id,
                  rank: p.rank,
                  rung: p.prunedRung,
                  quant: p.quantization,
                  note: prunedNote({ prunedRung: p.prunedRung, prunedReason: p.prunedReason, predictedMemoryBytes: p.predictedMemoryBytes! }),
                  value: [p.predictedMemoryBytes! / MIB, 'pruned'],
                })),
                ...(stripBudgetLine ? { markLine: stripBudgetLine } : {}),
              },
            ]
          : []),
        ...(infeasible.length
          ? [
              {
                name: 'Infeasible',
                type: 'scatter',
                xAxisIndex: 1,
                yAxisIndex: 1,
                symbol: 'rect',
                itemStyle: { color: '#b3261e', opacity: 0.55 },
                symbolSize: (_v: unknown, params: { data: { rank: number } }) => size(params.data.rank) * 0.8,
                data: infeasible.map((p, i) => ({
                  name: `infeasible configuration ${i + 1}`,
                  rank: p.rank,
                  quant: p.quantization,
                  note: `predicted ${(p.predictedMemoryBytes / MIB).toFixed(1)} MiB, above the budget${budgetBytes != null ? ` of ${(budgetBytes / MIB).toFixed(1)} MiB` : ''}: never queued`,
                  value: [p.predictedMemoryBytes / MIB, 'infeasible'],
                })),
                ...(stripBudgetLine && !prunedDrawn.length ? { markLine: stripBudgetLine } : {}),
              },
            ]
          : []),
      ],
    };
  }, [points, frontIds, prunedDrawn, infeasible, budgetBytes, withStrip]);
  if (!points.length && !withStrip) return <div className="empty">No finished runs yet: the chart fills in as runs succeed.</div>;
  const extra = [prunedDrawn.length && `${prunedDrawn.length} pruned`, infeasible.length && `${infeasible.length} infeasible`].filter(Boolean).join(', ');
  return (
    <EChart
      option={option}
      height={withStrip ? 440 : 380}
      label={`Accuracy against peak memory for ${points.length} runs, with the Pareto front of ${frontIds.length} runs${extra ? `; ${extra}` : ''}`}
      onClick={(p) => {
        const id = (p.data as { id?: string } | undefined)?.id;
        if (id) router.push(`/runs/${encodeURIComponent(id)}`);
      }}
    />
  );
}
