/**
 * Trains a short LoRA run on builtin:tiny-llama and writes, under OUT (argv or ./peft-check-out):
 * model/ (base, HF format), adapter/ (PEFT), logits.json (libs/ml's logits for IDS) and ids.txt.
 * Also OUT/qwen2/ and OUT/llama3/ with the same four files: a tiny random Qwen2 (q/k/v biases,
 * tied head) and a Llama with Llama-3 RoPE and both biases, each with a non-zero adapter on
 * every projection.
 *   node -r ./tools/scripts/register.cjs -e "require('./tools/peft-check/export.ts').main('peft-check-out')"
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TARGET_MODULES } from '@loralab/core';
import { attachLora, byteTokenizer, modelFromTensors, randomLlamaTensors, saveAdapter, saveModel, tf, train, type LlamaConfig } from '@loralab/ml';

export const IDS = [1, 72, 101, 108, 108, 111, 58, 32, 98, 97, 108, 108];

export async function main(out = 'peft-check-out'): Promise<void> {
  const r = await train({
    config: {
      baseModel: 'builtin:tiny-llama', dataset: 'builtin:topic', rank: 8, alpha: 16, quantization: 'FP32', doubleQuant: false,
      targetModules: [...TARGET_MODULES], learningRate: 1e-2, dropout: 0, warmupRatio: 0.05, steps: 30, batchSize: 8, gradientAccumulation: 1, sequenceLength: 32, activationBudgetMiB: 1024, evalBatchSize: 0, evalInterval: 0, seed: 1,
    },
    evalExamples: 16,
    keepModel: true,
  });
  const model = r.model!;
  const logits = model.logits(IDS);
  const v = model.config.vocabSize;
  const rows = Array.from({ length: IDS.length }, (_, i) => Array.from(logits.subarray(i * v, (i + 1) * v)));
  saveModel(model, join(out, 'model'));
  saveAdapter(model, join(out, 'adapter'));
  writeFileSync(join(out, 'logits.json'), JSON.stringify(rows));
  writeFileSync(join(out, 'ids.txt'), IDS.join(','));
  model.dispose();
  exportRandom(join(out, 'qwen2'), { ...SMALL, architecture: 'qwen2', tieWordEmbeddings: true });
  exportRandom(join(out, 'llama3'), {
    ...SMALL,
    attentionBias: true,
    mlpBias: true,
    ropeTheta: 500000,
    ropeScaling: { type: 'llama3', factor: 32, lowFreqFactor: 1, highFreqFactor: 4, originalMaxPositionEmbeddings: 8192 },
  });
  console.log(`wrote ${out}, ${out}/qwen2 and ${out}/llama3: model/, adapter/, logits.json, ids ${IDS.join(',')}`);
}

const SMALL: LlamaConfig = {
  vocabSize: 256, hiddenSize: 64, intermediateSize: 96, numHiddenLayers: 2, numAttentionHeads: 4, numKeyValueHeads: 2,
  headDim: 16, rmsNormEps: 1e-6, ropeTheta: 10000, tieWordEmbeddings: false, maxPositionEmbeddings: 4096,
};

function exportRandom(out: string, config: LlamaConfig): void {
  const model = modelFromTensors(config, randomLlamaTensors(config, 5, 'scaled'), byteTokenizer(), {}, `random:${config.architecture ?? 'llama'}`);
  attachLora(model, { r: 4, alpha: 8, dropout: 0, useRslora: false, targetModules: [...TARGET_MODULES] }, 1);
  for (const l of model.weights.layers) for (const a of Object.values(l.lora)) a!.bt.assign(tf.randomNormal(a!.bt.shape, 0, 0.1, 'float32', 2));
  const logits = model.logits(IDS);
  const v = config.vocabSize;
  saveModel(model, join(out, 'model'));
  saveAdapter(model, join(out, 'adapter'));
  writeFileSync(join(out, 'logits.json'), JSON.stringify(Array.from({ length: IDS.length }, (_, i) => Array.from(logits.subarray(i * v, (i + 1) * v)))));
  writeFileSync(join(out, 'ids.txt'), IDS.join(','));
  model.dispose();
}
