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
  /** The budget of `auto` (a run config's training setting; default 1024 MiB). */
  activationBudgetMiB?: number;
};

/**
 * `always`: each decoder layer saves only its input and recomputes its forward pass in
 * backward (gradient checkpointing: least memory, one more forward per step);
 * `never`: every intermediate stays until backprop ends (fastest);
 * `auto`: `never` unless its predicted activations exceed the budget.
 */
export type RecomputeMode = 'auto' | 'always' | 'never';

/** Activation bytes above which `auto` recomputes layers by default: a quarter of the 4 GiB a wasm32 heap can address. */
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

/** Floats of the largest projection: its fp32 copy (decoded, or transposed for the matmul) exists while that projection runs. */
export function largestProjectionFloats(m: ModelShape): number {
  return Math.max(...Object.values(projectionShapes(m)).map(([i, o]) => i * o));
}

/**
 * Activation floats at the peak of a libs/ml training step, by mode; coefficients fitted on
 * measured configurations (wasm backend): the eleven built-in-model cases of
 * tools/bench/trainer/calibrate-memory.ts in each mode, and Llama-3.2-1B's width (hidden 2048,
 * MLP 2048 or 8192, 1 to 4 layers; `memory-probe.ts`) and the demo base's, with activations
 * within 13% (most within 6%) in either mode. Per token, the terms are per hidden
 * unit (residual stream, norms, q/k/v/o, RoPE and the copies tfjs makes of op inputs), per
 * MLP unit and per attention score, measured apart by varying the width of the MLP alone.
 * - Recomputed layers (`always`): the peak holds one layer's recomputed forward and backward
 *   tape: per token about 90 floats per hidden unit, 8.7 per MLP unit and 6 per attention
 *   score, plus each layer's saved input and its copy (2 floats per hidden unit and token, per
 *   layer: measured as the difference between 1 and 4 layers).
 * - Whole tape (`never`): every layer's forward intermediates stay until backprop ends: per
 *   layer and token about 93 floats per hidden unit, 8.7 per MLP unit and 3.1 per attention
 *   score.
 * Both add one fp32 copy of the largest projection (`largestProjectionFloats`: 64 MiB at
 * Llama-3.2-1B's MLP, what dominates a short sequence there) and the loss's peak: three
 * `[rows × vocab]` temporaries of one cross-entropy chunk (`crossEntropyChunkRows`; the loss
 * is one chunked op with a closed-form gradient, so the whole `[tokens × vocab]` logits
 * never exist).
 */
export function activationFloats(m: ModelShape, c: ActivationInput, recompute = true): number {
  const tokens = c.batchSize * c.sequenceLength;
  const scores = c.batchSize * m.numAttentionHeads * c.sequenceLength ** 2;
  const fixed = largestProjectionFloats(m) + 3 * crossEntropyChunkRows(tokens, m.vocabSize) * m.vocabSize;
  if (!recompute) {
    return m.numHiddenLayers * (92.87 * tokens * m.hiddenSize + 8.67 * tokens * m.intermediateSize + 3.13 * scores) + fixed;
  }
  return 90.27 * tokens * m.hiddenSize + 8.66 * tokens * m.intermediateSize + 5.97 * scores + 2 * m.numHiddenLayers * tokens * m.hiddenSize + fixed;
}

/** Activation bytes above which `auto` recomputes layers: the run config's `activationBudgetMiB`, else `DEFAULT_ACTIVATION_BUDGET_BYTES`. */
export function activationBudgetBytes(c: { activationBudgetMiB?: number }): number {
  return c.activationBudgetMiB === undefined ? DEFAULT_ACTIVATION_BUDGET_BYTES : c.activationBudgetMiB * 2 ** 20;
}

/** Whether the trainer recomputes decoder layers for this configuration (see `RecomputeMode`). */
export function recomputesLayers(
  m: ModelShape,
  c: ActivationInput & { recompute?: RecomputeMode; activationBudgetMiB?: number },
  budgetBytes = activationBudgetBytes(c),
): boolean {
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
