import { initBackend, type BackendChoice, type BackendName } from '../backend/backend';
import { tf } from '../backend/tf';
import { createBuiltinModel, isBuiltinRef, randomLlamaTensors } from '../model/builtin-models';
import type { LlamaConfig } from '../model/llama/llama.config';
import { loadModel, modelFromTensors, saveModel, type SaveModelOptions } from '../model/llama/llama.io';
import { layerVectors, PROJECTIONS, type LlamaModel } from '../model/llama/llama.model';
import { byteTokenizer } from '../tokenizer/byte-level';
import { AdamW } from '../train/adamw';
import { batchLoss, disposeBatch, makeBatch, type EncodedExample } from '../train/batch';
import { encodedLoss } from '../train/evaluate';
import { learningRateAt } from '../train/lr-schedule';
import type { StepMetrics } from '../train/trainer';
import { optimizerStep } from '../train/optimizer-step';
import { MlError } from '../util/ml.error';
import { Rng } from '../util/rng';
import { generateCorpus } from './corpus';

/** What each pretraining step reports: a LoRA step's figures less the memory ones. */
export type PretrainStepMetrics = Pick<StepMetrics, 'step' | 'totalSteps' | 'loss' | 'learningRate' | 'gradNorm' | 'tokensPerSecond'>;

export interface PretrainOptions {
  /**
   * What to start from: `builtin:<name>` (that base's seeded weights), a Hugging Face model
   * directory (continued pretraining), or a `LlamaConfig` with `vocabSize` 256 (weights drawn
   * from `seed` like the built-in bases', byte-level tokenizer).
   */
  base: string | LlamaConfig;
  /** Seeds the generated corpus, the batch sampling and, for a config, the initial weights (default 0). */
  seed?: number;
  /** Default 300. */
  steps?: number;
  /** Default 8. */
  batchSize?: number;
  /** Tokens per training window (default 64). */
  sequenceLength?: number;
  /** Peak learning rate (default 3e-3); linear warmup, then cosine decay to 10%. */
  learningRate?: number;
  /** Default: 5% of the steps. */
  warmupSteps?: number;
  /** AdamW decoupled weight decay (default 0.01). */
  weightDecay?: number;
  /** Gradient clipping by global norm (default 1). */
  maxGradNorm?: number;
  /** Training text as lines or documents; default `generateCorpus({ seed })`. The last 5% of its tokens are held out. */
  corpus?: string[];
  /** Held-out windows evaluated before and after training (default 32). */
  evalWindows?: number;
  backend?: BackendChoice;
  onStep?: (m: PretrainStepMetrics) => void;
  /** Ends training early; the weights trained so far are evaluated and saved. */
  signal?: AbortSignal;
  /** Save the result here as a Hugging Face directory (config.json, model.safetensors, tokenizer.json). */
  out?: string;
  dtype?: SaveModelOptions['dtype'];
  /** Keep the trained model in the result (the caller disposes it); else it is disposed. */
  keepModel?: boolean;
}

export interface PretrainResult {
  /** Held-out next-token cross-entropy (nats per token) before and after training. */
  initialEvalLoss: number;
  evalLoss: number;
  /** Training loss of the last step. */
  finalLoss: number;
  stepsCompleted: number;
  stopped: boolean;
  parameters: number;
  trainTokens: number;
  evalTokens: number;
  tokensPerSecond: number;
  durationSeconds: number;
  backend: BackendName;
  model?: LlamaModel;
}

/** Every base weight as a trainable variable, in a stable order (embeddings, layers, norm, head). */
export function baseVariables(model: LlamaModel): tf.Variable[] {
  const w = model.weights;
  const asVariable = (t: tf.Tensor | undefined): tf.Variable => {
    if (!(t instanceof tf.Variable)) throw new MlError('INVALID_ARGUMENT', 'the model was not loaded with trainable weights');
    return t;
  };
  const out = [asVariable(w.embed)];
  w.layers.forEach((l, i) => {
    for (const [, v] of layerVectors(l, i)) out.push(asVariable(v));
    for (const p of PROJECTIONS) out.push(asVariable(l.proj[p].variable));
  });
  out.push(asVariable(w.norm));
  if (w.lmHead) out.push(asVariable(w.lmHead.variable));
  return out;
}

function positiveInt(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 1) throw new MlError('INVALID_ARGUMENT', `${name} must be a positive integer, got ${v}`);
  return v;
}

function trainableBase(base: PretrainOptions['base'], seed: number): LlamaModel {
  if (typeof base !== 'string') {
    if (base.vocabSize !== 256) throw new MlError('INVALID_ARGUMENT', `a config to pretrain needs vocabSize 256 (byte-level tokenizer), got ${base.vocabSize}`);
    return modelFromTensors(base, randomLlamaTensors(base, seed, 'scaled'), byteTokenizer(), { trainable: true }, `random:${seed}`);
  }
  if (isBuiltinRef(base)) return createBuiltinModel(base, { trainable: true });
  return loadModel(base.startsWith('file://') ? base.slice(7) : base, { trainable: true });
}

