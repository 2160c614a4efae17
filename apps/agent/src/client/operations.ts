import type { QuantType, RunConfig, RunStatus, SweepPlanInput, SweepSpecInput } from '@loralab/core';
import type { GraphqlClient } from './graphql-client';

/** Typed wrappers for the operations the CLI and the agent use (names follow schema.graphql). */

const RUN_CONFIG = `config { baseModel dataset rank alpha quantization doubleQuant targetModules learningRate dropout warmupRatio steps batchSize sequenceLength evalInterval seed }`;
const RUN_SUMMARY = `summary { accuracy evalLoss perplexity peakMemoryBytes predictedMemoryBytes trainableParams totalParams tokensPerSecond durationSeconds memory { baseWeights adapters gradients optimizerState activations } }`;
export const RUN_FIELDS = `id ordinal status attempt maxAttempts predictedMemoryBytes error cancelRequested ${RUN_CONFIG} ${RUN_SUMMARY}`;

export interface MemoryBreakdownDto {
  baseWeights: number;
  adapters: number;
  gradients: number;
  optimizerState: number;
  activations: number;
}

export interface RunSummaryDto {
  accuracy: number;
  evalLoss: number;
  perplexity?: number | null;
  peakMemoryBytes: number;
  memory: MemoryBreakdownDto;
  predictedMemoryBytes: number;
  trainableParams: number;
  totalParams: number;
  tokensPerSecond: number;
  durationSeconds: number;
}

export interface RunDto {
  id: string;
  ordinal: number;
  status: RunStatus;
  attempt: number;
  maxAttempts: number;
  predictedMemoryBytes: number | null;
  error: string | null;
  cancelRequested: boolean;
  config: RunConfig;
  summary: RunSummaryDto | null;
}

export interface SweepDto {
  id: string;
  name: string;
  method: string;
  status: string;
  runCount: number;
  baseModel: string;
  dataset: string;
  createdAt: string;
  progress: { total: number; queued: number; running: number; succeeded: number; failed: number; cancelled: number; fractionDone: number };
}

const SWEEP_FIELDS = `id name method status runCount baseModel dataset createdAt progress { total queued running succeeded failed cancelled fractionDone }`;

export interface ComparisonPairDto {
  baseline: RunDto;
  quantized: RunDto;
  quantization: QuantType;
  accuracyDelta: number;
  memoryRatio: number;
}

export interface ArtifactDto {
  id: string;
  kind: string;
  name: string;
  sizeBytes: number;
  sha256: string;
  createdAt: string;
}

export class LoralabApi {
  constructor(readonly client: GraphqlClient) {}

  async registerAgent(input: { name: string; backend: string; hostname: string; deviceMemoryBytes: number | null }) {
    const d = await this.client.request<{ registerAgent: { agent: { id: string }; leaseSeconds: number } }>(
      `mutation($input: RegisterAgentInput!) { registerAgent(input: $input) { agent { id } leaseSeconds } }`,
      { input },
    );
    return d.registerAgent;
  }

  async claimRun(input: { agentId: string; sweepId?: string | null; maxMemoryBytes?: number | null }) {
    const d = await this.client.request<{ claimRun: { run: RunDto | null; leaseSeconds: number } }>(
      `mutation($input: ClaimRunInput!) { claimRun(input: $input) { leaseSeconds run { ${RUN_FIELDS} } } }`,
      { input },
    );
    return d.claimRun;
  }

  async heartbeat(agentId: string, runId: string | null) {
    const d = await this.client.request<{ heartbeat: { cancelRequested: boolean; leaseExpiresAt: string | null } }>(
      `mutation($input: HeartbeatInput!) { heartbeat(input: $input) { cancelRequested leaseExpiresAt } }`,
      { input: { agentId, runId } },
    );
    return d.heartbeat;
  }

  async logMetrics(runId: string, agentId: string, points: { key: string; step: number; value: number }[]) {
    const d = await this.client.request<{ logMetrics: { received: number; stored: number } }>(
      `mutation($input: LogMetricsInput!) { logMetrics(input: $input) { received stored } }`,
      { input: { runId, agentId, points } },
    );
    return d.logMetrics;
  }

  async completeRun(runId: string, agentId: string, summary: RunSummaryDto) {
    const d = await this.client.request<{ completeRun: { run: { id: string; status: RunStatus } } }>(
      `mutation($input: CompleteRunInput!) { completeRun(input: $input) { run { id status } } }`,
      { input: { runId, agentId, summary } },
    );
    return d.completeRun.run;
  }

  async failRun(runId: string, agentId: string, error: string, retryable: boolean) {
    const d = await this.client.request<{ failRun: { run: { id: string; status: RunStatus } } }>(
      `mutation($input: FailRunInput!) { failRun(input: $input) { run { id status } } }`,
      { input: { runId, agentId, error, retryable } },
    );
    return d.failRun.run;
  }

  async releaseRun(runId: string, agentId: string) {
    const d = await this.client.request<{ releaseRun: { run: { id: string; status: RunStatus } } }>(
      `mutation($input: ReleaseRunInput!) { releaseRun(input: $input) { run { id status } } }`,
      { input: { runId, agentId } },
    );
    return d.releaseRun.run;
  }

