import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend, type BackendName } from '../../backend/backend';
import { tf } from '../../backend/tf';
import { attachLora } from '../../lora/lora.attach';
import { loadAdapter } from '../../peft/peft-adapter';
import { FIXTURE_IDS } from './fixtures/make-fixture';
import { loadModel } from './llama.io';
import type { LlamaModel } from './llama.model';

const dir = join(__dirname, 'fixtures', 'tiny-gqa');
const expected = (file: string) => (JSON.parse(readFileSync(join(dir, file), 'utf8')) as number[][]).flat();

function maxDiff(a: Float32Array, b: number[]): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe.each<BackendName>(['wasm', 'cpu'])('Llama forward pass on %s', (backend) => {
  let model: LlamaModel;
  beforeAll(async () => {
    await initBackend(backend);
    model = loadModel(join(dir, 'model'));
  });
  afterAll(() => model.dispose());

  it('matches the PyTorch reference logits within 1e-4 (GQA, untied head)', () => {
    expect(model.config.numKeyValueHeads).toBeLessThan(model.config.numAttentionHeads);
    expect(model.config.tieWordEmbeddings).toBe(false);
    const logits = model.logits(FIXTURE_IDS);
    expect(logits.length).toBe(FIXTURE_IDS.length * 256);
    expect(maxDiff(logits, expected('logits.json'))).toBeLessThan(1e-4);
  });

  it('matches the reference with a non-zero PEFT adapter loaded', () => {
    loadAdapter(model, join(dir, 'adapter'));
    const logits = model.logits(FIXTURE_IDS);
    const withAdapter = expected('logits-adapter.json');
    expect(maxDiff(logits, withAdapter)).toBeLessThan(1e-4);
    // the adapter really changes the output
    expect(maxDiff(logits, expected('logits.json'))).toBeGreaterThan(1e-2);
    model.removeLora();
  });

  it('leaves logits unchanged with a fresh adapter (B = 0) and leaks no tensors', () => {
    const before = model.logits(FIXTURE_IDS);
    attachLora(model, { r: 8, alpha: 16, dropout: 0, useRslora: false, targetModules: ['Q_PROJ', 'V_PROJ', 'DOWN_PROJ'] }, 3);
    const count = tf.memory().numTensors;
    const after = model.logits(FIXTURE_IDS);
    expect(tf.memory().numTensors).toBe(count);
    expect(maxDiff(after, Array.from(before))).toBe(0);
    model.removeLora();
  });
});
