/**
 * Measures the peak of evaluation batches (forward only: eval loss, then label likelihoods
 * of a 4-label task) at several widths and batch sizes on wasm, beside the estimator's
 * `evalActivationFloats`: the figures `EVAL_FLOATS` is fitted on.
 *   node -r ./tools/scripts/register.cjs tools/bench/trainer/eval-memory.ts
 *   (SHAPES=512x1376,512x4096,1024x1376 BATCHES=1,8,32 SEQ=32)
 */
import { TARGET_MODULES, evalActivationFloats } from '@loralab/core';
import { attachLora, byteTokenizer, evaluate, initBackend, modelFromTensors, modelShapeOf, parseLlamaConfig, tf, type Dataset } from '@loralab/ml';
import { lazyRandomTensors, LLAMA_32_1B } from './real-shape-memory';

async function main() {
  await initBackend('wasm');
  const env = (k: string, d: string) => process.env[k] ?? d;
  const seq = Number(env('SEQ', '32'));
  const labels = ['aaa', 'bbb', 'ccc', 'ddd'];
  const text = 'x'.repeat(seq - 3);
  const dataset: Dataset = { name: 'probe', kind: 'classification', train: [], eval: Array.from({ length: 64 }, () => ({ prompt: text, completion: 'aaa' })), labels, stop: '\n' };
  for (const shape of env('SHAPES', '512x1376,512x4096,1024x1376').split(',')) {
    const [hidden, ffn] = shape.split('x').map(Number);
    const cfg = parseLlamaConfig({ ...(LLAMA_32_1B as Record<string, unknown>), num_hidden_layers: 4, vocab_size: 256, hidden_size: hidden, intermediate_size: ffn, num_attention_heads: 8, num_key_value_heads: 8, head_dim: hidden / 8 });
    const model = modelFromTensors(cfg, lazyRandomTensors(cfg), byteTokenizer(), { quantization: 'FP32', doubleQuant: false });
    attachLora(model, { r: 8, alpha: 16, dropout: 0, useRslora: false, targetModules: [...TARGET_MODULES] }, 1);
    const before = tf.memory().numBytes;
    for (const b of env('BATCHES', '1,8,32').split(',').map(Number)) {
      const r = await evaluate(model, { ...dataset, eval: dataset.eval.slice(0, Math.max(b, Math.ceil(b / 4))) }, { batchSize: b, sequenceLength: seq, measureMemory: true });
      const measured = (r.peakBytes ?? 0) - before;
      const predicted = 4 * evalActivationFloats(modelShapeOf(model.config), { batchSize: b, sequenceLength: seq });
      console.log(JSON.stringify({ hidden, ffn, batch: b, seq, measuredMiB: +(measured / 2 ** 20).toFixed(2), predictedMiB: +(predicted / 2 ** 20).toFixed(2), ratio: +(measured / predicted).toFixed(3) }));
    }
    model.dispose();
  }
}

void main();