/** Non-overlapping windows of `seq + 1` tokens (the last may be shorter), at most `max`. */
function windows(tokens: number[], seq: number, max: number): EncodedExample[] {
  const out: EncodedExample[] = [];
  for (let i = 0; i + 1 < tokens.length && out.length < max; i += seq) out.push({ ids: tokens.slice(i, i + seq + 1), completionStart: 0 });
  return out;
}

/**
 * Trains every weight of a base (full-parameter next-token cross-entropy, AdamW, warmup and
 * cosine decay, clipping) on a text corpus, by default one generated from the seed, and saves
 * it as a Hugging Face directory that `loadModel` and runs with `baseModel: <dir>` read.
 * Deterministic for a seed on a given backend. Throws `MlError` (INVALID_ARGUMENT,
 * MODEL_UNREADABLE, NAN_LOSS, BACKEND_UNAVAILABLE).
 */
export async function pretrain(options: PretrainOptions): Promise<PretrainResult> {
  const started = performance.now();
  const seed = options.seed ?? 0;
  const steps = positiveInt('steps', options.steps ?? 300);
  const batchSize = positiveInt('batchSize', options.batchSize ?? 8);
  const seq = positiveInt('sequenceLength', options.sequenceLength ?? 64);
  const evalCount = positiveInt('evalWindows', options.evalWindows ?? 32);
  const peakLr = options.learningRate ?? 3e-3;
  if (!(peakLr > 0) || !Number.isFinite(peakLr)) throw new MlError('INVALID_ARGUMENT', `learningRate must be a positive number, got ${peakLr}`);
  const backend = await initBackend(options.backend);
  const model = trainableBase(options.base, seed);
  let optimizer: AdamW | undefined;
  let handedOver = false;
  try {
    if (seq > model.config.maxPositionEmbeddings) {
      throw new MlError('INVALID_ARGUMENT', `sequenceLength ${seq} exceeds the model's ${model.config.maxPositionEmbeddings} positions`);
    }
    const lines = options.corpus ?? generateCorpus({ seed });
    const stream = lines.flatMap((l) => model.tokenizer.encode(l));
    const heldOut = Math.max(seq + 1, Math.floor(stream.length * 0.05));
    if (stream.length < heldOut + seq + 1) {
      throw new MlError('INVALID_ARGUMENT', `the corpus has ${stream.length} tokens; at least ${heldOut + seq + 1} are needed for sequence length ${seq}`);
    }
    const trainTokens = stream.slice(0, stream.length - heldOut);
    const evalSet = windows(stream.slice(stream.length - heldOut), seq, evalCount);
    const evalTokens = evalSet.reduce((s, w) => s + w.ids.length - 1, 0);
    const evalOptions = { batchSize: Math.max(batchSize, 8), sequenceLength: seq };
    const initialEvalLoss = encodedLoss(model, evalSet, evalOptions);

    const vars = baseVariables(model);
    optimizer = new AdamW(vars, { weightDecay: options.weightDecay ?? 0.01 });
    const warmup = options.warmupSteps ?? Math.floor(steps * 0.05);
    const maxGradNorm = options.maxGradNorm ?? 1;
    const sampler = new Rng(seed).fork('pretrain:sampler');
    const lastStart = trainTokens.length - (seq + 1);
    let finalLoss = NaN;
    let trainTime = 0;
    let step = 0;
    let stopped = false;
    for (; step < steps; step++) {
      if (options.signal?.aborted) {
        stopped = true;
        break;
      }
      const lr = learningRateAt(step, peakLr, steps, warmup);
      const picked = Array.from({ length: batchSize }, () => {
        const start = sampler.int(lastStart + 1);
        return { ids: trainTokens.slice(start, start + seq + 1), completionStart: 0 };
      });
      const batch = makeBatch(picked, seq);
      const t0 = performance.now();
      let out;
      try {
        out = optimizerStep(() => batchLoss(model, batch), vars, optimizer, lr, maxGradNorm);
      } finally {
        disposeBatch(batch);
      }
      if (!Number.isFinite(out.loss)) throw new MlError('NAN_LOSS', `loss became ${out.loss} at step ${step + 1}`);
      const dt = (performance.now() - t0) / 1000;
      trainTime += dt;
      finalLoss = out.loss;
      options.onStep?.({ step: step + 1, totalSteps: steps, loss: out.loss, learningRate: lr, gradNorm: out.gradNorm, tokensPerSecond: (batchSize * seq) / dt });
      // Let timers and abort signals run between steps.
      await new Promise((r) => setImmediate(r));
    }
    const evalLoss = encodedLoss(model, evalSet, evalOptions);
    if (options.out) saveModel(model, options.out, { dtype: options.dtype });
    handedOver = !!options.keepModel;
    return {
      initialEvalLoss,
      evalLoss,
      finalLoss,
      stepsCompleted: step,
      stopped,
      parameters: model.baseParameterCount(),
      trainTokens: trainTokens.length,
      evalTokens,
      tokensPerSecond: trainTime > 0 ? (step * batchSize * seq) / trainTime : 0,
      durationSeconds: (performance.now() - started) / 1000,
      backend,
      model: options.keepModel ? model : undefined,
    };
  } finally {
    optimizer?.dispose();
    if (!handedOver) model.dispose();
  }
}
