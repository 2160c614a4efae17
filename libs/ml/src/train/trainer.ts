import { effectiveBatchSize, estimateMemory, recomputesLayers, type MemoryBreakdown, type RecomputeMode, type RunConfig } from '@loralab/core';
import { initBackend, type BackendChoice, type BackendName } from '../backend/backend';
import { tf } from '../backend/tf';
import { attachLora } from '../lora/lora.attach';
import type { LoraConfig } from '../lora/lora.types';
import { measureStep, type MeasuredMemory } from '../memory/memory-meter';
import { isOutOfMemory } from '../memory/out-of-memory';
import { modelShapeOf } from '../model/llama/llama.config';
import type { LlamaModel } from '../model/llama/llama.model';
import { resolveModel } from '../model/resolve-model';
import { resolveDataset } from '../tasks/resolve-dataset';
import type { Dataset } from '../tasks/task.types';
import { MlError } from '../util/ml.error';
import { Rng } from '../util/rng';
import { AdamW } from './adamw';
import { batchLoss, disposeBatch, encodeExample, makeBatch, type Batch, type EncodedExample } from './batch';
import type { TrainCheckpoint, TrainMeasurements } from './checkpoint';
import { evalLoss, evaluate } from './evaluate';
import { learningRateAt } from './lr-schedule';
import { optimizerStep } from './optimizer-step';

export interface StepMetrics {
  step: number;
  totalSteps: number;
  loss: number;
  learningRate: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
  tokensPerSecond: number;
  /** Tensor bytes held after the step. */
  memoryBytes: number;
  /** Peak tensor bytes of this step, on the steps where it is measured. */
  peakMemoryBytes?: number;
  /** Eval loss, every `evalInterval` steps. */
  evalLoss?: number;
}

export interface TrainProgress {
  phase: 'load' | 'train' | 'eval' | 'done';
  step: number;
  totalSteps: number;
  /** 0..1 over the whole run. */
  fraction: number;
}

/** A retry after running out of memory: from `fromStep`, at a smaller micro-batch, the same effective batch. */
export interface OomRetry {
  /** The step that ran out of memory (1-based). */
  failedStep: number;
  /** The checkpoint step training resumed from. */
  fromStep: number;
  batchSize: number;
  gradientAccumulation: number;
  /** The micro-batch that ran out. */
  previousBatchSize: number;
  error: string;
}

export interface TrainOptions {
  config: RunConfig;
  backend?: BackendChoice;
  /** A loaded base to train on instead of resolving `config.baseModel` (the caller keeps ownership). */
  model?: LlamaModel;
  /** A dataset to use instead of resolving `config.dataset`. */
  dataset?: Dataset;
  useRslora?: boolean;
  weightDecay?: number;
  /** Gradient clipping by global norm (default 1). */
  maxGradNorm?: number;
  /** Eval examples used (default 200). */
  evalExamples?: number;
  /** Steps whose peak memory is measured with `tf.profile` (default the first two). */
  measureMemorySteps?: number;
  onStep?: (m: StepMetrics) => void;
  onProgress?: (p: TrainProgress) => void;
  signal?: AbortSignal;
  shouldStop?: () => boolean;
  /** Resume from this state. */
  checkpoint?: TrainCheckpoint;
  /** Call `onCheckpoint` every N steps (and when stopped early). */
  checkpointEvery?: number;
  onCheckpoint?: (c: TrainCheckpoint) => void | Promise<void>;
  /** Keep the trained model (with its adapter) in the result for export; else it is disposed. */
  keepModel?: boolean;
  /**
   * Gradient checkpointing of decoder layers (see `RecomputeMode` in @loralab/core). Default
   * `auto`: keep the whole tape (about 1.4x faster) unless its predicted activations exceed
   * `activationBudgetBytes`.
   */
  recompute?: RecomputeMode;
  /** Budget for `recompute: 'auto'` (default: the config's `activationBudgetMiB`, else 1 GiB). */
  activationBudgetBytes?: number;
  /**
   * Device memory in bytes: every step is measured, and one whose peak tensor bytes exceed
   * this fails with OUT_OF_MEMORY as on a device that small (tests, capped devices).
   */
  deviceMemoryBytes?: number;
  /**
   * On out-of-memory, resume from the last checkpoint with half the micro-batch and twice the
   * gradient accumulation (same effective batch), down to a micro-batch of 1 (default true).
   */
  retryOnOutOfMemory?: boolean;
  onOomRetry?: (r: OomRetry) => void;
}

