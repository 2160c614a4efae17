import { graphql, type LoralabClient, type ResultOf, type RunErrorDetailInput, type SweepPlanInput, type VariablesOf } from '@loralab/client';
import { spaceToGraphQLInput, type SweepSpecInput } from '@loralab/core';

type CreateSweepInput = VariablesOf<typeof CreateSweep>['input'];

/** A sweep file's spec (core's shape: ranges beside lists) as GraphQL input (ranges in their `…Range` fields). */
function toGraphQLSpace<T extends { space: object }>(input: T): T {
  return { ...input, space: spaceToGraphQLInput(input.space as Record<string, unknown>) };
}

// The operations of the agent and the CLI, as documents checked against schema.graphql by
// `npm run codegen` (result and variable types come from there, never written by hand).

graphql(`
  fragment AgentRunFields on Run {
    id ordinal status attempt maxAttempts predictedMemoryBytes error errorDetail { code file line row field } cancelRequested prunedRung prunedReason
    config { baseModel dataset rank alpha quantization doubleQuant targetModules learningRate dropout warmupRatio steps batchSize gradientAccumulation sequenceLength activationBudgetMiB evalBatchSize evalInterval seed datasetSettings { format trainOn packing evalDataset evalFraction } }
    summary {
      accuracy accuracyMetric evalLoss perplexity peakMemoryBytes predictedMemoryBytes trainableParams totalParams tokensPerSecond durationSeconds evalBatchSize evalPeakMemoryBytes
      memory { baseWeights adapters gradients optimizerState activations }
    }
  }
`);

graphql(`
  fragment AgentSweepFields on Sweep {
    id name method status runCount baseModel dataset createdAt
    progress { total queued running succeeded failed cancelled pruned fractionDone }
  }
`);

graphql(`
  fragment AgentArtifactFields on Artifact { id kind name sizeBytes sha256 createdAt }
`);

const RegisterAgent = graphql(`
  mutation AgentRegister($input: RegisterAgentInput!) { registerAgent(input: $input) { agent { id } leaseSeconds } }
`);
const ClaimRun = graphql(`
  mutation AgentClaimRun($input: ClaimRunInput!) { claimRun(input: $input) { leaseSeconds run { ...AgentRunFields } } }
`);
const Heartbeat = graphql(`
  mutation AgentHeartbeat($input: HeartbeatInput!) { heartbeat(input: $input) { cancelRequested leaseExpiresAt } }
`);
const LogMetrics = graphql(`
  mutation AgentLogMetrics($input: LogMetricsInput!) { logMetrics(input: $input) { received stored } }
`);
const CompleteRun = graphql(`
  mutation AgentCompleteRun($input: CompleteRunInput!) { completeRun(input: $input) { run { id status } } }
`);
const FailRun = graphql(`
  mutation AgentFailRun($input: FailRunInput!) { failRun(input: $input) { run { id status } } }
`);
const ReleaseRun = graphql(`
  mutation AgentReleaseRun($input: ReleaseRunInput!) { releaseRun(input: $input) { run { id status } } }
`);
const CancelRun = graphql(`
  mutation CliCancelRun($input: CancelRunInput!) { cancelRun(input: $input) { run { id status } } }
`);
const Projects = graphql(`
  query CliProjects { projects(first: 100) { nodes { id name } } }
`);
const CreateProject = graphql(`
  mutation CliCreateProject($input: CreateProjectInput!) { createProject(input: $input) { project { id name } } }
`);
const CreateSweep = graphql(`
  mutation CliCreateSweep($input: CreateSweepInput!) { createSweep(input: $input) { sweep { ...AgentSweepFields maxRuns infeasible { predictedMemoryBytes } } } }
`);
const Sweeps = graphql(`
  query CliSweeps { sweeps(first: 100) { nodes { ...AgentSweepFields } } }
`);
const Sweep = graphql(`
  query CliSweep($id: ID!) {
    sweep(id: $id) {
      ...AgentSweepFields
      paretoFront { ...AgentRunFields }
      space { quantization alphaRange { min } learningRateRange { min } dropoutRange { min } }
      comparison { quantization accuracyDelta memoryRatio baseline { ...AgentRunFields } quantized { ...AgentRunFields } }
      infeasible { predictedMemoryBytes config { baseModel dataset rank alpha quantization doubleQuant targetModules learningRate dropout warmupRatio steps batchSize gradientAccumulation sequenceLength activationBudgetMiB evalBatchSize evalInterval seed datasetSettings { format trainOn packing evalDataset evalFraction } } }
      hypervolume { referenceMemoryBytes points { succeededRuns hypervolume } }
      earlyTerminationSavings { prunedRuns endedRuns stepsTrained stepsFull fractionSaved }
    }
  }
`);
const SweepRuns = graphql(`
  query CliSweepRuns($id: ID!, $after: String) {
    sweep(id: $id) {
      runs(first: 100, after: $after, orderBy: { field: ORDINAL }) { nodes { ...AgentRunFields } pageInfo { hasNextPage endCursor } }
    }
  }
`);
const CancelSweep = graphql(`
  mutation CliCancelSweep($input: CancelSweepInput!) {
    cancelSweep(input: $input) { cancelledRuns stoppingRuns sweep { ...AgentSweepFields } }
  }
`);
const EstimateMemory = graphql(`
  query CliEstimateMemory($input: SweepPlanInput!) {
    estimateMemory(input: $input) {
      memoryCorrection { base byTargets { targetModules correction } }
      runCount
      configurations {
        config { baseModel dataset rank alpha quantization doubleQuant targetModules learningRate dropout warmupRatio steps batchSize gradientAccumulation sequenceLength activationBudgetMiB evalBatchSize evalInterval seed datasetSettings { format trainOn packing evalDataset evalFraction } }
        memory { baseWeights adapters gradients optimizerState activations total }
        correction correctionSource
      }
      infeasible {
        config { rank quantization doubleQuant targetModules learningRate }
        memory { total }
        correction correctionSource
      }
    }
  }
`);
const Run = graphql(`
  query CliRun($id: ID!) { run(id: $id) { ...AgentRunFields } }
`);
const RunArtifacts = graphql(`
  query AgentRunArtifacts($id: ID!) {
    run(id: $id) { artifacts { ...AgentArtifactFields } latestCheckpoint { ...AgentArtifactFields } }
  }
`);
const RunMetrics = graphql(`
  query CliRunMetrics($id: ID!, $keys: [String!]) {
    run(id: $id) { metrics(keys: $keys, maxPoints: 10000) { key points { step value } } }
  }
`);

