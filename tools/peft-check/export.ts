/**
 * Trains a short LoRA run on builtin:tiny-llama and writes, under OUT (argv or ./peft-check-out):
 * model/ (base, HF format), adapter/ (PEFT), logits.json (libs/ml's logits for IDS) and ids.txt.
 *   node -r ./tools/scripts/register.cjs -e "require('./tools/peft-check/export.ts').main('peft-check-out')"
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TARGET_MODULES } from '@loralab/core';
import { saveModel, saveAdapter, train } from '@loralab/ml';

export const IDS = [1, 72, 101, 108, 108, 111, 58, 32, 98, 97, 108, 108];

export async function main(out = 'peft-check-out'): Promise<void> {
  const r = await train({
    config: {
      baseModel: 'builtin:tiny-llama', dataset: 'builtin:topic', rank: 8, alpha: 16, quantization: 'FP32', doubleQuant: false,
      targetModules: [...TARGET_MODULES], learningRate: 1e-2, dropout: 0, warmupRatio: 0.05, steps: 30, batchSize: 8, sequenceLength: 32, evalInterval: 0, seed: 1,
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
  console.log(`wrote ${out}: model/, adapter/, logits.json, ids ${IDS.join(',')}`);
}
