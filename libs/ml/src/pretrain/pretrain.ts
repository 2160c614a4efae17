import { settingValueError, type TrainingSettingName } from '@loralab/core';
import { initBackend, type BackendChoice, type BackendName } from '../backend/backend';
import { tf } from '../backend/tf';
import { createBuiltinModel, isBuiltinRef, randomLlamaTensors } from '../model/builtin-models';
import type { LlamaConfig } from '../model/llama/llama.config';
import { loadModel, modelFromTensors, saveModel, type SaveModelOptions } from '../model/llama/llama.io';
import { layerVectors, PROJECTIONS, type LlamaModel } from '../model/llama/llama.model';
import { byteTokenizer } from '../tokenizer/byte-level';
import { AdamW, type AdamWState } from '../train/adamw';
import { batchLoss, type EncodedExample } from '../train/batch';
import { encodedLoss } from '../train/evaluate';
import { learningRateAt } from '../train/lr-schedule';
import { runTrainingLoop, type OomRetry, type StepMetrics } from '../train/training-loop';
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
  /** Windows per micro-batch (default 8). */
  batchSize?: number;
  /** Micro-batches per optimizer step (default 1): each step trains on `batchSize × gradientAccumulation` windows. */
  gradientAccumulation?: number;
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
  /**
   * Device memory in bytes: every step is measured, and one whose peak tensor bytes exceed
   * this runs out of memory as on a device that small.
   */
  deviceMemoryBytes?: number;
  /**
   * On out-of-memory, restart from the weights at the start with the largest micro-batch at
   * most half the current one that divides the step's windows, down to 1 (default true).
   */
  retryOnOutOfMemory?: boolean;
  onOomRetry?: (r: OomRetry) => void;
}

/** What an out-of-memory retry restarts from: every weight, the optimizer and the sampler. */
interface PretrainCheckpoint {
  step: number;
  lastLoss: number;
  weights: Float32Array[];
  optimizer: AdamWState;
  sampler: number;
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
  /** Highest measured peak tensor bytes of a step; measured only under `deviceMemoryBytes` (else null). */
  peakMemoryBytes: number | null;
  /** The micro-batch and accumulation training finished with (smaller than asked after an OOM retry). */
  batchSize: number;
  gradientAccumulation: number;
  oomRetries: OomRetry[];
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

/** A training setting checked against the sweep spec's bounds (@loralab/core), as the LoRA trainer's are. */
function setting(name: TrainingSettingName, v: number): number {
  const error = settingValueError(name, v);
  if (error) throw new MlError('INVALID_ARGUMENT', `${name} ${v}: ${error}`);
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
  const steps = setting('steps', options.steps ?? 300);
  const batchSize = setting('batchSize', options.batchSize ?? 8);
  const effective = batchSize * setting('gradientAccumulation', options.gradientAccumulation ?? 1);
  const seq = setting('sequenceLength', options.sequenceLength ?? 64);
  const evalCount = options.evalWindows ?? 32;
  if (!Number.isInteger(evalCount) || evalCount < 1) throw new MlError('INVALID_ARGUMENT', `evalWindows must be a positive integer, got ${evalCount}`);
  const peakLr = options.learningRate ?? 3e-3;
  const lrError = settingValueError('learningRate', peakLr);
  if (lrError) throw new MlError('INVALID_ARGUMENT', `learningRate ${peakLr}: ${lrError}`);
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
    let sampler = new Rng(seed).fork('pretrain:sampler');
    const lastStart = trainTokens.length - (seq + 1);
    const opt = optimizer;
    const cap = options.deviceMemoryBytes;
    const loop = await runTrainingLoop<PretrainCheckpoint>({
      totalSteps: steps,
      effectiveBatch: effective,
      microBatch: batchSize,
      sequenceLength: seq,
      vars,
      optimizer: opt,
      maxGradNorm: options.maxGradNorm ?? 1,
      learningRate: (step) => learningRateAt(step, peakLr, steps, warmup),
      sample: (count) =>
        Array.from({ length: count }, () => {
          const start = sampler.int(lastStart + 1);
          return { ids: trainTokens.slice(start, start + seq + 1), completionStart: 0 };
        }),
      loss: (batch) => batchLoss(model, batch),
      // Every weight is trainable: its bytes count as the trained ("adapter") tensors.
      measure: cap === undefined ? undefined : { steps: 0, persistent: { baseWeights: 0, adapters: vars.reduce((s, v) => s + v.size * 4, 0), optimizerState: opt.byteLength }, deviceMemoryBytes: cap },
      checkpoints: {
        take: ({ step, lastLoss }) => ({
          step,
          lastLoss,
          weights: vars.map((v) => (v.dataSync() as Float32Array).slice()),
          optimizer: opt.getState(),
          sampler: sampler.getState(),
        }),
        restore: (ck) => {
          tf.tidy(() => ck.weights.forEach((w, i) => vars[i].assign(tf.tensor(w, vars[i].shape))));
          opt.setState(ck.optimizer);
          sampler = Rng.fromState(ck.sampler);
        },
      },
      durationSeconds: () => (performance.now() - started) / 1000,
      shouldStop: () => !!options.signal?.aborted,
      onStep: (m) => options.onStep?.({ step: m.step, totalSteps: m.totalSteps, loss: m.loss, learningRate: m.learningRate, gradNorm: m.gradNorm, tokensPerSecond: m.tokensPerSecond }),
      retryOnOutOfMemory: options.retryOnOutOfMemory,
      onOomRetry: options.onOomRetry,
    });
    const evalLoss = encodedLoss(model, evalSet, evalOptions);
    if (options.out) saveModel(model, options.out, { dtype: options.dtype });
    handedOver = !!options.keepModel;
    return {
      initialEvalLoss,
      evalLoss,
      finalLoss: loop.finalLoss,
      stepsCompleted: loop.stepsCompleted,
      stopped: loop.stopped,
      parameters: model.baseParameterCount(),
      trainTokens: trainTokens.length,
      evalTokens,
      tokensPerSecond: loop.trainSeconds > 0 ? loop.trainTokens / loop.trainSeconds : 0,
      durationSeconds: (performance.now() - started) / 1000,
      backend,
      peakMemoryBytes: loop.measured?.peakBytes ?? null,
      batchSize: loop.microBatch,
      gradientAccumulation: effective / loop.microBatch,
      oomRetries: loop.oomRetries,
      model: options.keepModel ? model : undefined,
    };
  } finally {
    optimizer?.dispose();
    if (!handedOver) model.dispose();
  }
}
