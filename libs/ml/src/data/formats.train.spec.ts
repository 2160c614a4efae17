import { join } from 'node:path';
import { datasetSettingsSchema, type DatasetSettingsInput, type RunConfig } from '@loralab/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/backend';
import { tinyRunConfig } from '../testing/run-config';
import { tf } from '../backend/tf';
import { train } from '../train/trainer';

const fixture = (name: string) => join(__dirname, 'fixtures', name);

const base: RunConfig = tinyRunConfig({ dataset: '', steps: 60, sequenceLength: 48 });

/**
 * Each format really trains the built-in tiny model (byte tokenizer, so chat formats use the
 * documented default template) on a small committed fixture written by pyarrow / Python's json
 * (tools/testing/make_dataset_fixtures.py), and reaches the accuracy the task allows: the word
 * mapping and the topic labels are learnable exactly, counting digits almost so.
 */
describe('every dataset format trains a tiny model to the accuracy it should', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  const cases: Array<[string, string, DatasetSettingsInput, Partial<RunConfig>, string, number]> = [
    ['prompt/completion (JSON lines in .json, split field)', 'prompt-completion.json', {}, {}, 'EXACT_MATCH', 0.9],
    ['alpaca (JSON array, separate eval file)', 'alpaca.json', { evalDataset: fixture('alpaca-eval.json') }, { steps: 100 }, 'EXACT_MATCH', 0.9],
    ['sharegpt (JSONL, two exchanges each)', 'sharegpt.jsonl', {}, { steps: 100, sequenceLength: 64 }, 'EXACT_MATCH', 0.9],
    ['chat messages (Parquet, nested, 3 row groups)', 'messages.parquet', {}, { steps: 100 }, 'EXACT_MATCH', 0.9],
    ['text/label (Parquet ClassLabel)', 'text-label.parquet', {}, { sequenceLength: 32 }, 'LABEL_ACCURACY', 0.85],
    ['plain text (Parquet, zstd)', 'text.parquet', {}, { sequenceLength: 32 }, 'TOKEN_ACCURACY', 0.85],
  ];

  it.each(cases)('%s', async (_, file, settings, overrides, metric, atLeast) => {
    const before = tf.memory().numTensors;
    const r = await train({
      config: { ...base, ...overrides, dataset: fixture(file), datasetSettings: datasetSettingsSchema.parse(settings) },
      evalExamples: 40,
    });
    expect(r.accuracyMetric).toBe(metric);
    expect(r.accuracy).toBeGreaterThanOrEqual(atLeast);
    expect(r.perplexity).toBeCloseTo(Math.exp(r.evalLoss), 6);
    expect(tf.memory().numTensors).toBe(before);
  }, 180_000); // a few seconds alone; a loaded shared machine has taken ten times that

  it('an untrained adapter (1 step at a tiny rate) is far from those accuracies: the bar measures learning', async () => {
    const r = await train({
      config: { ...base, steps: 1, learningRate: 1e-6, dataset: fixture('messages.parquet'), datasetSettings: datasetSettingsSchema.parse({}) },
      evalExamples: 40,
    });
    expect(r.accuracy).toBeLessThan(0.2);
  });

  it('packing and trainOn ALL train too (prompt/completion)', async () => {
    const r = await train({
      config: { ...base, sequenceLength: 64, dataset: fixture('prompt-completion.json'), datasetSettings: datasetSettingsSchema.parse({ packing: true, trainOn: 'ALL' }) },
      evalExamples: 40,
    });
    expect(r.accuracy).toBeGreaterThanOrEqual(0.9);
  }, 180_000);
});
