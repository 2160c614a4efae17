/**
 * Diagnostic: one recomputed LoRA step at Llama-3.2-1B width with chosen layers/vocab; prints
 * the peak, the kernels around it and the estimator's prediction.
 *   LAYERS=1 VOCAB=256 QUANT=FP32 node -r ./tools/scripts/register.cjs tools/bench/trainer/memory-probe.ts
 */
import { TARGET_MODULES, estimateMemory, type QuantType } from '@loralab/core';
import { initBackend, tf, optimizerStep, parseLlamaConfig, modelFromTensors, byteTokenizer, attachLora, AdamW, batchLoss, makeBatch, Rng, modelShapeOf } from '@loralab/ml';
import { lazyRandomTensors, LLAMA_32_1B } from './real-shape-memory';

async function main() {
  await initBackend('wasm');
  const env = (k: string, d: string) => process.env[k] ?? d;
  const base = LLAMA_32_1B as Record<string, unknown>;
  const cfg = parseLlamaConfig({ ...base, num_hidden_layers: Number(env('LAYERS', '1')), vocab_size: Number(env('VOCAB', '256')), hidden_size: Number(env('HIDDEN', '2048')), intermediate_size: Number(env('FFN', '8192')) });
  const quant = env('QUANT', 'FP32') as QuantType;
  const dq = quant !== 'FP32';
  const model = modelFromTensors(cfg, lazyRandomTensors(cfg), byteTokenizer(), { quantization: quant, doubleQuant: dq });
  const batchSize = Number(env('BATCH', '1'));
  const seq = Number(env('SEQ', '32'));
  attachLora(model, { r: 16, alpha: 16, dropout: 0, useRslora: false, targetModules: [...TARGET_MODULES] }, 1);
  const vars = model.loraVariables();
  const opt = new AdamW(vars);
  const rng = new Rng(5);
  const enc = Array.from({ length: batchSize }, () => ({ ids: Array.from({ length: seq + 1 }, () => rng.int(Math.min(256, cfg.vocabSize))), completionStart: 1 }));
  const batch = makeBatch(enc, seq);
  const before = tf.memory().numBytes;
  const info = await tf.profile(() => {
    optimizerStep(() => batchLoss(model, batch, { noRecompute: env('RECOMPUTE', '1') !== '1' }), vars, opt, 1e-3, 1);
  });
  const mib = (b: number) => +(b / 2 ** 20).toFixed(1);
  const ks = info.kernels;
  let peakAt = 0;
  ks.forEach((k, i) => { if (k.totalBytesSnapshot > ks[peakAt].totalBytesSnapshot) peakAt = i; });
  const fixed = model.baseByteLength() + vars.reduce((s, v) => s + v.size * 4, 0) + opt.byteLength;
  const grads = vars.reduce((s, v) => s + v.size * 4, 0);
  const pred = estimateMemory(modelShapeOf(model.config), { quantization: quant, doubleQuant: dq, rank: 16, targetModules: [...TARGET_MODULES], batchSize, sequenceLength: seq, recompute: env('RECOMPUTE', '1') === '1' ? 'always' : 'never' });
  console.log(JSON.stringify({ layers: cfg.numHiddenLayers, vocab: cfg.vocabSize, quant, batchSize, seq, beforeMiB: mib(before), peakMiB: mib(info.peakBytes), fixedMiB: mib(fixed), gradsMiB: mib(grads), activationsMiB: mib(info.peakBytes - fixed - grads), predictedActMiB: mib(pred.activations), predictedMiB: mib(pred.total), peakKernel: peakAt, kernels: ks.length }));
  const from = Math.max(0, peakAt - Number(env('BACK', '25')));
  for (let i = from; i <= Math.min(ks.length - 1, peakAt + 3); i++) {
    const k = ks[i];
    console.log(i, k.name, 'snap', mib(k.totalBytesSnapshot), 'added', mib(k.bytesAdded), 'in', JSON.stringify(k.inputShapes), 'out', JSON.stringify(k.outputShapes));
  }
}
void main();
