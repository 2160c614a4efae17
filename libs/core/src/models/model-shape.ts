/** Architecture figures of a Llama-style decoder that memory estimates need (config.json names). */
export interface ModelShape {
  vocabSize: number;
  hiddenSize: number;
  intermediateSize: number;
  numHiddenLayers: number;
  numAttentionHeads: number;
  numKeyValueHeads: number;
  tieWordEmbeddings: boolean;
  /** Width of one attention head when config.json sets `head_dim` (default hiddenSize / numAttentionHeads). */
  headDim?: number;
}

/** Width of one attention head: `headDim` where config.json sets `head_dim`, else hiddenSize / numAttentionHeads (as transformers). */
export function headDimOf(m: Pick<ModelShape, 'hiddenSize' | 'numAttentionHeads' | 'headDim'>): number {
  return m.headDim ?? m.hiddenSize / m.numAttentionHeads;
}

/** Built-in bases, made deterministically from a seed by libs/ml; byte-level vocabulary. */
export const BUILTIN_MODELS: Record<string, ModelShape> = {
  'builtin:tiny-llama': {
    vocabSize: 256,
    hiddenSize: 64,
    intermediateSize: 172,
    numHiddenLayers: 2,
    numAttentionHeads: 4,
    numKeyValueHeads: 2,
    tieWordEmbeddings: false,
  },
  'builtin:small-llama': {
    vocabSize: 256,
    hiddenSize: 128,
    intermediateSize: 344,
    numHiddenLayers: 4,
    numAttentionHeads: 4,
    numKeyValueHeads: 2,
    tieWordEmbeddings: false,
  },
  'builtin:bench-llama': {
    vocabSize: 256,
    hiddenSize: 256,
    intermediateSize: 688,
    numHiddenLayers: 4,
    numAttentionHeads: 4,
    numKeyValueHeads: 4,
    tieWordEmbeddings: false,
  },
  /**
   * Wide enough that its frozen weights (12.6M parameters, 49 MiB in fp32) dominate a
   * training step's memory at a short micro-batch with layer recomputation, as at real model
   * sizes: the demo sweep (examples/) shows QLoRA's saving with it.
   */
  'builtin:wide-llama': {
    vocabSize: 256,
    hiddenSize: 512,
    intermediateSize: 1376,
    numHiddenLayers: 4,
    numAttentionHeads: 8,
    numKeyValueHeads: 8,
    tieWordEmbeddings: false,
  },
};

export function builtinModelShape(ref: string): ModelShape | undefined {
  return BUILTIN_MODELS[ref];
}