  async cancelRun(id: string) {
    const d = await this.client.request<{ cancelRun: { run: { id: string; status: RunStatus } } }>(
      `mutation($input: CancelRunInput!) { cancelRun(input: $input) { run { id status } } }`,
      { input: { id } },
    );
    return d.cancelRun.run;
  }

  async projects(): Promise<{ id: string; name: string }[]> {
    const d = await this.client.request<{ projects: { nodes: { id: string; name: string }[] } }>(
      `{ projects(first: 100) { nodes { id name } } }`,
    );
    return d.projects.nodes;
  }

  async createProject(name: string) {
    const d = await this.client.request<{ createProject: { project: { id: string; name: string } } }>(
      `mutation($input: CreateProjectInput!) { createProject(input: $input) { project { id name } } }`,
      { input: { name } },
    );
    return d.createProject.project;
  }

  async createSweep(input: SweepSpecInput & { projectId: string }) {
    const d = await this.client.request<{ createSweep: { sweep: SweepDto } }>(
      `mutation($input: CreateSweepInput!) { createSweep(input: $input) { sweep { ${SWEEP_FIELDS} } } }`,
      { input },
    );
    return d.createSweep.sweep;
  }

  async sweeps(): Promise<SweepDto[]> {
    const d = await this.client.request<{ sweeps: { nodes: SweepDto[] } }>(`{ sweeps(first: 100) { nodes { ${SWEEP_FIELDS} } } }`);
    return d.sweeps.nodes;
  }

  async sweep(id: string): Promise<SweepDto & { paretoFront: RunDto[]; comparison: ComparisonPairDto[] }> {
    const d = await this.client.request<{ sweep: SweepDto & { paretoFront: RunDto[]; comparison: ComparisonPairDto[] } }>(
      `query($id: ID!) { sweep(id: $id) { ${SWEEP_FIELDS}
        paretoFront { ${RUN_FIELDS} }
        comparison { quantization accuracyDelta memoryRatio baseline { ${RUN_FIELDS} } quantized { ${RUN_FIELDS} } } } }`,
      { id },
    );
    return d.sweep;
  }

  async runs(sweepId: string): Promise<RunDto[]> {
    const out: RunDto[] = [];
    let after: string | null = null;
    for (;;) {
      const d: { sweep: { runs: { nodes: RunDto[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } } =
        await this.client.request(
          `query($id: ID!, $after: String) { sweep(id: $id) { runs(first: 100, after: $after, orderBy: { field: ORDINAL }) {
            nodes { ${RUN_FIELDS} } pageInfo { hasNextPage endCursor } } } }`,
          { id: sweepId, after },
        );
      out.push(...d.sweep.runs.nodes);
      if (!d.sweep.runs.pageInfo.hasNextPage) return out;
      after = d.sweep.runs.pageInfo.endCursor;
    }
  }

  async cancelSweep(id: string) {
    const d = await this.client.request<{ cancelSweep: { sweep: SweepDto; cancelledRuns: number; stoppingRuns: number } }>(
      `mutation($input: CancelSweepInput!) { cancelSweep(input: $input) { cancelledRuns stoppingRuns sweep { ${SWEEP_FIELDS} } } }`,
      { input: { id } },
    );
    return d.cancelSweep;
  }

  async estimateMemory(input: SweepPlanInput) {
    const d = await this.client.request<{
      estimateMemory: { runCount: number; configurations: { config: RunConfig; memory: (MemoryBreakdownDto & { total: number }) | null }[] };
    }>(
      `query($input: SweepPlanInput!) { estimateMemory(input: $input) { runCount configurations { ${RUN_CONFIG}
        memory { baseWeights adapters gradients optimizerState activations total } } } }`,
      { input },
    );
    return d.estimateMemory;
  }

  async run(id: string): Promise<RunDto> {
    const d = await this.client.request<{ run: RunDto }>(`query($id: ID!) { run(id: $id) { ${RUN_FIELDS} } }`, { id });
    return d.run;
  }

  async runArtifacts(id: string): Promise<{ artifacts: ArtifactDto[]; latestCheckpoint: ArtifactDto | null }> {
    const d = await this.client.request<{ run: { artifacts: ArtifactDto[]; latestCheckpoint: ArtifactDto | null } }>(
      `query($id: ID!) { run(id: $id) { artifacts { id kind name sizeBytes sha256 createdAt } latestCheckpoint { id kind name sizeBytes sha256 createdAt } } }`,
      { id },
    );
    return d.run;
  }

  async metrics(runId: string, keys?: string[]) {
    const d = await this.client.request<{ run: { metrics: { key: string; points: { step: number; value: number }[] }[] } }>(
      `query($id: ID!, $keys: [String!]) { run(id: $id) { metrics(keys: $keys, maxPoints: 10000) { key points { step value } } } }`,
      { id: runId, keys: keys ?? null },
    );
    return d.run.metrics;
  }
}
