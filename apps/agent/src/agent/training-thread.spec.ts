import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunConfig } from '@loralab/core';
import { DatasetInvalidError, MlError, train, type StepMetrics } from '@loralab/ml';
import { adapterFiles, decodeCheckpoint } from './checkpoint-codec';
import { TrainingThread, type TrainingHandlers } from './training-thread';

const config: RunConfig = {
  baseModel: 'builtin:tiny-llama',
  dataset: 'builtin:topic',
  rank: 4,
  alpha: 16,
  quantization: 'NF4',
  doubleQuant: true,
  targetModules: ['Q_PROJ', 'V_PROJ'],
  learningRate: 0.01,
  dropout: 0.1,
  warmupRatio: 0.1,
  steps: 8,
  batchSize: 4,
  gradientAccumulation: 1,
  activationBudgetMiB: 1024, evalBatchSize: 0,
  sequenceLength: 32,
  evalInterval: 4,
  seed: 5,
};

const tmp = mkdtempSync(join(tmpdir(), 'loralab-training-thread-'));
const thread = new TrainingThread('wasm');
afterAll(async () => {
  await thread.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** Handlers that record what arrives, in order; checkpoints are acknowledged after `ackMs`. */
function recorder(ackMs = 0) {
  const events: string[] = [];
  const steps: StepMetrics[] = [];
  const checkpoints: { step: number; data: Buffer }[] = [];
  const handlers: TrainingHandlers = {
    onStep: (m) => {
      steps.push(m);
      events.push(`step ${m.step}`);
    },
    onOomRetry: (r) => events.push(`oom ${r.failedStep}`),
    onCheckpoint: async (step, data) => {
      checkpoints.push({ step, data });
      events.push(`checkpoint ${step}`);
      await new Promise((r) => setTimeout(r, ackMs));
      events.push(`stored ${step}`);
    },
  };
  return { events, steps, checkpoints, handlers };
}

describe('TrainingThread: training on a worker thread', () => {
  it('trains as train() does in-process: the same losses, evaluation and adapter; waits for each checkpoint to be stored', async () => {
    expect((await thread.start()).backend).toBe('wasm');
    const r = recorder(200);
    const { result, adapter } = await thread.train({ config, checkpointEvery: 3 }, r.handlers);

    const local: StepMetrics[] = [];
    const reference = await train({ config, backend: 'wasm', keepModel: true, onStep: (m) => local.push(m) });
    try {
      expect(r.steps.map((m) => m.loss)).toEqual(local.map((m) => m.loss));
      expect(r.steps.map((m) => m.evalLoss)).toEqual(local.map((m) => m.evalLoss));
      expect(result.stopped).toBe(false);
      expect([result.accuracy, result.evalLoss, result.stepsCompleted]).toEqual([reference.accuracy, reference.evalLoss, reference.stepsCompleted]);
      expect(result.peakMemoryBytes).toBe(reference.peakMemoryBytes);
      const files = adapterFiles(reference.model!);
      expect(adapter!.map((f) => f.name)).toEqual(files.map((f) => f.name));
      adapter!.forEach((f, i) => expect(Buffer.from(f.data).equals(files[i].data), f.name).toBe(true));
    } finally {
      reference.model?.dispose();
    }
    // Every 3 steps, and the step after a checkpoint only once it is stored.
    expect(r.checkpoints.map((c) => c.step)).toEqual([3, 6]);
    expect(r.checkpoints.map((c) => decodeCheckpoint(c.data).step)).toEqual([3, 6]);
    expect(r.events.slice(r.events.indexOf('checkpoint 3'), r.events.indexOf('checkpoint 3') + 3)).toEqual(['checkpoint 3', 'stored 3', 'step 4']);
  });

  it('stops after the current step when asked, with a last checkpoint and no adapter', async () => {
    const r = recorder();
    const handlers = { ...r.handlers, onStep: (m: StepMetrics) => (r.handlers.onStep(m), m.step === 2 && thread.requestStop()) };
    const { result, adapter } = await thread.train({ config: { ...config, steps: 50 }, checkpointEvery: 100 }, handlers);
    expect(result.stopped).toBe(true);
    expect(result.stepsCompleted).toBeLessThan(50);
    expect(r.steps.at(-1)!.step).toBe(result.stepsCompleted);
    expect(r.checkpoints.map((c) => c.step)).toEqual([result.stepsCompleted]);
    expect(adapter).toBeUndefined();
    // The request lasts until withdrawn: the next run stops before its first step.
    const next = await thread.train({ config }, recorder().handlers);
    expect(next.result.stepsCompleted).toBe(0);
    thread.clearStop();
  });

  it('fails a run with the MlError the worker raised, and trains the next run', async () => {
    const bad = join(tmp, 'bad.jsonl');
    writeFileSync(bad, '{"text": "ball goal", "label": "sport"}\nthis line is not JSON\n');
    const err = await thread.train({ config: { ...config, dataset: bad } }, recorder().handlers).catch((e) => e);
    expect(err).toBeInstanceOf(MlError);
    expect((err as MlError).code).toBe('DATASET_INVALID');
    expect(err).toMatchObject({ file: bad, line: 2, field: undefined });
    expect((await thread.train({ config: { ...config, steps: 2 } }, recorder().handlers)).result.stepsCompleted).toBe(2);
  });

  it("a malformed dataset record's file, line and field cross the thread boundary: the same DatasetInvalidError as in-process", async () => {
    const bad = join(tmp, 'bad-field.jsonl');
    writeFileSync(bad, '{"text": "ball goal", "label": "sport"}\n{"text": "rain tomorrow", "label": "weather"}\n{"text": 5, "label": "sport"}\n');
    const inProcess = await train({ config: { ...config, dataset: bad }, backend: 'wasm' }).catch((e) => e);
    expect(inProcess).toBeInstanceOf(DatasetInvalidError);
    const err = await thread.train({ config: { ...config, dataset: bad } }, recorder().handlers).catch((e) => e);
    expect(err).toBeInstanceOf(DatasetInvalidError);
    const fields = (e: DatasetInvalidError) => ({ code: e.code, message: e.message, file: e.file, line: e.line, row: e.row, field: e.field, reason: e.reason });
    expect(fields(err)).toEqual(fields(inProcess));
    expect(fields(err)).toMatchObject({ code: 'DATASET_INVALID', file: bad, line: 3, field: 'text' });
  });

  it('a worker that dies fails its run, and the next run gets a new worker', async () => {
    const r = recorder();
    const dying = thread.train({ config: { ...config, steps: 200 } }, {
      ...r.handlers,
      onStep: (m) => {
        r.handlers.onStep(m);
        if (m.step === 1) void (thread as unknown as { worker: Worker }).worker.terminate();
      },
    });
    await expect(dying).rejects.toThrow(/the training thread exited/);
    expect((await thread.train({ config: { ...config, steps: 2 } }, recorder().handlers)).result.stepsCompleted).toBe(2);
  });
});
