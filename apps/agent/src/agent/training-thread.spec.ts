import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunConfig } from '@loralab/core';
import { createBuiltinModel, DatasetInvalidError, MlError, matmulImplementation, saveModel, train, type StepMetrics, type TrainResult } from '@loralab/ml';
import { adapterFiles, decodeCheckpoint } from './checkpoint-codec';
import { TrainingStalledError, TrainingThread, type TrainingHandlers } from './training-thread';

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

/** What train() does in this thread, for the worker's results to be compared with: run before any worker starts. */
const inProcess = {} as { local: StepMetrics[]; reference: TrainResult; badFieldDataset: string; badField: unknown; hfBase: string };
beforeAll(async () => {
  inProcess.local = [];
  inProcess.reference = await train({ config, backend: 'wasm', keepModel: true, onStep: (m) => inProcess.local.push(m) });
  inProcess.badFieldDataset = join(tmp, 'bad-field.jsonl');
  writeFileSync(inProcess.badFieldDataset, '{"text": "ball goal", "label": "sport"}\n{"text": "rain tomorrow", "label": "weather"}\n{"text": 5, "label": "sport"}\n');
  inProcess.badField = await train({ config: { ...config, dataset: inProcess.badFieldDataset }, backend: 'wasm' }).catch((e) => e);
  // The built-in base as a Hugging Face directory (config.json, model.safetensors, tokenizer), to be loaded from disk.
  const base = createBuiltinModel('builtin:tiny-llama');
  inProcess.hfBase = join(tmp, 'hf-tiny-llama');
  saveModel(base, inProcess.hfBase);
  base.dispose();
});
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
    const started = await thread.start();
    expect(started.backend).toBe('wasm');
    const r = recorder(200);
    const { result, adapter } = await thread.train({ config, checkpointEvery: 3 }, r.handlers);

    const { reference, local } = inProcess;
    try {
      // The worker loads the native matmul addon too (where this process has it): the same losses.
      expect(started.matmul).toBe(matmulImplementation());
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

  it("a Hugging Face base's loading reaches the main thread: its weights file read, then each decoder layer built", async () => {
    const { handlers } = recorder();
    const loads: string[] = [];
    const out = await thread.train(
      { config: { ...config, baseModel: inProcess.hfBase, steps: 1, evalInterval: 0 } },
      { ...handlers, onProgress: (p) => void (p.load && loads.push(`${p.phase} ${p.load.stage} ${p.load.done}/${p.load.total}`)) },
    );
    expect(out.result.stepsCompleted).toBe(1);
    expect(loads).toEqual(['load read 1/1', 'load layers 1/2', 'load layers 2/2']);
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
    const bad = inProcess.badFieldDataset;
    expect(inProcess.badField).toBeInstanceOf(DatasetInvalidError);
    const err = await thread.train({ config: { ...config, dataset: bad } }, recorder().handlers).catch((e) => e);
    expect(err).toBeInstanceOf(DatasetInvalidError);
    const fields = (e: DatasetInvalidError) => ({ code: e.code, message: e.message, file: e.file, line: e.line, row: e.row, field: e.field, reason: e.reason });
    expect(fields(err)).toEqual(fields(inProcess.badField as DatasetInvalidError));
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

describe('TrainingThread: the stall watchdog', () => {
  const STALL_MS = 1500;
  const watched = new TrainingThread('wasm', { stallTimeoutMs: STALL_MS });
  afterAll(() => watched.close());

  it('fails a run whose worker really hangs (its dataset is a FIFO nobody writes), naming the timeout and the last report; the next run gets a fresh worker', async () => {
    const fifo = join(tmp, 'never.jsonl');
    execFileSync('mkfifo', [fifo]);
    await watched.start();
    const first = (watched as unknown as { worker: Worker }).worker;
    const t0 = Date.now();
    try {
      // The worker blocks in open(2) of the FIFO: no JavaScript runs in it, nothing is posted.
      const err = await watched.train({ config: { ...config, dataset: fifo } }, recorder().handlers).catch((e) => e);
      expect(err).toBeInstanceOf(TrainingStalledError);
      expect((err as Error).message).toBe(
        // The base (built in) reported its last layer before the dataset's open(2) blocked.
        'training stalled: no progress for 1.5 s after the base model loaded (loading the dataset, attaching the adapters) (--stall-timeout / LORALAB_STALL_TIMEOUT)',
      );
      expect(Date.now() - t0).toBeGreaterThanOrEqual(STALL_MS);
    } finally {
      // Lets the hung open(2) return (EOF), so that the terminated thread can end.
      closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
    }
    const r = recorder();
    expect((await watched.train({ config: { ...config, steps: 2 } }, r.handlers)).result.stepsCompleted).toBe(2);
    expect((watched as unknown as { worker: Worker }).worker).not.toBe(first);
  });

  it('leaves a slow but live run alone: a run longer than the timeout, and a checkpoint stored slower than it', async () => {
    const r = recorder(STALL_MS + 500);
    const { result } = await watched.train({ config: { ...config, steps: 60 }, checkpointEvery: 30 }, r.handlers);
    expect(result.stopped).toBe(false);
    expect(result.stepsCompleted).toBe(60);
    expect(r.checkpoints.map((c) => c.step)).toEqual([30, 60]);
    // The premise: the run outlasted the timeout (two checkpoints alone wait 2 s each).
    expect(result.durationSeconds * 1000).toBeGreaterThan(2 * STALL_MS);
  });
});
