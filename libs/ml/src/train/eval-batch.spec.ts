import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSweepFile, planSweep, type RunConfig } from '@loralab/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/backend';
import { tf } from '../backend/tf';
import type { LlamaModel } from '../model/llama/llama.model';
import { builtinTask } from '../tasks/builtin-tasks';
import type { Dataset } from '../tasks/task.types';
import { tinyRunConfig } from '../testing/run-config';
import { evaluate, greedyComplete } from './evaluate';
import { train } from './trainer';
import type { StepMetrics } from './training-loop';

const ROOT = join(__dirname, '../../../..');

/** A tiny-llama adapter trained a few steps on `task` (so accuracy is neither 0 nor 1), kept for evaluation. */
async function trained(task: string, steps: number): Promise<LlamaModel> {
  const r = await train({ config: tinyRunConfig({ dataset: `builtin:${task}`, steps, evalInterval: 0 }), evalExamples: 2, keepModel: true });
  return r.model!;
}

describe('evaluation does not depend on the eval batch (padding and masking)', () => {
  const models: LlamaModel[] = [];
  beforeAll(async () => {
    await initBackend('wasm');
  });
  afterAll(() => models.forEach((m) => m.dispose()));

  const atBoth = async (model: LlamaModel, dataset: Dataset) => {
    const before = tf.memory().numTensors;
    const [one, eight] = [await evaluate(model, dataset, { batchSize: 1, sequenceLength: 32 }), await evaluate(model, dataset, { batchSize: 8, sequenceLength: 32 })];
    expect(tf.memory().numTensors).toBe(before);
    expect(eight.accuracyMetric).toBe(one.accuracyMetric);
    expect(eight.accuracy).toBe(one.accuracy);
    expect(eight.evalLoss).toBeCloseTo(one.evalLoss, 5);
    expect(eight.batchSize).toBe(8);
    return one;
  };

  it('LABEL_ACCURACY and eval loss of the topic task (prompts of different token lengths)', async () => {
    const model = await trained('topic', 12);
    models.push(model);
    const dataset = builtinTask('topic', { seed: 3, evalSize: 44 });
    expect(new Set(dataset.eval.map((e) => model.tokenizer.encode(e.prompt).length)).size).toBeGreaterThan(1);
    const r = await atBoth(model, dataset);
    expect(r.accuracyMetric).toBe('LABEL_ACCURACY');
    expect(r.accuracy).toBeGreaterThan(0);
  }, 120_000);

  it('EXACT_MATCH of the reverse task: the same greedy completions whatever the batch, prompts of 4 to 6 characters', async () => {
    const model = await trained('reverse', 60);
    models.push(model);
    const dataset = builtinTask('reverse', { seed: 3, evalSize: 44 });
    expect(new Set(dataset.eval.map((e) => model.tokenizer.encode(e.prompt).length)).size).toBeGreaterThan(1);
    const prompts = dataset.eval.map((e) => e.prompt);
    const one = greedyComplete(model, prompts, 7, '\n', 1);
    expect(greedyComplete(model, prompts, 7, '\n', 8)).toEqual(one);
    // Some completions differ from each other (the model is not constant).
    expect(new Set(one).size).toBeGreaterThan(1);
    const r = await atBoth(model, dataset);
    expect(r.accuracyMetric).toBe('EXACT_MATCH');
  }, 120_000);

  it('TOKEN_ACCURACY of plain texts of different lengths, some longer than the sequence (truncated)', async () => {
    const model = models[0];
    const texts = Array.from({ length: 20 }, (_, i) => 'ball goal team race soup rice '.repeat(1 + (i % 3)).slice(0, 10 + 3 * i));
    const dataset: Dataset = { name: 'texts', kind: 'language-modeling', train: [], eval: texts.map((t) => ({ prompt: '', completion: t })), stop: '\n' };
    const r = await atBoth(model, dataset);
    expect(r.accuracyMetric).toBe('TOKEN_ACCURACY');
    expect(r.accuracy).toBeGreaterThan(0);
  }, 120_000);

  it('EXACT_MATCH with prompts longer than the sequence: no greedy forward is longer than it (prompts keep their last tokens, as in training)', async () => {
    const model = await trained('reverse', 2);
    models.push(model);
    const reverse = builtinTask('reverse', { seed: 3, evalSize: 6 });
    const dataset: Dataset = { ...reverse, eval: reverse.eval.map((e) => ({ ...e, prompt: 'abcdefgh'.repeat(6) + e.prompt })) };
    const lengths: number[] = [];
    const hidden = model.hidden.bind(model);
    model.hidden = (ids, options) => (lengths.push(ids.shape[1]), hidden(ids, options));
    try {
      const maxNew = Math.max(...dataset.eval.map((e) => model.tokenizer.encode(e.completion).length));
      greedyComplete(model, dataset.eval.map((e) => e.prompt), maxNew, '\n', 2);
      // The premise: untruncated, these prompts alone are longer than the sequence.
      expect(Math.min(...lengths)).toBeGreaterThan(16);
      lengths.length = 0;
      const r = await evaluate(model, dataset, { batchSize: 2, sequenceLength: 16 });
      expect(r.accuracyMetric).toBe('EXACT_MATCH');
      expect(lengths.length).toBeGreaterThan(0);
      expect(Math.max(...lengths)).toBeLessThanOrEqual(16);
    } finally {
      model.hidden = hidden;
    }
  }, 120_000);
});

