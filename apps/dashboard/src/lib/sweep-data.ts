import { cache } from 'react';
import { graphql, type ChartRunFragment, type QuantType, type ResultOf } from '@loralab/client';
import { comparisonKey, matchedPairs } from '@loralab/core';
import { apiClient } from './session';

/** A finished run as the charts plot it. */
export type ChartRun = ChartRunFragment;

export interface PairRow {
  quantization: QuantType;
  accuracyDelta: number;
  memoryRatio: number;
  baseline: ChartRun;
  quantized: ChartRun;
}

graphql(`
  fragment ChartRun on Run {
    id ordinal status
    config { rank alpha quantization targetModules learningRate dropout seed }
    summary { accuracy peakMemoryBytes }
  }
`);

const SweepDetailQuery = graphql(`
  query SweepDetail($id: ID!) {
    sweep(id: $id) {
      id name status method baseModel dataset runCount createdAt bestAccuracy lowestPeakMemoryBytes
      project { id name }
      training { steps batchSize sequenceLength }
      progress { total queued running succeeded failed cancelled fractionDone }
      paretoFront { id }
    }
  }
`);
export type SweepDetail = ResultOf<typeof SweepDetailQuery>['sweep'];

const FinishedRunsQuery = graphql(`
  query FinishedRuns($id: ID!, $after: String) {
    sweep(id: $id) {
      runs(first: 1000, after: $after, filter: { status: [SUCCEEDED] }) { nodes { ...ChartRun } pageInfo { hasNextPage endCursor } }
    }
  }
`);

/** The sweep with its front and matched pairs (deduplicated per request). */
export const loadSweep = cache(async (id: string): Promise<SweepDetail> => {
  const client = await apiClient();
  const data = await client.request(SweepDetailQuery, { id });
  return data.sweep;
});

/**
 * LoRA/QLoRA matched pairs. The API's `Sweep.comparison` returned its runs without ids (fixed
 * on main since), so the pairs are formed here from the finished runs with the same pure
 * function of @loralab/core that the API uses.
 */
export const loadComparison = cache(async (id: string): Promise<PairRow[]> => {
  const runs = await loadFinishedRuns(id);
  const scored = runs
    .filter((r) => r.summary)
    .map((r) => ({
      id: r.id,
      run: r,
      accuracy: r.summary!.accuracy,
      peakMemoryBytes: r.summary!.peakMemoryBytes,
      quantization: r.config.quantization,
      matchKey: comparisonKey(r.config),
    }));
  return matchedPairs(scored).map((p) => ({
    quantization: p.quantized.quantization,
    accuracyDelta: p.accuracyDelta,
    memoryRatio: p.memoryRatio,
    baseline: p.baseline.run,
    quantized: p.quantized.run,
  }));
});

/** Every succeeded run of the sweep, for the charts (pages of 1000). */
export const loadFinishedRuns = cache(async (id: string): Promise<ChartRun[]> => {
  const client = await apiClient();
  const runs: ChartRun[] = [];
  let after: string | null = null;
  for (let i = 0; i < 20; i++) {
    const data: ResultOf<typeof FinishedRunsQuery> = await client.request(FinishedRunsQuery, { id, after });
    runs.push(...data.sweep.runs.nodes);
    if (!data.sweep.runs.pageInfo.hasNextPage) break;
    after = data.sweep.runs.pageInfo.endCursor;
  }
  return runs;
});
