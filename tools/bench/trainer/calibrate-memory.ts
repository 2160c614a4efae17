/**
 * Measures the peak memory of one LoRA training step on several configurations and fits the
 * activation coefficients of the estimator in libs/core/src/memory/estimate-memory.ts.
 *   node -r ./tools/scripts/register.cjs -e "require('./tools/bench/trainer/calibrate-memory.ts').main()"
 */
import { TARGET_MODULES, builtinModelShape, estimateMemory, type QuantType, type TargetModule } from '@loralab/core';
import { initBackend, optimizerStep, attachLora, measureStep, createBuiltinModel, modelShapeOf, AdamW, batchLoss, disposeBatch, makeBatch, Rng, type LlamaModel } from '@loralab/ml';

export interface MemoryCase {
  model: string;
  quantization: QuantType;
  doubleQuant: boolean;
  rank: number;
  targetModules: TargetModule[];
  batchSize: number;
  sequenceLength: number;
  /** Recompute each decoder layer in backward (gradient checkpointing) or keep the whole tape. */
  recompute: boolean;
}

export async function measureCase(c: MemoryCase) {
  const model = createBuiltinModel(c.model, { quantization: c.quantization, doubleQuant: c.doubleQuant });
  try {
    return await measureModelStep(model, c);
  } finally {
    model.dispose();
  }
}

/** One LoRA training step of `model` (random token ids), measured, beside the estimator's prediction for its shape. */
export async function measureModelStep(model: LlamaModel, c: Omit<MemoryCase, 'model'>) {
  attachLora(model, { r: c.rank, alpha: 16, dropout: 0, useRslora: false, targetModules: c.targetModules }, 1);
  const vars = model.loraVariables();
  const opt = new AdamW(vars);
  const rng = new Rng(5);
  const vocab = model.config.vocabSize;
  const enc = Array.from({ length: c.batchSize }, () => ({ ids: Array.from({ length: c.sequenceLength + 1 }, () => rng.int(vocab)), completionStart: 1 }));
  const batch = makeBatch(enc, c.sequenceLength);
  const m = await measureStep(
    () => {
      // The trainer's own step: loss, gradients, clipping at norm 1, AdamW.
      const { gradientBytes } = optimizerStep(() => batchLoss(model, batch, { noRecompute: !c.recompute }), vars, opt, 1e-3, 1);
      return { gradientBytes };
    },
    { baseWeights: model.baseByteLength(), adapters: vars.reduce((s, v) => s + v.size * 4, 0), optimizerState: opt.byteLength },
  );
  disposeBatch(batch);
  opt.dispose();
  model.removeLora();
  const predicted = estimateMemory(modelShapeOf(model.config), { ...c, recompute: c.recompute ? 'always' : 'never' });
  return { measured: m, predicted };
}

const CASES: Omit<MemoryCase, 'recompute'>[] = [
  { model: 'builtin:tiny-llama', quantization: 'FP32', doubleQuant: false, rank: 8, targetModules: [...TARGET_MODULES], batchSize: 8, sequenceLength: 32 },
  { model: 'builtin:tiny-llama', quantization: 'NF4', doubleQuant: true, rank: 4, targetModules: ['Q_PROJ', 'V_PROJ'], batchSize: 4, sequenceLength: 64 },
  { model: 'builtin:small-llama', quantization: 'FP32', doubleQuant: false, rank: 8, targetModules: [...TARGET_MODULES], batchSize: 4, sequenceLength: 32 },
  { model: 'builtin:small-llama', quantization: 'INT8', doubleQuant: false, rank: 16, targetModules: ['Q_PROJ', 'K_PROJ', 'V_PROJ', 'O_PROJ'], batchSize: 2, sequenceLength: 128 },
  { model: 'builtin:small-llama', quantization: 'NF4', doubleQuant: false, rank: 8, targetModules: [...TARGET_MODULES], batchSize: 8, sequenceLength: 64 },
  { model: 'builtin:bench-llama', quantization: 'FP32', doubleQuant: false, rank: 8, targetModules: [...TARGET_MODULES], batchSize: 4, sequenceLength: 64 },
  { model: 'builtin:bench-llama', quantization: 'NF4', doubleQuant: true, rank: 8, targetModules: [...TARGET_MODULES], batchSize: 8, sequenceLength: 128 },
  { model: 'builtin:bench-llama', quantization: 'FP16', doubleQuant: false, rank: 4, targetModules: ['GATE_PROJ', 'UP_PROJ', 'DOWN_PROJ'], batchSize: 2, sequenceLength: 256 },
  { model: 'builtin:small-llama', quantization: 'INT8', doubleQuant: false, rank: 4, targetModules: ['Q_PROJ', 'V_PROJ'], batchSize: 4, sequenceLength: 48 },
  { model: 'builtin:tiny-llama', quantization: 'INT4', doubleQuant: false, rank: 8, targetModules: [...TARGET_MODULES], batchSize: 16, sequenceLength: 16 },
  { model: 'builtin:bench-llama', quantization: 'FP4', doubleQuant: false, rank: 2, targetModules: ['Q_PROJ', 'V_PROJ'], batchSize: 2, sequenceLength: 32 },
];

/** Every case in both modes. */
export const CALIBRATION_CASES: MemoryCase[] = CASES.flatMap((c) => [{ ...c, recompute: true }, { ...c, recompute: false }]);

export async function main(): Promise<void> {
  await initBackend(process.env.LORALAB_BACKEND === 'cpu' ? 'cpu' : 'wasm');
  for (const c of CALIBRATION_CASES) {
    const { measured, predicted } = await measureCase(c);
    const s = builtinModelShape(c.model)!;
    console.log(
      JSON.stringify({
        ...c,
        targetModules: c.targetModules.length,
        tokens: c.batchSize * c.sequenceLength,
        d: s.hiddenSize,
        ffn: s.intermediateSize,
        layers: s.numHiddenLayers,
        heads: s.numAttentionHeads,
        vocab: s.vocabSize,
        measuredPeak: measured.peakBytes,
        activations: measured.breakdown.activations,
        predictedPeak: predicted.total,
        ratio: +(predicted.total / measured.peakBytes).toFixed(3),
      }),
    );
  }
}
