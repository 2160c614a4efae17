import { describe, expect, it } from 'vitest';
import { TARGET_MODULES } from '../enums';
import type { ModelShape } from '../models/model-shape';
import { CROSS_ENTROPY_CHUNK_FLOATS, crossEntropyChunkRows, estimateMemory, estimatorError } from './estimate-memory';

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
