// Seeds through the GraphQL API only: project, sweep, an agent that claims and completes runs.
import { LoralabClient, graphql, type QuantType, type TargetModule } from '@loralab/client';
import { BUILTIN_DATASETS } from '@loralab/core';

const BYTES_PER_PARAM: Record<QuantType, number> = { FP32: 4, FP16: 2, INT8: 1.03, INT4: 0.53, FP4: 0.53, NF4: 0.52 };
const ACC_PENALTY: Record<QuantType, number> = { FP32: 0, FP16: 0.001, INT8: 0.004, INT4: 0.03, FP4: 0.025, NF4: 0.012 };

export interface Claimed {
  id: string;
  predictedMemoryBytes: number | null;
  config: { rank: number; quantization: QuantType; targetModules: string[]; learningRate: number };
}

/** Deterministic fake-but-plausible results: accuracy rises with rank, quantized bases cost a little accuracy and save memory. */
export function summaryFor(run: Claimed, jitter: number) {
  const base = 2_000_000 * BYTES_PER_PARAM[run.config.quantization];
  const adapters = run.config.rank * run.config.targetModules.length * 2 * 64 * 4 * 4;
  const activations = 3_000_000;
  const memory = { baseWeights: base, adapters, gradients: adapters, optimizerState: adapters * 2, activations };
  const peak = Object.values(memory).reduce((a, b) => a + b, 0);
  const accuracy = Math.min(0.99, 0.8 + 0.02 * Math.log2(run.config.rank) - ACC_PENALTY[run.config.quantization] + jitter);
  return {
    accuracy,
    accuracyMetric: 'LABEL_ACCURACY' as const,
    evalLoss: 0.6 - accuracy / 2,
    perplexity: Math.exp(0.6 - accuracy / 2),
    peakMemoryBytes: peak,
    memory,
    predictedMemoryBytes: run.predictedMemoryBytes ?? peak * 1.05,
    trainableParams: adapters / 4,
    totalParams: 2_000_000 + adapters / 4,
    tokensPerSecond: 5000 - run.config.rank * 20,
    durationSeconds: 30 + run.config.rank,
    evalBatchSize: 4,
    evalPeakMemoryBytes: peak - adapters,
  };
}

export interface SeedOptions {
  projectName: string;
  sweepName: string;
  ranks: number[];
  quantization: QuantType[];
  targetModules: TargetModule[][];
  learningRates?: number[];
  alphas?: number[];
  /** How many runs to complete (default all). */
  complete?: number;
  /** Metric points per completed run (0: none). */
  metricPoints?: number;
}

export async function seedSweep(client: LoralabClient, o: SeedOptions) {
  const { createProject } = await client.request(
    graphql(`mutation SeedCreateProject($input: CreateProjectInput!) { createProject(input: $input) { project { id } } }`),
    { input: { name: o.projectName, description: 'seeded by the dashboard tests' } },
  );
  const projectId = createProject.project.id;
  const { createSweep } = await client.request(
    graphql(`mutation SeedCreateSweep($input: CreateSweepInput!) { createSweep(input: $input) { sweep { id runCount } } }`),
    {
      input: {
        projectId,
        name: o.sweepName,
        baseModel: 'builtin:tiny-llama',
        // The first built-in task, whatever its name (the list lives in @loralab/core).
        dataset: BUILTIN_DATASETS[0],
        training: { steps: 100, batchSize: 8, sequenceLength: 32, evalInterval: 20 },
        space: {
          rank: o.ranks,
          quantization: o.quantization,
          targetModules: o.targetModules,
          ...(o.learningRates ? { learningRate: o.learningRates } : {}),
          ...(o.alphas ? { alpha: o.alphas } : {}),
        },
      },
    },
  );
  const sweepId = createSweep.sweep.id;
  const { registerAgent } = await client.request(
    graphql(`mutation SeedRegisterAgent($input: RegisterAgentInput!) { registerAgent(input: $input) { agent { id } } }`),
    { input: { name: 'test-agent', backend: 'cpu', hostname: 'ci', deviceMemoryBytes: 8 * 1024 ** 3 } },
  );
  const agentId = registerAgent.agent.id;
  const toComplete = o.complete ?? createSweep.sweep.runCount;
  const runIds: string[] = [];
  for (let i = 0; i < toComplete; i++) {
    const { claimRun } = await client.request(
      graphql(`mutation SeedClaimRun($input: ClaimRunInput!) { claimRun(input: $input) { run { id predictedMemoryBytes config { rank quantization targetModules learningRate } } } }`),
      { input: { agentId, sweepId } },
    );
    const run = claimRun.run;
    if (!run) break;
    runIds.push(run.id);
    const points = o.metricPoints ?? 0;
    if (points > 0) {
      const batch = [];
      for (let s = 0; s < points; s++) {
        batch.push({ key: 'train/loss', step: s, value: 2.5 * Math.exp(-s / (points / 4)) + 0.3 + 0.05 * Math.sin(s) });
        if (s % 10 === 0) batch.push({ key: 'eval/accuracy', step: s, value: 0.5 + 0.4 * (1 - Math.exp(-s / (points / 3))) });
      }
      await client.request(graphql(`mutation SeedLogMetrics($input: LogMetricsInput!) { logMetrics(input: $input) { stored } }`), {
        input: { runId: run.id, agentId, points: batch },
      });
    }
    await client.request(graphql(`mutation SeedCompleteRun($input: CompleteRunInput!) { completeRun(input: $input) { run { id } } }`), {
      input: { runId: run.id, agentId, summary: summaryFor(run, ((i * 37) % 11) / 1000) },
    });
  }
  return { projectId, sweepId, agentId, runIds };
}

/** A one-run sweep whose run fails for good, with an error message, in an existing project. */
export async function seedFailedRun(client: LoralabClient, projectId: string, agentId: string, error: string) {
  const { createSweep } = await client.request(
    graphql(`mutation SeedCreateFailingSweep($input: CreateSweepInput!) { createSweep(input: $input) { sweep { id } } }`),
    {
      input: {
        projectId,
        name: 'failing-sweep',
        baseModel: 'builtin:tiny-llama',
        dataset: BUILTIN_DATASETS[0],
        maxAttempts: 1,
        space: { rank: [4], quantization: ['FP32'], targetModules: [['Q_PROJ', 'V_PROJ']] },
      },
    },
  );
  const sweepId = createSweep.sweep.id;
  const { claimRun } = await client.request(
    graphql(`mutation SeedClaimFailingRun($input: ClaimRunInput!) { claimRun(input: $input) { run { id } } }`),
    { input: { agentId, sweepId } },
  );
  if (!claimRun.run) throw new Error('nothing to claim');
  await client.request(graphql(`mutation SeedFailRun($input: FailRunInput!) { failRun(input: $input) { run { id status } } }`), {
    input: { runId: claimRun.run.id, agentId, error, retryable: false },
  });
  return { sweepId, runId: claimRun.run.id };
}
