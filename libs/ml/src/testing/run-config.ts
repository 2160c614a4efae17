import { TARGET_MODULES, type RunConfig } from '@loralab/core';

/** The tests' run: LoRA r 8 on all seven projections of `builtin:tiny-llama`, FP32, lr 1e-2, seed 1; `overrides` on top. */
export function tinyRunConfig(overrides: Partial<RunConfig> = {}): RunConfig {
  return {
    baseModel: 'builtin:tiny-llama',
    dataset: 'builtin:topic',
    rank: 8,
    alpha: 16,
    quantization: 'FP32',
    doubleQuant: false,
    targetModules: [...TARGET_MODULES],
    learningRate: 1e-2,
    dropout: 0,
    warmupRatio: 0.05,
    steps: 80,
    batchSize: 8,
    gradientAccumulation: 1,
    activationBudgetMiB: 1024,
    evalBatchSize: 0,
    sequenceLength: 32,
    evalInterval: 0,
    seed: 1,
    ...overrides,
  };
}
