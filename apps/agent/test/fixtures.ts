import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoralabApi, RunDto } from '../src/client/operations';
import { projectId, waitFor } from './processes';

/** A sweep of one run (tiny model, topic JSONL) whose training takes about `steps / 25` seconds. */
export async function oneRunSweep(
  api: LoralabApi,
  name: string,
  opts: { steps: number; dataset?: string; baseModel?: string; quantization?: 'FP32' | 'NF4'; batchSize?: number; sequenceLength?: number; maxAttempts?: number } = {
    steps: 100,
  },
): Promise<{ sweepId: string; run: RunDto }> {
  const sweep = await api.createSweep({
    projectId: await projectId(api),
    name,
    method: 'GRID',
    ...(opts.maxAttempts !== undefined ? { maxAttempts: opts.maxAttempts } : {}),
    baseModel: opts.baseModel ?? 'builtin:tiny-llama',
    dataset: opts.dataset ?? 'examples/data/topics.jsonl',
    training: { steps: opts.steps, batchSize: opts.batchSize ?? 8, sequenceLength: opts.sequenceLength ?? 32, evalInterval: opts.steps, seed: 3 },
    space: { rank: [4], alpha: [16], quantization: [opts.quantization ?? 'FP32'], targetModules: [['Q_PROJ', 'V_PROJ']], learningRate: [0.01] },
  });
  const [run] = await api.runs(sweep.id);
  return { sweepId: sweep.id, run };
}

export async function lossSteps(api: LoralabApi, runId: string): Promise<number[]> {
  const [series] = await api.metrics(runId, ['train/loss']);
  return series ? series.points.map((p) => p.step) : [];
}

export function waitForStep(api: LoralabApi, runId: string, step: number, timeoutMs = 120_000): Promise<number> {
  return waitFor(`run ${runId} to reach step ${step}`, async () => {
    const steps = await lossSteps(api, runId);
    const max = steps.length ? Math.max(...steps) : 0;
    return max >= step ? max : undefined;
  }, timeoutMs, 100);
}

export const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** A small topic JSONL in `dir` whose eval split (explicit) is six lines: a final evaluation of one batch, even on a large base. */
export function smallTopicDataset(dir: string): string {
  const path = join(dir, 'topics.jsonl');
  const rows = Array.from({ length: 48 }, (_, i) =>
    JSON.stringify({ ...(i % 2 ? { text: 'ball goal race run', label: 'sport' } : { text: 'soup rice meal cake', label: 'food' }), ...(i % 8 === 0 ? { split: 'eval' } : {}) }),
  );
  writeFileSync(path, rows.join('\n') + '\n');
  return path;
}
