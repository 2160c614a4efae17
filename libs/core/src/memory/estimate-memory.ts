import { bitsPerWeight, type TargetModule } from '../enums';
import { headDimOf, type ModelShape } from '../models/model-shape';
import type { RunConfig } from '../run-config';

/** Bytes of a training step, by what occupies them. */
export interface MemoryBreakdown {
  baseWeights: number;
  adapters: number;
  gradients: number;
  optimizerState: number;
  activations: number;
  total: number;
}

/** What of a run's configuration decides its memory. */
export type MemoryEstimateInput = Pick<RunConfig, 'rank' | 'quantization' | 'doubleQuant' | 'targetModules' | 'batchSize' | 'sequenceLength'> & {
  /** How the trainer treats decoder layers in backward (default `auto`, as the trainer). */
  recompute?: RecomputeMode;
};

/**
 * `always`: each decoder layer saves only its input and recomputes its forward pass in
 * backward (gradient checkpointing: least memory, one more forward per step);
 * `never`: every intermediate stays until backprop ends (fastest);
 * `auto`: `never` unless its predicted activations exceed the budget.
 */
export type RecomputeMode = 'auto' | 'always' | 'never';

/** Activation bytes above which `auto` recomputes layers: a quarter of the 4 GiB a wasm32 heap can address. */
export const DEFAULT_ACTIVATION_BUDGET_BYTES = 1024 ** 3;

/** [in, out] of each projection of one decoder layer (the one definition; libs/ml stores them as [out, in]). */
export function projectionShapes(m: ModelShape): Record<TargetModule, [number, number]> {
  const headDim = headDimOf(m);
  const q = headDim * m.numAttentionHeads;
  const kv = headDim * m.numKeyValueHeads;
  return {
    Q_PROJ: [m.hiddenSize, q],
    K_PROJ: [m.hiddenSize, kv],
    V_PROJ: [m.hiddenSize, kv],
    O_PROJ: [q, m.hiddenSize],
    GATE_PROJ: [m.hiddenSize, m.intermediateSize],
    UP_PROJ: [m.hiddenSize, m.intermediateSize],
    DOWN_PROJ: [m.intermediateSize, m.hiddenSize],
  };
}

/** Number of LoRA parameters (A and B) that a configuration trains. */
export function trainableParameters(m: ModelShape, rank: number, targets: TargetModule[]): number {
  const shapes = projectionShapes(m);
  let perLayer = 0;
  for (const t of new Set(targets)) perLayer += rank * (shapes[t][0] + shapes[t][1]);
  return perLayer * m.numHiddenLayers;
}

/** Parameters of the frozen base model. */
export function baseParameters(m: ModelShape): number {
  const linear = Object.values(projectionShapes(m)).reduce((s, [i, o]) => s + i * o, 0);
  const embed = m.vocabSize * m.hiddenSize;
  const head = m.tieWordEmbeddings ? 0 : embed;
  return m.numHiddenLayers * (linear + 2 * m.hiddenSize) + embed + head + m.hiddenSize;
}

/**
 * Floats of one `[rows × vocab]` logits chunk of the trainer's cross-entropy (16 MiB): the
 * loss runs over the sequence in chunks of `crossEntropyChunkRows` rows, as Liger Kernel and
 * Unsloth do, so the full `[tokens × vocab]` logits are never all alive.
 */
export const CROSS_ENTROPY_CHUNK_FLOATS = 2 ** 22;

/** Rows (tokens) per cross-entropy chunk: as many as fit `CROSS_ENTROPY_CHUNK_FLOATS`, at least 1, at most `tokens`. */
export function crossEntropyChunkRows(tokens: number, vocabSize: number): number {
  return Math.max(1, Math.min(tokens, Math.floor(CROSS_ENTROPY_CHUNK_FLOATS / vocabSize)));
}

type ActivationInput = Pick<MemoryEstimateInput, 'batchSize' | 'sequenceLength' | 'rank' | 'targetModules'>;

