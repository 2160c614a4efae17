import { describe, expect, it } from 'vitest';
import { TARGET_MODULES } from '../enums';
import type { ModelShape } from '../models/model-shape';
import {
  CROSS_ENTROPY_CHUNK_FLOATS,
  activationFloats,
  autoEvalBatchSize,
  crossEntropyChunkRows,
  estimateMemory,
  estimatorError,
  evalActivationFloats,
  largestProjectionFloats,
  maxAutoEvalBatchSize,
  recomputesLayers,
  type MemoryEstimateInput,
} from './estimate-memory';

/** meta-llama/Llama-3.2-1B's config.json figures. */
const LLAMA_32_1B: ModelShape = { vocabSize: 128256, hiddenSize: 2048, intermediateSize: 8192, numHiddenLayers: 16, numAttentionHeads: 32, numKeyValueHeads: 8, tieWordEmbeddings: true };

describe('estimateMemory with the chunked loss', () => {
  it('chunks hold at most CROSS_ENTROPY_CHUNK_FLOATS, at least one row, at most every token', () => {
    expect(crossEntropyChunkRows(4096, 128256)).toBe(32);
    expect(crossEntropyChunkRows(4096, 128256) * 128256).toBeLessThanOrEqual(CROSS_ENTROPY_CHUNK_FLOATS);
    expect(crossEntropyChunkRows(100, 256)).toBe(100);
    expect(crossEntropyChunkRows(10, 2 ** 23)).toBe(1);
  });

  it('predicts a loss that does not grow with tokens × vocab: Llama-3.2-1B at 8 × 512 tokens', () => {
    const c = { rank: 16, quantization: 'NF4' as const, doubleQuant: true, targetModules: [...TARGET_MODULES], sequenceLength: 512, recompute: 'always' as const };
    const withVocab = (vocabSize: number) => estimateMemory({ ...LLAMA_32_1B, vocabSize }, { ...c, batchSize: 8 }).activations;
    const lossBytes = withVocab(128256) - withVocab(1024);
    // The whole logits would be 2.1 GB; the chunked loss holds three [32 × 128256] chunks, 49 MB.
    expect(lossBytes).toBe(4 * 3 * 32 * 128256 - 4 * 3 * 4096 * 1024);
    expect(lossBytes).toBeLessThan(8 * 512 * 128256 * 4 / 40);
  });

  it('estimatorError is measured ÷ predicted, null without both', () => {
    expect(estimatorError(110, 100)).toBeCloseTo(1.1, 12);
    expect(estimatorError(null, 100)).toBeNull();
    expect(estimatorError(100, 0)).toBeNull();
    expect(estimatorError(undefined, undefined)).toBeNull();
  });
});

describe('activationBudgetMiB', () => {
  const shape: ModelShape = { vocabSize: 256, hiddenSize: 512, intermediateSize: 1376, numHiddenLayers: 4, numAttentionHeads: 8, numKeyValueHeads: 8, tieWordEmbeddings: false };
  const c = { rank: 8, quantization: 'FP32' as const, doubleQuant: false, targetModules: [...TARGET_MODULES], batchSize: 1, sequenceLength: 32 };

  it('decides auto: the whole tape under the budget, recomputed layers over it, always at 0', () => {
    const wholeTape = 4 * activationFloats(shape, c, false);
    expect(recomputesLayers(shape, c)).toBe(wholeTape > 1024 * 2 ** 20);
    expect(recomputesLayers(shape, { ...c, activationBudgetMiB: 0 })).toBe(true);
    expect(recomputesLayers(shape, { ...c, activationBudgetMiB: 0, recompute: 'never' })).toBe(false);
    expect(estimateMemory(shape, { ...c, activationBudgetMiB: 0 })).toEqual(estimateMemory(shape, { ...c, recompute: 'always' }));
    expect(estimateMemory(shape, c)).toEqual(estimateMemory(shape, { ...c, recompute: 'never' }));
  });

  it('counts one fp32 copy of the largest projection, which a short sequence at a wide model is dominated by', () => {
    expect(largestProjectionFloats(LLAMA_32_1B)).toBe(2048 * 8192);
    const short = estimateMemory(LLAMA_32_1B, { ...c, rank: 16, quantization: 'NF4', doubleQuant: true, recompute: 'always' });
    expect(short.activations).toBeGreaterThan(4 * 2048 * 8192);
  });
});

