import { bitsPerWeight, type QuantType, type TargetModule } from '../enums';
import type { ModelShape } from '../models/model-shape';

/** Bytes of a training step, by what occupies them. */
export interface MemoryBreakdown {
  baseWeights: number;
  adapters: number;
  gradients: number;
  optimizerState: number;
  activations: number;
  total: number;
}

export interface MemoryEstimateInput {
  rank: number;
  quantization: QuantType;
  doubleQuant: boolean;
  targetModules: TargetModule[];
  batchSize: number;
  sequenceLength: number;
}

/** [in, out] of each projection of one decoder layer. */
export function projectionShapes(m: ModelShape): Record<TargetModule, [number, number]> {
  const headDim = m.hiddenSize / m.numAttentionHeads;
  const kv = headDim * m.numKeyValueHeads;
  return {
    Q_PROJ: [m.hiddenSize, m.hiddenSize],
    K_PROJ: [m.hiddenSize, kv],
    V_PROJ: [m.hiddenSize, kv],
    O_PROJ: [m.hiddenSize, m.hiddenSize],
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
 * Activation floats at the peak of a libs/ml training step. The trainer recomputes each decoder
 * layer in backward (gradient checkpointing), so the peak holds one layer's recomputed
 * forward and backward tape (tfjs keeps every intermediate of a tape) and the head's logits
 * and loss tape. Coefficients fitted on eleven measured configurations
 * (tools/bench/trainer/calibrate-memory.ts, wasm backend, models with intermediate ≈ 2.7 ×
 * hidden; every configuration within 5%): per token about 55.5 floats per MLP unit, 11 per
 * vocabulary entry and 6.3 per adapter rank and target; 6.1 per attention score.
 */
export function activationFloats(m: ModelShape, c: Pick<MemoryEstimateInput, 'batchSize' | 'sequenceLength' | 'rank' | 'targetModules'>): number {
  const tokens = c.batchSize * c.sequenceLength;
  const layerTape =
    55.54 * tokens * m.intermediateSize +
    6.13 * c.batchSize * m.numAttentionHeads * c.sequenceLength ** 2 +
    6.26 * tokens * c.rank * new Set(c.targetModules).size;
  const headTape = 10.99 * tokens * m.vocabSize;
  return layerTape + headTape;
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
  const activations = 4 * Math.ceil(activationFloats(m, c));
  return {
    baseWeights,
    adapters,
    gradients,
    optimizerState,
    activations,
    total: baseWeights + adapters + gradients + optimizerState + activations,
  };
}
