import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/backend';
import { createBuiltinModel } from '../model/builtin-models';
import type { LlamaModel } from '../model/llama/llama.model';
import { resolveDataset } from '../tasks/resolve-dataset';
import { evaluate } from './evaluate';

/**
 * The final evaluation runs for minutes on a large base: it reports progress after every batch,
 * so that a watcher of a stalled run (the agent's stall watchdog) sees a slow one move.
 */
describe('evaluate: progress after every batch', () => {
  let model: LlamaModel;
  beforeAll(async () => {
    await initBackend('cpu');
    model = createBuiltinModel('builtin:tiny-llama');
  });
  afterAll(() => model.dispose());

  it('classification: once per eval-loss batch and per label-likelihood batch, rising to 1', async () => {
    const dataset = await resolveDataset('builtin:topic', { seed: 1, tokenizer: model.tokenizer, evalSize: 10 });
    expect(dataset.kind).toBe('classification');
    const fractions: number[] = [];
    const batchSize = 4;
    const r = await evaluate(model, { ...dataset, eval: dataset.eval.slice(0, 10) }, { batchSize, sequenceLength: 32, onProgress: (f) => fractions.push(f) });
    expect(r.examples).toBe(10);
    const lossBatches = Math.ceil(10 / batchSize);
    const likelihoodBatches = Math.ceil((10 * dataset.labels!.length) / batchSize);
    // 0.3 once more after the loss, 1 once more at the end.
    expect(fractions).toHaveLength(lossBatches + 1 + likelihoodBatches + 1);
    expect(fractions.slice(0, lossBatches).at(-1)).toBeCloseTo(0.3);
    expect(fractions.at(-1)).toBe(1);
    fractions.slice(1).forEach((f, i) => expect(f).toBeGreaterThanOrEqual(fractions[i]));
  });

  it('generation: also after every decoded token of a batch (one batch is as many forwards as new tokens)', async () => {
    const dataset = await resolveDataset('builtin:reverse', { seed: 1, tokenizer: model.tokenizer, evalSize: 4 });
    expect(dataset.kind).toBe('generation');
    const fractions: number[] = [];
    await evaluate(model, { ...dataset, eval: dataset.eval.slice(0, 4) }, { batchSize: 4, sequenceLength: 32, onProgress: (f) => fractions.push(f) });
    const maxNew = Math.max(...dataset.eval.slice(0, 4).map((e) => model.tokenizer.encode(e.completion).length));
    // The untrained model rarely emits the stop text: about maxNew decode steps in the one batch.
    const during = fractions.filter((f) => f === 0.3).length;
    expect(during).toBeGreaterThan(2);
    expect(during).toBeLessThanOrEqual(maxNew + 2);
    fractions.slice(1).forEach((f, i) => expect(f).toBeGreaterThanOrEqual(fractions[i]));
  });
});
