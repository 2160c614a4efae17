'use client';

import { useMemo } from 'react';
import { EChart } from './echart';

const PARTS = ['baseWeights', 'adapters', 'gradients', 'optimizerState', 'activations'] as const;
const LABELS: Record<(typeof PARTS)[number], string> = {
  baseWeights: 'Base weights',
  adapters: 'Adapters',
  gradients: 'Gradients',
  optimizerState: 'Optimizer state',
  activations: 'Activations',
};

/** Measured peak by component, stacked, beside the estimator's predicted total. */
export function MemoryChart({ measured, predicted }: { measured: Record<(typeof PARTS)[number], number>; predicted: number }) {
  const option = useMemo(() => {
    const mib = (b: number) => Math.round((b / 1048576) * 100) / 100;
    return {
      animation: false,
      legend: { top: 0 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 110, right: 24, top: 40, bottom: 40 },
      xAxis: { type: 'value', name: 'MiB', nameLocation: 'middle', nameGap: 26 },
      yAxis: { type: 'category', data: ['Measured', 'Estimator'] },
      series: [
        ...PARTS.map((k) => ({ name: LABELS[k], type: 'bar', stack: 'm', data: [mib(measured[k]), null] })),
        { name: 'Estimator total', type: 'bar', stack: 'm', itemStyle: { color: '#8c959f' }, data: [null, mib(predicted)] },
      ],
    };
  }, [measured, predicted]);
  return <EChart option={option} height={240} label="Measured memory by component against the predicted total" />;
}