export type RunDto = ResultOf<typeof Run>['run'];
export type RunSummaryDto = VariablesOf<typeof CompleteRun>['input']['summary'];
export type SweepDto = ResultOf<typeof Sweeps>['sweeps']['nodes'][number];
export type SweepDetailDto = ResultOf<typeof Sweep>['sweep'];
export type ComparisonPairDto = SweepDetailDto['comparison'][number];
/** A configuration as `estimate` prints it (a queued or an infeasible one). */
export type EstimateConfig = ResultOf<typeof EstimateMemory>['estimateMemory']['infeasible'][number]['config'];
export type ArtifactDto = ResultOf<typeof RunArtifacts>['run']['artifacts'][number];
/** A sweep as the CLI sends it: the API's SweepPlanInput. */
/** What `estimate` sends: core's plan (ranges beside lists), converted to GraphQL input on the way. */
export type SweepPlan = Omit<SweepSpecInput, 'name' | 'maxAttempts'>;

/** The operations of the agent and the CLI, over the one client of @loralab/client. */
export class LoralabApi {
  constructor(readonly client: LoralabClient) {}

  async registerAgent(input: VariablesOf<typeof RegisterAgent>['input']) {
    return (await this.client.request(RegisterAgent, { input })).registerAgent;
  }

  async claimRun(input: VariablesOf<typeof ClaimRun>['input']) {
    return (await this.client.request(ClaimRun, { input })).claimRun;
  }

  async heartbeat(agentId: string, runId: string | null) {
    return (await this.client.request(Heartbeat, { input: { agentId, runId } })).heartbeat;
  }

  /** `supersede`: for each entry, the points of its series after its step, stored before, are replaced (an out-of-memory retry logs them anew). */
  async logMetrics(runId: string, agentId: string, points: { key: string; step: number; value: number }[], supersede?: { afterStep: number; keys: string[] }[]) {
    return (await this.client.request(LogMetrics, { input: { runId, agentId, points, supersede } })).logMetrics;
  }

  async completeRun(runId: string, agentId: string, summary: RunSummaryDto) {
    return (await this.client.request(CompleteRun, { input: { runId, agentId, summary } })).completeRun.run;
  }

  async failRun(runId: string, agentId: string, error: string, retryable: boolean, errorDetail?: RunErrorDetailInput) {
    return (await this.client.request(FailRun, { input: { runId, agentId, error, retryable, errorDetail } })).failRun.run;
  }

  async releaseRun(runId: string, agentId: string) {
    return (await this.client.request(ReleaseRun, { input: { runId, agentId } })).releaseRun.run;
  }

  async cancelRun(id: string) {
    return (await this.client.request(CancelRun, { input: { id } })).cancelRun.run;
  }

  async projects() {
    return (await this.client.request(Projects)).projects.nodes;
  }

  async createProject(name: string) {
    return (await this.client.request(CreateProject, { input: { name } })).createProject.project;
  }

  async createSweep(input: Omit<SweepSpecInput, 'space'> & { space: SweepSpecInput['space'] | CreateSweepInput['space']; projectId: string }) {
    return (await this.client.request(CreateSweep, { input: toGraphQLSpace(input) as CreateSweepInput })).createSweep.sweep;
  }

  async sweeps(): Promise<SweepDto[]> {
    return (await this.client.request(Sweeps)).sweeps.nodes;
  }

  async sweep(id: string): Promise<SweepDetailDto> {
    return (await this.client.request(Sweep, { id })).sweep;
  }

  async runs(sweepId: string): Promise<RunDto[]> {
    const out: RunDto[] = [];
    let after: string | null = null;
    for (;;) {
      const page: ResultOf<typeof SweepRuns> = await this.client.request(SweepRuns, { id: sweepId, after });
      const runs = page.sweep.runs;
      out.push(...runs.nodes);
      if (!runs.pageInfo.hasNextPage) return out;
      after = runs.pageInfo.endCursor ?? null;
    }
  }

  async cancelSweep(id: string) {
    return (await this.client.request(CancelSweep, { input: { id } })).cancelSweep;
  }

  async estimateMemory(input: SweepPlan) {
    return (await this.client.request(EstimateMemory, { input: toGraphQLSpace(input) as SweepPlanInput })).estimateMemory;
  }

  async run(id: string): Promise<RunDto> {
    return (await this.client.request(Run, { id })).run;
  }

  async runArtifacts(id: string) {
    return (await this.client.request(RunArtifacts, { id })).run;
  }

  async metrics(runId: string, keys?: string[]) {
    return (await this.client.request(RunMetrics, { id: runId, keys: keys ?? null })).run.metrics;
  }
}