/**
 * Measurements combine every attempt of a run (carried in its checkpoints): the peak is the
 * highest measured over all attempts, throughput is all tokens trained over all training time.
 * A measurement no attempt took is null, never 0.
 */
export interface TrainResult {
  accuracy: number;
  evalLoss: number;
  perplexity: number;
  peakMemoryBytes: number | null;
  /** Measured breakdown of the peak step. */
  memory: MemoryBreakdown | null;
  /** The estimator's prediction for the same configuration. */
  predictedMemory: MemoryBreakdown;
  /** Process RSS after the measured step: the ceiling (null when no step was measured). */
  rssBytes: number | null;
  trainableParams: number;
  totalParams: number;
  tokensPerSecond: number | null;
  /** Wall time of all attempts. */
  durationSeconds: number;
  finalLoss: number;
  stepsCompleted: number;
  /** True when `signal`/`shouldStop` ended the run early (no evaluation then). */
  stopped: boolean;
  backend: BackendName;
  /** Whether decoder layers were recomputed in backward (gradient checkpointing). */
  recomputedLayers: boolean;
  /** The micro-batch and accumulation the run finished with (smaller than configured after an OOM retry). */
  batchSize: number;
  gradientAccumulation: number;
  oomRetries: OomRetry[];
  model?: LlamaModel;
}

/** Stable fingerprint of what determines a run's trajectory: its whole configuration but how often it evaluates. */
export function configHash(c: RunConfig): string {
  // The effective batch, not its split into micro-batches: an OOM retry resumes a checkpoint at a smaller micro-batch.
  const { evalInterval: _evalInterval, batchSize: _batchSize, gradientAccumulation: _accumulation, ...rest } = c;
  const trajectory: Record<string, unknown> = { ...rest, effectiveBatchSize: effectiveBatchSize(c) };
  return JSON.stringify(Object.keys(trajectory).sort().map((k) => [k, trajectory[k]]));
}

/** The largest micro-batch at most half of `micro` that divides `effective` evenly. */
function halvedMicroBatch(micro: number, effective: number): number {
  for (let m = Math.floor(micro / 2); m > 1; m--) if (effective % m === 0) return m;
  return 1;
}

function sampleBatch(rng: Rng, encoded: EncodedExample[], size: number): EncodedExample[] {
  return Array.from({ length: size }, () => encoded[rng.int(encoded.length)]);
}