/**
 * Activation floats at the peak of a libs/ml training step, by mode; coefficients fitted on
 * measured configurations (tools/bench/trainer/calibrate-memory.ts, wasm backend, models
 * with intermediate ≈ 2.7 × hidden).
 * - Recomputed layers (`always`): the peak holds one layer's recomputed forward and backward
 *   tape (tfjs keeps every intermediate of a tape): per token about 51 floats per MLP unit,
 *   5.3 per attention score (eleven configurations, totals within 6%).
 * - Whole tape (`never`): every layer's forward intermediates stay until backprop ends: per
 *   layer and token about 43.7 floats per MLP unit and 3 per adapter rank and target, 4.5
 *   per attention score (the same eleven configurations, totals within 9%).
 * Both add the loss's peak: three `[rows × vocab]` temporaries of one cross-entropy chunk
 * (`crossEntropyChunkRows`; the loss is one chunked op with a closed-form gradient, so the
 * whole `[tokens × vocab]` logits never exist).
 */
export function activationFloats(m: ModelShape, c: ActivationInput, recompute = true): number {
  const tokens = c.batchSize * c.sequenceLength;
  const targets = new Set(c.targetModules).size;
  const scores = c.batchSize * m.numAttentionHeads * c.sequenceLength ** 2;
  const headTape = 3 * crossEntropyChunkRows(tokens, m.vocabSize) * m.vocabSize;
  if (!recompute) {
    return m.numHiddenLayers * (43.72 * tokens * m.intermediateSize + 4.46 * scores + 2.95 * tokens * c.rank * targets) + headTape;
  }
  return 50.98 * tokens * m.intermediateSize + 5.34 * scores + headTape;
}

/** Whether the trainer recomputes decoder layers for this configuration (see `RecomputeMode`). */
export function recomputesLayers(m: ModelShape, c: ActivationInput & { recompute?: RecomputeMode }, budgetBytes = DEFAULT_ACTIVATION_BUDGET_BYTES): boolean {
  const mode = c.recompute ?? 'auto';
  if (mode !== 'auto') return mode === 'always';
  return 4 * activationFloats(m, c, false) > budgetBytes;
}

/**
 * Predicts the peak bytes of one LoRA/QLoRA training step without running anything.
 * An estimate, not a measurement: the trainer measures the real figure.
 * Linear layers of the base are stored in `quantization`; embeddings, norms and head stay fp32,
 * as bitsandbytes leaves them. Adapters, their gradients and AdamW's two moments are fp32.
 */
export function estimateMemory(m: ModelShape, c: MemoryEstimateInput): MemoryBreakdown {
  const linear = Object.values(projectionShapes(m)).reduce((s, [i, o]) => s + i * o, 0);
  const embedParams = m.vocabSize * m.hiddenSize * (m.tieWordEmbeddings ? 1 : 2);
  const otherParams = (2 * m.numHiddenLayers + 1) * m.hiddenSize + embedParams;
  const baseWeights = Math.ceil(
    (m.numHiddenLayers * linear * bitsPerWeight(c.quantization, c.doubleQuant)) / 8 +
      otherParams * 4,
  );
  const trainable = trainableParameters(m, c.rank, c.targetModules);
  const adapters = trainable * 4;
  const gradients = trainable * 4;
  const optimizerState = trainable * 8;
  const activations = 4 * Math.ceil(activationFloats(m, c, recomputesLayers(m, c)));
  return {
    baseWeights,
    adapters,
    gradients,
    optimizerState,
    activations,
    total: baseWeights + adapters + gradients + optimizerState + activations,
  };
}

/** The estimator's error on a finished run: measured peak ÷ predicted peak (null when either is missing). */
export function estimatorError(measuredBytes: number | null | undefined, predictedBytes: number | null | undefined): number | null {
  if (measuredBytes == null || predictedBytes == null || !(predictedBytes > 0) || !(measuredBytes > 0)) return null;
  return measuredBytes / predictedBytes;
}