describe('evalBatchSize', () => {
  const wide: ModelShape = { vocabSize: 256, hiddenSize: 512, intermediateSize: 1376, numHiddenLayers: 4, numAttentionHeads: 8, numKeyValueHeads: 8, tieWordEmbeddings: false };
  // examples/qlora-sweep.yaml's runs: one 32-token sequence per micro-batch, every layer recomputed.
  const demo: MemoryEstimateInput = { rank: 8, quantization: 'FP32', doubleQuant: false, targetModules: ['Q_PROJ', 'V_PROJ'], batchSize: 1, sequenceLength: 32, recompute: 'always' };
  const training = (c: MemoryEstimateInput) => estimateMemory(wide, { ...c, evalBatchSize: 1 }).total;
  const evalPeak = (c: MemoryEstimateInput, b: number) => {
    const m = estimateMemory(wide, { ...c, evalBatchSize: b });
    return m.total === training(c) && m.gradients > 0 ? undefined : m.total;
  };

  it('evaluation grows with the batch and holds no [tokens × vocab] logits at a large vocabulary', () => {
    expect(evalActivationFloats(wide, { batchSize: 8, sequenceLength: 32 })).toBeGreaterThan(evalActivationFloats(wide, { batchSize: 4, sequenceLength: 32 }));
    const at = (vocabSize: number) => evalActivationFloats({ ...LLAMA_32_1B, vocabSize }, { batchSize: 32, sequenceLength: 512 });
    expect(at(128256) - at(1024)).toBe(3 * 32 * 128256 - 3 * 4096 * 1024);
  });

  it('0 picks the largest batch, up to max(32, 8 × batchSize), predicted within the training peak', () => {
    expect(maxAutoEvalBatchSize(1)).toBe(32);
    expect(maxAutoEvalBatchSize(16)).toBe(128);
    const cases: MemoryEstimateInput[] = [demo, { ...demo, quantization: 'NF4', doubleQuant: true }, { ...demo, batchSize: 8 }, { ...demo, recompute: 'never' }];
    for (const c of cases) {
      const b = autoEvalBatchSize(wide, c);
      expect(b).toBeGreaterThanOrEqual(1);
      expect(b).toBeLessThanOrEqual(maxAutoEvalBatchSize(c.batchSize));
      // Within the training peak: the estimate is the training step's.
      expect(estimateMemory(wide, { ...c, evalBatchSize: 0 })).toEqual(estimateMemory(wide, { ...c, evalBatchSize: b }));
      expect(evalPeak(c, b)).toBeUndefined();
      // The next batch would raise the peak, unless the cap stopped the search.
      if (b < maxAutoEvalBatchSize(c.batchSize)) expect(evalPeak(c, b + 1)).toBeGreaterThan(training(c));
    }
    // Recomputed layers leave little room beside the training step: the demo evaluates a few sequences at a time, not 32.
    expect(autoEvalBatchSize(wide, demo)).toBeGreaterThan(1);
    expect(autoEvalBatchSize(wide, demo)).toBeLessThan(maxAutoEvalBatchSize(demo.batchSize));
  });

  it('an explicit batch above the training peak is the estimate: no gradients then, evaluation activations', () => {
    const m = estimateMemory(wide, { ...demo, evalBatchSize: 256 });
    expect(m.total).toBeGreaterThan(training(demo));
    expect(m.gradients).toBe(0);
    expect(m.total).toBe(m.baseWeights + m.adapters + m.optimizerState + m.activations);
    expect(m.activations).toBe(4 * Math.ceil(evalActivationFloats(wide, { batchSize: 256, sequenceLength: 32 })));
  });
});