/**
 * Trains a LoRA adapter on a frozen (optionally quantized) base: resolves the model and the
 * dataset, trains with AdamW (warmup + cosine decay, clipping), measures memory, evaluates.
 * Throws `MlError` (MODEL_UNREADABLE, DATASET_UNREADABLE, DATASET_INVALID, NAN_LOSS,
 * CHECKPOINT_INVALID, BACKEND_UNAVAILABLE).
 */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const c = options.config;
  const started = performance.now();
  const backend = await initBackend(options.backend);
  const progress = (phase: TrainProgress['phase'], step: number, fraction: number) =>
    options.onProgress?.({ phase, step, totalSteps: c.steps, fraction });
  progress('load', 0, 0);
  const ownModel = !options.model;
  const model = options.model ?? resolveModel(c.baseModel, { quantization: c.quantization, doubleQuant: c.doubleQuant });
  let optimizer: AdamW | undefined;
  try {
    const dataset = options.dataset ?? resolveDataset(c.dataset, c.seed, { evalSize: options.evalExamples ?? 200 });
    const evalSet = { ...dataset, eval: dataset.eval.slice(0, options.evalExamples ?? 200) };
    const lora: LoraConfig = { r: c.rank, alpha: c.alpha, dropout: c.dropout, targetModules: c.targetModules, useRslora: !!options.useRslora };
    attachLora(model, lora, c.seed);
    const vars = model.loraVariables();
    const shape = modelShapeOf(model.config);
    const accumulation = c.gradientAccumulation ?? 1;
    if (!Number.isInteger(accumulation) || accumulation < 1) {
      throw new MlError('INVALID_ARGUMENT', `gradientAccumulation must be a positive integer, got ${accumulation}`);
    }
    const effective = effectiveBatchSize(c);
    let microBatch = c.batchSize;
    const estimateInput = { rank: c.rank, quantization: c.quantization, doubleQuant: c.doubleQuant, targetModules: c.targetModules, batchSize: c.batchSize, sequenceLength: c.sequenceLength };
    const recompute = recomputesLayers(shape, { ...estimateInput, recompute: options.recompute, activationBudgetMiB: c.activationBudgetMiB }, options.activationBudgetBytes);
    optimizer = new AdamW(vars, { weightDecay: options.weightDecay ?? 0.01 });
    const encoded = dataset.train.map((e) => encodeExample(model.tokenizer, e));
    const sampler = new Rng(c.seed).fork('sampler');
    let dropoutRng = new Rng(c.seed).fork('dropout');
    let samplerRng = sampler;
    let startStep = 0;
    const hash = configHash(c);
    // What earlier attempts measured, up to the checkpoint this one resumes from.
    const earlier: TrainMeasurements = options.checkpoint?.measurements ?? { trainTokens: 0, trainSeconds: 0, durationSeconds: 0 };
    let measured: MeasuredMemory | undefined = earlier.peak;
    let trainTime = earlier.trainSeconds;
    let trainTokens = earlier.trainTokens;
    let finalLoss = NaN;
    const restore = (ck: TrainCheckpoint) => {
      tf.tidy(() => ck.adapter.forEach((a, i) => vars[i].assign(tf.tensor(a, vars[i].shape))));
      optimizer!.setState(ck.optimizer);
      samplerRng = Rng.fromState(ck.rngState.sampler);
      dropoutRng = Rng.fromState(ck.rngState.dropout);
      finalLoss = ck.lastLoss ?? NaN;
    };
    if (options.checkpoint) {
      const ck = options.checkpoint;
      if (ck.configHash !== hash) throw new MlError('CHECKPOINT_INVALID', 'checkpoint belongs to another run configuration');
      if (ck.adapter.length !== vars.length) throw new MlError('CHECKPOINT_INVALID', 'checkpoint adapter does not match the model');
      restore(ck);
      startStep = ck.step;
    }
    const warmup = Math.floor(c.steps * c.warmupRatio);
    const maxGradNorm = options.maxGradNorm ?? 1;
    const persistent = { baseWeights: model.baseByteLength(), adapters: vars.reduce((s, v) => s + v.size * 4, 0), optimizerState: optimizer.byteLength };
    const measureSteps = options.measureMemorySteps ?? 2;
    let stopped = false;
    const elapsed = () => earlier.durationSeconds + (performance.now() - started) / 1000;
    const snapshot = (step: number): TrainCheckpoint => ({
      step,
      rngState: { sampler: samplerRng.getState(), dropout: dropoutRng.getState() },
      adapter: vars.map((v) => (v.dataSync() as Float32Array).slice()),
      optimizer: optimizer!.getState(),
      configHash: hash,
      lastLoss: finalLoss,
      measurements: { peak: measured, trainTokens, trainSeconds: trainTime, durationSeconds: elapsed() },
    });

    const opt = optimizer;
    let stepOut = { loss: NaN, gradNorm: NaN, gradientBytes: 0 };
    /** One optimizer step over micro-batches, each loss weighted by its share of the step's loss tokens. */
    const runStep = (batches: Batch[], lr: number) => {
      const total = Math.max(1, batches.reduce((sum, b) => sum + b.tokens, 0));
      const losses = batches.map((b) => () => tf.mul(batchLoss(model, b, { dropoutRng, noRecompute: !recompute }), b.tokens / total) as tf.Scalar);
      stepOut = optimizerStep(losses, vars, opt, lr, maxGradNorm);
      return stepOut;
    };
    const oomRetries: OomRetry[] = [];
    let lastCheckpoint = snapshot(startStep);
    let measureFrom = startStep;

    const cap = options.deviceMemoryBytes;
    let stepIndex = startStep;
    for (; stepIndex < c.steps; stepIndex++) {
      if (options.signal?.aborted || options.shouldStop?.()) {
        stopped = true;
        break;
      }
      const lr = learningRateAt(stepIndex, c.learningRate, c.steps, warmup);
      // The step's examples are drawn as one effective batch, then split: the trajectory does
      // not depend on the micro-batch.
      const examples = sampleBatch(samplerRng, encoded, effective);
      const batches: Batch[] = [];
      for (let i = 0; i < examples.length; i += microBatch) batches.push(makeBatch(examples.slice(i, i + microBatch), c.sequenceLength));
      const t0 = performance.now();
      let peak: number | undefined;
      try {
        if (stepIndex - measureFrom < measureSteps || cap !== undefined) {
          const m = await measureStep(() => runStep(batches, lr), persistent);
          if (cap !== undefined && m.peakBytes > cap) {
            throw new MlError('OUT_OF_MEMORY', `step ${stepIndex + 1} at micro-batch ${microBatch} needs ${m.peakBytes} bytes of tensors, the device has ${cap}`);
          }
          if (!measured || m.peakBytes > measured.peakBytes) measured = m;
          peak = m.peakBytes;
        } else runStep(batches, lr);
      } catch (err) {
        if (!isOutOfMemory(err) || options.retryOnOutOfMemory === false || microBatch <= 1) {
          if (isOutOfMemory(err) && !(err instanceof MlError)) throw new MlError('OUT_OF_MEMORY', (err as Error).message ?? String(err), { cause: err });
          throw err;
        }
        const retry: OomRetry = {
          failedStep: stepIndex + 1,
          fromStep: lastCheckpoint.step,
          previousBatchSize: microBatch,
          batchSize: halvedMicroBatch(microBatch, effective),
          gradientAccumulation: 0,
          error: (err as Error).message ?? String(err),
        };
        microBatch = retry.batchSize;
        retry.gradientAccumulation = effective / microBatch;
        estimateInput.batchSize = microBatch;
        oomRetries.push(retry);
        options.onOomRetry?.(retry);
        restore(lastCheckpoint);
        stepIndex = lastCheckpoint.step - 1;
        measured = undefined;
        measureFrom = lastCheckpoint.step;
        continue;
      } finally {
        batches.forEach(disposeBatch);
      }
      if (!Number.isFinite(stepOut.loss)) throw new MlError('NAN_LOSS', `loss became ${stepOut.loss} at step ${stepIndex + 1}`);
      const dt = (performance.now() - t0) / 1000;
      trainTime += dt;
      trainTokens += effective * c.sequenceLength;
      finalLoss = stepOut.loss;
      const metrics: StepMetrics = {
        step: stepIndex + 1,
        totalSteps: c.steps,
        loss: stepOut.loss,
        learningRate: lr,
        gradNorm: stepOut.gradNorm,
        tokensPerSecond: (effective * c.sequenceLength) / dt,
        memoryBytes: tf.memory().numBytes,
        peakMemoryBytes: peak,
      };
      if (c.evalInterval > 0 && (stepIndex + 1) % c.evalInterval === 0 && stepIndex + 1 < c.steps) {
        metrics.evalLoss = evalLoss(model, evalSet.eval.slice(0, 64), { batchSize: c.batchSize, sequenceLength: c.sequenceLength });
      }
      options.onStep?.(metrics);
      progress('train', stepIndex + 1, (0.9 * (stepIndex + 1)) / c.steps);
      if (options.onCheckpoint && options.checkpointEvery && (stepIndex + 1) % options.checkpointEvery === 0) {
        lastCheckpoint = snapshot(stepIndex + 1);
        await options.onCheckpoint(lastCheckpoint);
      }
      // Let timers, aborts and heartbeats run between steps.
      await new Promise((r) => setImmediate(r));
    }
    if (stopped && options.onCheckpoint) await options.onCheckpoint(snapshot(stepIndex));

    const predicted = estimateMemory(shape, { ...estimateInput, recompute: recompute ? 'always' : 'never' });
    let ev = { accuracy: NaN, evalLoss: NaN, perplexity: NaN };
    if (!stopped) {
      progress('eval', stepIndex, 0.9);
      ev = evaluate(model, evalSet, {
        batchSize: c.batchSize,
        sequenceLength: c.sequenceLength,
        onProgress: (f) => progress('eval', stepIndex, 0.9 + 0.1 * f),
      });
    }
    progress('done', stepIndex, 1);
    const trainable = vars.reduce((s, v) => s + v.size, 0);
    return {
      ...ev,
      peakMemoryBytes: measured?.peakBytes ?? null,
      memory: measured?.breakdown ?? null,
      predictedMemory: predicted,
      rssBytes: measured?.rssBytes ?? null,
      trainableParams: trainable,
      totalParams: model.baseParameterCount() + trainable,
      tokensPerSecond: trainTime > 0 ? trainTokens / trainTime : null,
      durationSeconds: elapsed(),
      finalLoss,
      stepsCompleted: stepIndex,
      stopped,
      backend,
      recomputedLayers: recompute,
      batchSize: microBatch,
      gradientAccumulation: effective / microBatch,
      oomRetries,
      model: options.keepModel ? model : undefined,
    };
  } finally {
    optimizer?.dispose();
    if (!options.keepModel) {
      if (ownModel) model.dispose();
      else model.removeLora();
    }
  }
}
