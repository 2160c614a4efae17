import { cache } from 'react';
import { graphql, type ChartRunFragment, type ResultOf, type RunStatus } from '@loralab/client';
import type { ReportPair } from '@loralab/core';
import { apiClient } from './session';

/** A finished run as the charts and the report use it. */
export type ChartRun = ChartRunFragment;

export type PairRow = ReportPair<ChartRun>;

graphql(`
  fragment ChartRun on Run {
    id ordinal status predictedMemoryBytes prunedRung prunedReason
    config { rank alpha quantization doubleQuant targetModules learningRate dropout warmupRatio seed }
    summary { accuracy peakMemoryBytes predictedMemoryBytes }
  }
`);

const SweepDetailQuery = graphql(`
  query SweepDetail($id: ID!) {
    sweep(id: $id) {
      id name status method maxRuns baseModel dataset runCount createdAt bestAccuracy lowestPeakMemoryBytes
      project { id name }
      training { steps batchSize sequenceLength evalInterval }
      earlyTerminate { type minSteps eta minRuns }
      constraints { maxPeakMemoryBytes }
      space { quantization alphaRange { min } learningRateRange { min } dropoutRange { min } }
      infeasible { predictedMemoryBytes config { rank alpha quantization doubleQuant targetModules learningRate dropout warmupRatio seed } }
      hypervolume { referenceMemoryBytes points { succeededRuns hypervolume } }
      progress { total queued running succeeded failed cancelled pruned fractionDone }
      earlyTerminationSavings { prunedRuns endedRuns stepsTrained stepsFull fractionSaved }
      paretoFront { ...ChartRun }
    }
  }
`);
export type SweepDetail = ResultOf<typeof SweepDetailQuery>['sweep'];

const SweepComparisonQuery = graphql(`
  query SweepComparison($id: ID!) {
    sweep(id: $id) { comparison { quantization accuracyDelta memoryRatio baseline { ...ChartRun } quantized { ...ChartRun } } }
  }
`);

const RunsByStatusQuery = graphql(`
  query RunsByStatus($id: ID!, $status: [RunStatus!]!, $after: String) {
    sweep(id: $id) {
      runs(first: 1000, after: $after, filter: { status: $status }) { nodes { ...ChartRun } pageInfo { hasNextPage endCursor } }
    }
  }
`);

/** The sweep with its Pareto front (deduplicated per request). */
export const loadSweep = cache(async (id: string): Promise<SweepDetail> => {
  const client = await apiClient();
  const data = await client.request(SweepDetailQuery, { id });
  return data.sweep;
});

/** LoRA/QLoRA matched pairs, as the API computes and caches them (`Sweep.comparison`). */
export const loadComparison = cache(async (id: string): Promise<PairRow[]> => {
  const client = await apiClient();
  const data = await client.request(SweepComparisonQuery, { id });
  return data.sweep.comparison;
});

async function loadRunsByStatus(id: string, status: RunStatus): Promise<ChartRun[]> {
  const client = await apiClient();
  const runs: ChartRun[] = [];
  let after: string | null = null;
  for (let i = 0; i < 20; i++) {
    const data: ResultOf<typeof RunsByStatusQuery> = await client.request(RunsByStatusQuery, { id, status: [status], after });
    runs.push(...data.sweep.runs.nodes);
    if (!data.sweep.runs.pageInfo.hasNextPage) break;
    after = data.sweep.runs.pageInfo.endCursor;
  }
  return runs;
}

/** Every succeeded run of the sweep, for the scatter charts (pages of 1000); the report needs only the front and the pairs. */
export const loadFinishedRuns = cache((id: string) => loadRunsByStatus(id, 'SUCCEEDED'));

/** Every run early termination stopped (with its rung), for the Pareto chart's strip. */
export const loadPrunedRuns = cache((id: string) => loadRunsByStatus(id, 'PRUNED'));
