import { cache } from 'react';
import { gql, type RunStatus } from '@loralab/client';
import type { ReportPair, ReportRun, RunConfig } from '@loralab/core';
import { apiClient } from './session';

export interface ChartRun extends ReportRun {
  status: RunStatus;
  config: Pick<RunConfig, 'rank' | 'alpha' | 'quantization' | 'doubleQuant' | 'targetModules' | 'learningRate' | 'dropout' | 'warmupRatio' | 'seed'>;
  summary: { accuracy: number; peakMemoryBytes: number; predictedMemoryBytes: number } | null;
  predictedMemoryBytes: number | null;
}

export type PairRow = ReportPair<ChartRun>;

export interface SweepDetail {
  id: string;
  name: string;
  status: string;
  method: string;
  baseModel: string;
  dataset: string;
  runCount: number;
  createdAt: string;
  bestAccuracy: number | null;
  lowestPeakMemoryBytes: number | null;
  project: { id: string; name: string };
  training: { steps: number; batchSize: number; sequenceLength: number };
  progress: { total: number; queued: number; running: number; succeeded: number; failed: number; cancelled: number; fractionDone: number };
  /** Non-dominated SUCCEEDED runs, by peak memory ascending, as the API computes them. */
  paretoFront: ChartRun[];
}

const CHART_RUN = gql`
  fragment ChartRun on Run {
    id ordinal status predictedMemoryBytes
    config { rank alpha quantization doubleQuant targetModules learningRate dropout warmupRatio seed }
    summary { accuracy peakMemoryBytes predictedMemoryBytes }
  }
`;

/** The sweep with its Pareto front (deduplicated per request). */
export const loadSweep = cache(async (id: string): Promise<SweepDetail> => {
  const client = await apiClient();
  const data = await client.request<{ sweep: SweepDetail }>(
    gql`query SweepDetail($id: ID!) {
      sweep(id: $id) {
        id name status method baseModel dataset runCount createdAt bestAccuracy lowestPeakMemoryBytes
        project { id name }
        training { steps batchSize sequenceLength }
        progress { total queued running succeeded failed cancelled fractionDone }
        paretoFront { ...ChartRun }
      }
    } ${CHART_RUN}`,
    { id },
  );
  return data.sweep;
});

/** LoRA/QLoRA matched pairs, as the API computes and caches them (`Sweep.comparison`). */
export const loadComparison = cache(async (id: string): Promise<PairRow[]> => {
  const client = await apiClient();
  const data = await client.request<{ sweep: { comparison: PairRow[] } }>(
    gql`query SweepComparison($id: ID!) {
      sweep(id: $id) { comparison { quantization accuracyDelta memoryRatio baseline { ...ChartRun } quantized { ...ChartRun } } }
    } ${CHART_RUN}`,
    { id },
  );
  return data.sweep.comparison;
});

/** Every succeeded run of the sweep, for the scatter charts (pages of 1000); the report needs only the front and the pairs. */
export const loadFinishedRuns = cache(async (id: string): Promise<ChartRun[]> => {
  const client = await apiClient();
  const runs: ChartRun[] = [];
  let after: string | null = null;
  for (let i = 0; i < 20; i++) {
    const data: { sweep: { runs: { nodes: ChartRun[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } } =
      await client.request(
        gql`query FinishedRuns($id: ID!, $after: String) {
          sweep(id: $id) { runs(first: 1000, after: $after, filter: { status: [SUCCEEDED] }) {
            nodes { ...ChartRun } pageInfo { hasNextPage endCursor } } }
        } ${CHART_RUN}`,
        { id, after },
      );
    runs.push(...data.sweep.runs.nodes);
    if (!data.sweep.runs.pageInfo.hasNextPage) break;
    after = data.sweep.runs.pageInfo.endCursor;
  }
  return runs;
});