/** examples/qlora-sweep.yaml's FP32 run, one measured step (the peak is a micro-batch's), 16 eval examples. */
function demoFp32(): RunConfig {
  const file = parseSweepFile(readFileSync(join(ROOT, 'examples/qlora-sweep.yaml'), 'utf8'));
  if (!file.ok) throw new Error(JSON.stringify(file.problems));
  const planned = planSweep({ ...file.spec, dataset: join(ROOT, file.spec.dataset) });
  if (!planned.ok) throw new Error(JSON.stringify(planned.errors));
  return { ...planned.value.runs[0].config, steps: 1, gradientAccumulation: 1 };
}

describe('the eval batch and the measured peak', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it("the automatic eval batch does not raise the run's measured peak; an explicit large one does, and the estimate counts it", async () => {
    const config = demoFp32();
    const run = (evalBatchSize: number) => train({ config: { ...config, evalBatchSize }, evalExamples: 16 });
    const one = await run(1);
    const auto = await run(0);
    const big = await run(16);
    expect(one.evalBatchSize).toBe(1);
    expect(auto.evalBatchSize).toBeGreaterThan(1);
    // Evaluation ran at the larger batch, and measured more than at 1...
    expect(auto.evalPeakMemoryBytes!).toBeGreaterThan(one.evalPeakMemoryBytes!);
    // ...but the peak stays the training step's (it has gradients), the same as at batch 1.
    expect(one.memory!.gradients).toBeGreaterThan(0);
    expect(auto.memory!.gradients).toBeGreaterThan(0);
    expect(auto.peakMemoryBytes).toBe(one.peakMemoryBytes);
    expect(auto.predictedMemory).toEqual(one.predictedMemory);
    // 16 sequences at once is above the training step: the measured peak is evaluation's, and so is the estimate.
    expect(big.peakMemoryBytes!).toBeGreaterThan(one.peakMemoryBytes!);
    expect(big.memory!.gradients).toBe(0);
    expect(big.predictedMemory.gradients).toBe(0);
    expect(big.predictedMemory.total).toBeGreaterThan(one.predictedMemory.total);
    expect(Math.abs(big.predictedMemory.total / big.peakMemoryBytes! - 1)).toBeLessThan(0.1);
    // The scores do not depend on the batch.
    expect(auto.accuracy).toBe(one.accuracy);
    expect(big.evalLoss).toBeCloseTo(one.evalLoss, 5);

    // On a device with room for the training step but not for 16 evaluation sequences, the
    // final evaluation is retried at half the eval batch until it fits, with the same scores...
    const cap = one.peakMemoryBytes!;
    const capped = await train({ config: { ...config, evalBatchSize: 16 }, evalExamples: 16, deviceMemoryBytes: cap });
    expect(capped.evalBatchSize).toBeLessThan(16);
    expect(capped.evalPeakMemoryBytes!).toBeLessThanOrEqual(cap);
    expect(capped.peakMemoryBytes!).toBeLessThanOrEqual(cap);
    expect(capped.accuracy).toBe(big.accuracy);
    expect(capped.evalLoss).toBeCloseTo(big.evalLoss, 5);
    expect(capped.predictedMemory.total).toBeLessThan(big.predictedMemory.total);
    // ...and without retries it fails as out of memory, naming the evaluation.
    await expect(train({ config: { ...config, evalBatchSize: 16 }, evalExamples: 16, deviceMemoryBytes: cap, retryOnOutOfMemory: false })).rejects.toMatchObject({
      code: 'OUT_OF_MEMORY',
      message: expect.stringMatching(/^evaluation \(\w+\) at eval batch 16 needs \d+ bytes of tensors, the device has \d+$/),
    });
  }, 300_000);

  it('evaluations during training are held to deviceMemoryBytes too, and retried at a smaller eval batch', async () => {
    // A periodic evaluation after step 1 of 2 (none follows the last step: the final one does).
    const config = { ...demoFp32(), steps: 2, evalInterval: 1 };
    const cap = (await train({ config: { ...config, evalBatchSize: 1 }, evalExamples: 16 })).peakMemoryBytes!;
    const free: StepMetrics[] = [];
    await train({ config: { ...config, evalBatchSize: 16 }, evalExamples: 16, onStep: (m) => free.push(m) });
    const capped: StepMetrics[] = [];
    const result = await train({ config: { ...config, evalBatchSize: 16 }, evalExamples: 16, deviceMemoryBytes: cap, onStep: (m) => capped.push(m) });
    // The same eval loss at the smaller batch that fit, which the final evaluation started from.
    expect(free[0].evalLoss).toBeDefined();
    expect(capped[0].evalLoss).toBeCloseTo(free[0].evalLoss!, 5);
    expect(result.evalBatchSize).toBeLessThan(16);
    expect(result.peakMemoryBytes!).toBeLessThanOrEqual(cap);
    // Without retries the periodic evaluation fails the run, before step 1 is reported.
    const seen: StepMetrics[] = [];
    await expect(
      train({ config: { ...config, evalBatchSize: 16 }, evalExamples: 16, deviceMemoryBytes: cap, retryOnOutOfMemory: false, onStep: (m) => seen.push(m) }),
    ).rejects.toMatchObject({ code: 'OUT_OF_MEMORY', message: expect.stringMatching(/^evaluation \(loss\) at eval batch 16 needs \d+ bytes of tensors, the device has \d+$/) });
    expect(seen).toHaveLength(0);
  }, 300_000);

  it('refuses an invalid evalBatchSize, naming it', async () => {
    for (const evalBatchSize of [-1, 1.5, 4097]) {
      await expect(train({ config: tinyRunConfig({ steps: 1, evalBatchSize }), evalExamples: 2 })).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
        message: expect.stringContaining('evalBatchSize'),
      });
    }
  });
});
