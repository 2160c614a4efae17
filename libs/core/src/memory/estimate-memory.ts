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
  /** Sequences per evaluation forward pass; 0 or absent: `autoEvalBatchSize` (a run config's training setting). */
  evalBatchSize?: number;
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

/**
 * Activation floats at the peak of one evaluation batch of `batchSize` sequences (forward
 * only, no tape, so nothing is saved for backward): each decoder layer runs as one op whose
 * intermediates are freed when it returns, so the peak holds one layer's forward
 * intermediates (per token about EVAL_FLOATS.perHidden floats per hidden unit, perMlp per MLP
 * unit and perScore per attention score), the output of every layer so far (1 float per
 * hidden unit and token, per layer, plus the embeddings), one fp32 copy of the largest
 * projection, and the head's logits in loss-sized chunks (three `[rows × vocab]`
 * temporaries of one chunk, as the loss: evaluation never holds the whole
 * `[tokens × vocab]` logits). Fitted on the wasm backend (tools/bench/trainer/eval-memory.ts:
 * 4 layers, hidden 512 or 1024, MLP 1376 or 4096, 1 to 32 sequences of 32 or 128 tokens, a
 * 256-entry vocabulary, so the head-chunk term is not measured at a large one): measured 0.96
 * to 0.995 of the prediction, never above it.
 */
export function evalActivationFloats(m: ModelShape, c: Pick<ActivationInput, 'batchSize' | 'sequenceLength'>): number {
  const tokens = c.batchSize * c.sequenceLength;
  const scores = c.batchSize * m.numAttentionHeads * c.sequenceLength ** 2;
  const layer = EVAL_FLOATS.perHidden * tokens * m.hiddenSize + EVAL_FLOATS.perMlp * tokens * m.intermediateSize + EVAL_FLOATS.perScore * scores;
  const outputs = (m.numHiddenLayers + 1) * tokens * m.hiddenSize;
  return layer + outputs + largestProjectionFloats(m) + 3 * crossEntropyChunkRows(tokens, m.vocabSize) * m.vocabSize;
}

/** Per-token coefficients of one decoder layer's forward intermediates in evaluation (see `evalActivationFloats`). */
export const EVAL_FLOATS = { perHidden: 41, perMlp: 5, perScore: 3 };

/** Most sequences `autoEvalBatchSize` picks: 32, or 8 micro-batches when that is more. */
export function maxAutoEvalBatchSize(batchSize: number): number {
  return Math.min(4096, Math.max(32, 8 * batchSize));
}

/**
 * The evaluation batch a run uses when its `evalBatchSize` is 0: the largest, up to
 * `maxAutoEvalBatchSize`, whose predicted evaluation peak stays within the run's predicted
 * training peak (so evaluation does not raise the run's peak memory); at least 1.
 */
export function autoEvalBatchSize(m: ModelShape, c: MemoryEstimateInput): number {
  const train = trainingPeak(m, c);
  const fits = (b: number) => evaluationPeak(m, c, b) <= train.total;
  let lo = 1;
  let hi = maxAutoEvalBatchSize(c.batchSize);
  if (fits(hi)) return hi;
  // Evaluation memory grows with the batch: the largest that fits, by bisection.
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** The evaluation batch a run uses: its `evalBatchSize`, or `autoEvalBatchSize` when that is 0 or absent. */
export function resolveEvalBatchSize(m: ModelShape, c: MemoryEstimateInput): number {
  return c.evalBatchSize ? c.evalBatchSize : autoEvalBatchSize(m, c);
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

function baseWeightBytes(m: ModelShape, c: Pick<MemoryEstimateInput, 'quantization' | 'doubleQuant'>): number {
  const linear = Object.values(projectionShapes(m)).reduce((s, [i, o]) => s + i * o, 0);
  const embedParams = m.vocabSize * m.hiddenSize * (m.tieWordEmbeddings ? 1 : 2);
  const otherParams = (2 * m.numHiddenLayers + 1) * m.hiddenSize + embedParams;
  return Math.ceil((m.numHiddenLayers * linear * bitsPerWeight(c.quantization, c.doubleQuant)) / 8 + otherParams * 4);
}

/** The peak of one training step. */
function trainingPeak(m: ModelShape, c: MemoryEstimateInput): MemoryBreakdown {
  const baseWeights = baseWeightBytes(m, c);
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

/** Bytes at the peak of one evaluation batch: weights, adapters and optimizer state stay; no gradients. */
function evaluationPeak(m: ModelShape, c: MemoryEstimateInput, evalBatchSize: number): number {
  const trainable = trainableParameters(m, c.rank, c.targetModules);
  return baseWeightBytes(m, c) + trainable * 12 + 4 * Math.ceil(evalActivationFloats(m, { batchSize: evalBatchSize, sequenceLength: c.sequenceLength }));
}

/**
 * Predicts the peak bytes of a LoRA/QLoRA run without running anything: one training step's,
 * or, when the run's evaluation batch (an explicit `evalBatchSize`) is predicted above it, an
 * evaluation batch's (then `gradients` is 0 and `activations` are the evaluation's).
 * An estimate, not a measurement: the trainer measures the real figure.
 * Linear layers of the base are stored in `quantization`; embeddings, norms and head stay fp32,
 * as bitsandbytes leaves them. Adapters, their gradients and AdamW's two moments are fp32.
 */
export function estimateMemory(m: ModelShape, c: MemoryEstimateInput): MemoryBreakdown {
  const train = trainingPeak(m, c);
  const evalBatch = resolveEvalBatchSize(m, c);
  const evaluation = evaluationPeak(m, c, evalBatch);
  if (evaluation <= train.total) return train;
  return { ...train, gradients: 0, activations: evaluation - train.baseWeights - train.adapters - train.optimizerState, total: evaluation };
}

/** The estimator's error on a finished run: measured peak ÷ predicted peak (null when either is missing). */
export function estimatorError(measuredBytes: number | null | undefined, predictedBytes: number | null | undefined): number | null {
  if (measuredBytes == null || predictedBytes == null || !(predictedBytes > 0) || !(measuredBytes > 0)) return null;
  return measuredBytes / predictedBytes;
}
