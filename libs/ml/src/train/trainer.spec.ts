import { join } from 'node:path';
import type { RunConfig } from '@loralab/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyRunConfig } from '../testing/run-config';
import { tempDirs } from '../testing/temp-dirs';
import { initBackend } from '../backend/backend';
import { tf } from '../backend/tf';
import { createBuiltinModel } from '../model/builtin-models';
import { loadModel } from '../model/llama/llama.io';
import type { LlamaModel } from '../model/llama/llama.model';
import { loadAdapter, mergedTensors, saveAdapter, saveMergedModel } from '../peft/peft-adapter';
import { builtinTask } from '../tasks/builtin-tasks';
import { loadCheckpoint, saveCheckpoint, type TrainCheckpoint } from './checkpoint';
import { train, type StepMetrics } from './trainer';

const base: RunConfig = tinyRunConfig();

const temp = tempDirs('loralab-ml-');
const tmp = temp.make;

describe('LoRA training on the topic task (4 labels, chance 25%)', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });
  afterAll(() => {
    temp.removeAll();
  });

  const results: Record<string, Awaited<ReturnType<typeof train>>> = {};

  it.each(['FP32', 'NF4'] as const)('%s base: eval accuracy rises from chance to at least 85 percent in 80 steps, no tensor leaks', async (quantization) => {
    const counts: number[] = [];
    const steps: StepMetrics[] = [];
    const before = tf.memory().numTensors;
    const r = await train({
      config: { ...base, quantization, doubleQuant: quantization === 'NF4' },
      evalExamples: 100,
      onStep: (m) => {
        steps.push(m);
        counts.push(tf.memory().numTensors);
      },
    });
    results[quantization] = r;
    expect(r.accuracy).toBeGreaterThanOrEqual(0.85);
    expect(steps[0].loss).toBeGreaterThan(steps[steps.length - 1].loss * 3);
    expect(r.perplexity).toBeCloseTo(Math.exp(r.evalLoss), 6);
    // every step leaves the same number of tensors; the run leaves none behind
    expect(new Set(counts.slice(1)).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
    expect(r.trainableParams).toBe(2 * 8 * (4 * 64 + 2 * (64 + 32) + 3 * (64 + 172)));
    expect(steps.every((s) => s.learningRate > 0 && s.gradNorm > 0 && s.tokensPerSecond > 0)).toBe(true);
  });

  it('an NF4 base has a lower measured peak than FP32, and the estimator is within 10% of both', () => {
    const fp32 = results.FP32;
    const nf4 = results.NF4;
    expect(nf4.memory!.baseWeights).toBeLessThan(fp32.memory!.baseWeights / 2.5);
    expect(nf4.peakMemoryBytes).toBeLessThan(fp32.peakMemoryBytes!);
    for (const r of [fp32, nf4]) {
      expect(Math.abs(r.predictedMemory.total / r.peakMemoryBytes! - 1)).toBeLessThan(0.1);
      const m = r.memory!;
      expect(m.baseWeights + m.adapters + m.gradients + m.optimizerState + m.activations).toBe(m.total);
      expect(m.optimizerState).toBe(2 * m.adapters);
      expect(r.rssBytes).toBeGreaterThan(r.peakMemoryBytes!);
    }
  });

  it('the estimator is within 10% of the measured peak on a third configuration not used for calibration (FP16, small-llama), with and without layer recomputation', async () => {
    const config: RunConfig = { ...base, baseModel: 'builtin:small-llama', quantization: 'FP16', rank: 8, targetModules: ['Q_PROJ', 'K_PROJ', 'V_PROJ', 'O_PROJ'], steps: 2, batchSize: 4, sequenceLength: 40 };
    const whole = await train({ config, evalExamples: 8 });
    const recomputed = await train({ config, evalExamples: 8, recompute: 'always' });
    // `auto` keeps the whole tape of a run this small; recomputation trades time for memory
    expect(whole.recomputedLayers).toBe(false);
    expect(recomputed.recomputedLayers).toBe(true);
    expect(recomputed.peakMemoryBytes).toBeLessThan(whole.peakMemoryBytes!);
    expect(recomputed.finalLoss).toBeCloseTo(whole.finalLoss, 5);
    for (const r of [whole, recomputed]) expect(Math.abs(r.predictedMemory.total / r.peakMemoryBytes! - 1)).toBeLessThan(0.1);
  });

  it('auto recomputes layers when the whole tape would exceed the activation budget', async () => {
    const r = await train({ config: { ...base, steps: 1 }, evalExamples: 4, activationBudgetBytes: 1024 });
    expect(r.recomputedLayers).toBe(true);
    // The run config's training setting sets the budget: 0 recomputes always, the default keeps the tape here.
    const zero = await train({ config: { ...base, steps: 1, activationBudgetMiB: 0 }, evalExamples: 4 });
    const byDefault = await train({ config: { ...base, steps: 1 }, evalExamples: 4 });
    expect([zero.recomputedLayers, byDefault.recomputedLayers]).toEqual([true, false]);
    expect(zero.peakMemoryBytes!).toBeLessThan(byDefault.peakMemoryBytes!);
  });

  it('resuming from a checkpoint at step k ends exactly as the uninterrupted run', async () => {
    const config = { ...base, steps: 12, dropout: 0.1, quantization: 'NF4' as const };
    const full: number[] = [];
    await train({ config, evalExamples: 8, onStep: (m) => full.push(m.loss) });
    let saved: TrainCheckpoint | undefined;
    const controller = new AbortController();
    const first: number[] = [];
    const dir = tmp();
    const partial = await train({
      config,
      evalExamples: 8,
      signal: controller.signal,
      checkpointEvery: 5,
      onCheckpoint: (c) => {
        if (c.step === 5) {
          saveCheckpoint(dir, c);
          controller.abort();
        }
        saved = c;
      },
      onStep: (m) => first.push(m.loss),
    });
    expect(partial.stopped).toBe(true);
    expect(saved?.step).toBe(5);
    const rest: number[] = [];
    const resumed = await train({ config, evalExamples: 8, checkpoint: loadCheckpoint(dir), onStep: (m) => rest.push(m.loss) });
    expect(resumed.stepsCompleted).toBe(12);
    expect([...first, ...rest]).toEqual(full);
  });

  it('a run resumed at its last step reports what the first attempt measured, and null (never 0) where nothing was measured', async () => {
    const config = { ...base, steps: 6 };
    const dir = tmp();
    const steps: { tokensPerSecond: number; peakMemoryBytes?: number }[] = [];
    const first = await train({
      config,
      evalExamples: 8,
      checkpointEvery: 6,
      onCheckpoint: (c) => saveCheckpoint(dir, c),
      onStep: (m) => steps.push(m),
    });
    const resumed = await train({ config, evalExamples: 8, checkpoint: loadCheckpoint(dir), onStep: () => expect.fail('no step is left to train') });
    expect(resumed.stepsCompleted).toBe(6);
    // The peak of the steps the first attempt measured, with its breakdown.
    expect(resumed.peakMemoryBytes).toBe(Math.max(...steps.flatMap((m) => (m.peakMemoryBytes === undefined ? [] : [m.peakMemoryBytes]))));
    expect(resumed.peakMemoryBytes).toBe(first.peakMemoryBytes);
    expect(resumed.memory).toEqual(first.memory);
    expect(resumed.rssBytes).toBe(first.rssBytes);
    // All tokens over all training time: the harmonic mean of the per-step throughputs.
    expect(resumed.tokensPerSecond).toBeCloseTo(steps.length / steps.reduce((s, m) => s + 1 / m.tokensPerSecond, 0), 6);
    expect(resumed.tokensPerSecond).toBeCloseTo(first.tokensPerSecond!, 6);
    expect(resumed.durationSeconds).toBeGreaterThan(loadCheckpoint(dir).measurements!.durationSeconds);
    expect(resumed.accuracy).toBe(first.accuracy);

    // Evaluation (within the training peak) left the peak to training.
    expect(first.evalPeakMemoryBytes!).toBeLessThanOrEqual(first.peakMemoryBytes!);

    // A checkpoint written before measurements were carried: no training step was measured, so
    // the peak is the final evaluation's alone (no gradients) and there is no throughput.
    const legacy = { ...loadCheckpoint(dir), measurements: undefined };
    const blind = await train({ config, evalExamples: 8, checkpoint: legacy });
    expect(blind.peakMemoryBytes).toBe(blind.evalPeakMemoryBytes);
    expect(blind.memory!.gradients).toBe(0);
    expect(blind.tokensPerSecond).toBeNull();
    const unmeasured = await train({ config, evalExamples: 8, checkpoint: legacy, measureMemorySteps: 0 });
    expect(unmeasured.peakMemoryBytes).toBeNull();
    expect(unmeasured.memory).toBeNull();
  });

  it('a run forced out of memory retries from its last checkpoint at half the micro-batch, twice the accumulation, and matches the unforced loss curve', async () => {
    const config: RunConfig = { ...base, steps: 12, evalInterval: 0 };
    const curve = (steps: StepMetrics[]) => {
      const last = new Map<number, number>();
      for (const m of steps) last.set(m.step, m.loss);
      return [...last.entries()].sort((a, b) => a[0] - b[0]).map(([, l]) => l);
    };
    const plainSteps: StepMetrics[] = [];
    const plain = await train({ config, evalExamples: 20, onStep: (m) => plainSteps.push(m) });
    expect(plain.oomRetries).toEqual([]);
    const plainPeak = plain.peakMemoryBytes!;
    expect(plainPeak).toBeGreaterThan(0);
    // A device one byte smaller than the step needs at micro-batch 8.
    const forcedSteps: StepMetrics[] = [];
    const retries: unknown[] = [];
    const forced = await train({
      config,
      evalExamples: 20,
      deviceMemoryBytes: plainPeak - 1,
      checkpointEvery: 4,
      onCheckpoint: () => undefined,
      onStep: (m) => forcedSteps.push(m),
      onOomRetry: (r) => retries.push(r),
    });
    expect(forced.oomRetries).toHaveLength(1);
    expect(retries).toEqual(forced.oomRetries);
    expect(forced.oomRetries[0]).toMatchObject({ failedStep: 1, fromStep: 0, previousBatchSize: 8, batchSize: 4, gradientAccumulation: 2 });
    expect(forced.oomRetries[0].error).toMatch(/needs \d+ bytes of tensors, the device has/);
    expect(forced).toMatchObject({ batchSize: 4, gradientAccumulation: 2, stepsCompleted: 12, stopped: false });
    expect(forced.peakMemoryBytes).toBeLessThan(plainPeak);
    const a = curve(plainSteps);
    const b = curve(forcedSteps);
    expect(b).toHaveLength(12);
    b.forEach((l, i) => expect(Math.abs(l - a[i])).toBeLessThan(1e-3 * a[i]));
    expect(forced.accuracy).toBeCloseTo(plain.accuracy, 5);
    // The same run with retries off fails as out-of-memory, not as a crash.
    await expect(train({ config, deviceMemoryBytes: plainPeak - 1, retryOnOutOfMemory: false })).rejects.toMatchObject({ code: 'OUT_OF_MEMORY' });
  });

  it('a micro-batch that cannot shrink further fails as OUT_OF_MEMORY', async () => {
    await expect(train({ config: { ...base, steps: 2, batchSize: 1, gradientAccumulation: 4 }, deviceMemoryBytes: 1 })).rejects.toMatchObject({ code: 'OUT_OF_MEMORY' });
  });

  it('a run that throws frees its model even with keepModel (a long-lived agent worker would leak it)', async () => {
    const config = { ...base, steps: 2, batchSize: 1 };
    await expect(train({ config, deviceMemoryBytes: 1, keepModel: true })).rejects.toMatchObject({ code: 'OUT_OF_MEMORY' });
    const before = tf.memory().numTensors;
    await expect(train({ config, deviceMemoryBytes: 1, keepModel: true })).rejects.toMatchObject({ code: 'OUT_OF_MEMORY' });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('exports a PEFT adapter that re-imports to identical logits, and merges within 1e-5', async () => {
    const r = await train({ config: { ...base, steps: 10 }, evalExamples: 8, keepModel: true });
    const model = r.model as LlamaModel;
    const ids = [5, 100, 101, 32, 58, 40];
    try {
      const trained = model.logits(ids);
      const dir = tmp();
      saveAdapter(model, join(dir, 'adapter'));
      const fresh = createBuiltinModel('builtin:tiny-llama');
      const cfg = loadAdapter(fresh, join(dir, 'adapter'));
      expect(cfg.r).toBe(8);
      expect(Array.from(fresh.logits(ids))).toEqual(Array.from(trained));
      fresh.dispose();

      const merged = mergedTensors(model);
      saveMergedModel(model, join(dir, 'merged'));
      const reloaded = loadModel(join(dir, 'merged'));
      const mergedLogits = reloaded.logits(ids);
      let worst = 0;
      for (let i = 0; i < trained.length; i++) worst = Math.max(worst, Math.abs(mergedLogits[i] - trained[i]));
      expect(worst).toBeLessThan(1e-4);
      // the merged weights are base + B A scale
      const q = merged.get('model.layers.0.self_attn.q_proj.weight')!;
      const baseW = model.weights.layers[0].proj.q_proj.toFloat32();
      const a = model.weights.layers[0].lora.q_proj!;
      const delta = tf.tidy(() => tf.mul(tf.transpose(tf.matMul(a.at, a.bt)), 2).dataSync());
      let worstW = 0;
      for (let i = 0; i < q.values.length; i++) worstW = Math.max(worstW, Math.abs(q.values[i] - (baseW[i] + delta[i])));
      expect(worstW).toBeLessThan(1e-5);
      reloaded.dispose();
    } finally {
      model.dispose();
    }
  });

  it('throws typed errors for an unreadable model or dataset', async () => {
    await expect(train({ config: { ...base, baseModel: '/nonexistent/model' } })).rejects.toMatchObject({ code: 'MODEL_UNREADABLE' });
    await expect(train({ config: { ...base, dataset: '/nonexistent/data.jsonl' } })).rejects.toMatchObject({ code: 'DATASET_UNREADABLE' });
    await expect(train({ config: { ...base, dataset: 'builtin:nope' } })).rejects.toMatchObject({ code: 'DATASET_UNREADABLE' });
  });

  it('warms the learning rate up over floor(steps × warmupRatio) steps, then decays it', async () => {
    const rates = async (warmupRatio: number) => {
      const lr: number[] = [];
      await train({ config: { ...base, steps: 8, warmupRatio }, evalExamples: 4, onStep: (m) => lr.push(m.learningRate) });
      return lr;
    };
    const peak = base.learningRate;
    const warm = await rates(0.5);
    // Four linear warm-up steps up to the peak, then cosine decay from it.
    expect(warm.slice(0, 4)).toEqual([0.25, 0.5, 0.75, 1].map((f) => f * peak));
    expect(warm[4]).toBeCloseTo(peak, 12);
    expect(warm[7]).toBeLessThan(warm[5]);
    const cold = await rates(0);
    expect(cold[0]).toBeCloseTo(peak, 12);
  });

  it("refuses settings outside the sweep spec's bounds (@loralab/core) with INVALID_ARGUMENT naming them", async () => {
    await expect(train({ config: { ...base, gradientAccumulation: 1.5 } })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: 'gradientAccumulation 1.5: must be an integer' });
    await expect(train({ config: { ...base, dropout: 1 } })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: 'LoRA dropout 1: must be less than 1' });
    await expect(train({ config: { ...base, rank: 0 } })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: 'LoRA rank 0: must be at least 1' });
  });

  it('throws NAN_LOSS when training diverges', async () => {
    await expect(train({ config: { ...base, steps: 5, learningRate: 1e30, warmupRatio: 0 }, maxGradNorm: 0, evalExamples: 4 })).rejects.toMatchObject({ code: 'NAN_LOSS' });
  });

  it('built-in tasks are deterministic per seed with disjoint splits', () => {
    const a = builtinTask('reverse', { seed: 3, trainSize: 50, evalSize: 10 });
    const b = builtinTask('reverse', { seed: 3, trainSize: 50, evalSize: 10 });
    expect(a).toEqual(b);
    expect(a.eval.every((e) => !a.train.some((t) => t.prompt === e.prompt))).toBe(true);
    expect(a.eval[0].completion).toBe(`${a.eval[0].prompt.slice(0, -1).split('').reverse().join('')}\n`);
    const m = builtinTask('mod-add', { seed: 3, trainSize: 20, evalSize: 5 });
    for (const e of m.train) {
      const [x, y] = e.prompt.slice(0, -1).split('+').map(Number);
      expect(e.completion).toBe(`${(x + y) % 7}\n`);
    }
  });
});
