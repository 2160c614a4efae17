import { effectiveBatchSize, estimateMemory, recomputesLayers, resolveEvalBatchSize, settingValueError, type AccuracyMetric, type MemoryBreakdown, type RecomputeMode, type RunConfig } from '@loralab/core';
import { initBackend, type BackendChoice, type BackendName } from '../backend/backend';
import { tf } from '../backend/tf';
import { attachLora } from '../lora/lora.attach';
import type { LoraConfig } from '../lora/lora.types';
import { modelShapeOf } from '../model/llama/llama.config';
import type { LlamaModel } from '../model/llama/llama.model';
import type { LoadProgress } from '../model/llama/llama.io';
import { resolveModel } from '../model/resolve-model';
import { encodeTrainingSet } from '../data/packing';
import { resolveDataset } from '../tasks/resolve-dataset';
import type { Dataset } from '../tasks/task.types';
import { asOutOfMemoryError, isOutOfMemory } from '../memory/out-of-memory';
import { MlError } from '../util/ml.error';
import { Rng } from '../util/rng';
import { AdamW } from './adamw';
import { batchLoss } from './batch';
import type { TrainCheckpoint } from './checkpoint';
import { evalLoss, evaluate } from './evaluate';
import { learningRateAt } from './lr-schedule';
import { runTrainingLoop, type OomRetry, type StepMetrics } from './training-loop';

export type { OomRetry, StepMetrics } from './training-loop';

export interface TrainProgress {
  phase: 'load' | 'train' | 'eval' | 'done';
  step: number;
  totalSteps: number;
  /** 0..1 over the whole run. */
  fraction: number;
  /** In the load phase, loading the base: weights files read (a Hugging Face directory), then decoder layers built. */
  load?: LoadProgress;
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
  /** Steps whose peak memory is measured with `tf.profile` (default the first two); 0 also leaves the final evaluation unmeasured. */
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
  /** Keep the trained model (with its adapter) in the result for export; else (and when training throws) it is disposed. */
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
  /** What `accuracy` measures (null when the run stopped before its evaluation). */
  accuracyMetric: AccuracyMetric | null;
  evalLoss: number;
  perplexity: number;
  /** Highest measured peak of the run: its measured training steps' and its final evaluation's first batches'. */
  peakMemoryBytes: number | null;
  /** Measured peak of the final evaluation alone (null when it did not run or was not measured). */
  evalPeakMemoryBytes: number | null;
  /** Sequences per evaluation forward pass: the config's `evalBatchSize`, or the one chosen for it when 0. */
  evalBatchSize: number;
  /** Measured breakdown of the peak (an evaluation's peak has no gradients). */
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

/** Stable fingerprint of what determines a run's trajectory: its whole configuration but how often and in what batches it evaluates. */
export function configHash(c: RunConfig): string {
  // The effective batch, not its split into micro-batches: an OOM retry resumes a checkpoint at a smaller micro-batch.
  const { evalInterval: _evalInterval, evalBatchSize: _evalBatchSize, batchSize: _batchSize, gradientAccumulation: _accumulation, ...rest } = c;
  const trajectory: Record<string, unknown> = { ...rest, effectiveBatchSize: effectiveBatchSize(c) };
  return JSON.stringify(Object.keys(trajectory).sort().map((k) => [k, trajectory[k]]));
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
  const progress = (phase: TrainProgress['phase'], step: number, fraction: number, load?: LoadProgress) =>
    options.onProgress?.({ phase, step, totalSteps: c.steps, fraction, ...(load ? { load } : {}) });
  progress('load', 0, 0);
  const ownModel = !options.model;
  const model =
    options.model ?? resolveModel(c.baseModel, { quantization: c.quantization, doubleQuant: c.doubleQuant, onProgress: (load) => progress('load', 0, 0, load) });
  let optimizer: AdamW | undefined;
  // The model goes to the caller only with a result: a run that throws frees it (or its adapter) either way.
  let handedOver = false;
  try {
    const dataset =
      options.dataset ??
      (await resolveDataset(c.dataset, { seed: c.seed, tokenizer: model.tokenizer, settings: c.datasetSettings, evalSize: options.evalExamples ?? 200 }));
    const evalSet = { ...dataset, eval: dataset.eval.slice(0, options.evalExamples ?? 200) };
    const lora: LoraConfig = { r: c.rank, alpha: c.alpha, dropout: c.dropout, targetModules: c.targetModules, useRslora: !!options.useRslora };
    attachLora(model, lora, c.seed);
    const vars = model.loraVariables();
    const shape = modelShapeOf(model.config);
    const accumulationError = settingValueError('gradientAccumulation', c.gradientAccumulation ?? 1);
    if (accumulationError) throw new MlError('INVALID_ARGUMENT', `gradientAccumulation ${c.gradientAccumulation}: ${accumulationError}`);
    const budgetError = c.activationBudgetMiB === undefined ? undefined : settingValueError('activationBudgetMiB', c.activationBudgetMiB);
    if (budgetError) throw new MlError('INVALID_ARGUMENT', `activationBudgetMiB ${c.activationBudgetMiB}: ${budgetError}`);
    const evalBatchError = c.evalBatchSize === undefined ? undefined : settingValueError('evalBatchSize', c.evalBatchSize);
    if (evalBatchError) throw new MlError('INVALID_ARGUMENT', `evalBatchSize ${c.evalBatchSize}: ${evalBatchError}`);
    const effective = effectiveBatchSize(c);
    const estimateInput = { rank: c.rank, quantization: c.quantization, doubleQuant: c.doubleQuant, targetModules: c.targetModules, batchSize: c.batchSize, sequenceLength: c.sequenceLength };
    const recompute = recomputesLayers(shape, { ...estimateInput, recompute: options.recompute, activationBudgetMiB: c.activationBudgetMiB }, options.activationBudgetBytes);
    /** The run's memory as the estimator sees it at micro-batch `micro` (after an OOM retry, the smaller one). */
    const memoryInput = (micro: number) => ({ ...estimateInput, batchSize: micro, recompute: (recompute ? 'always' : 'never') as RecomputeMode, evalBatchSize: c.evalBatchSize });
    /** The eval batch at micro-batch `micro`, or smaller once an evaluation had to be retried at a smaller one. */
    let evalBatchLimit = Infinity;
    const evalBatchAt = (micro: number) => Math.min(evalBatchLimit, resolveEvalBatchSize(shape, memoryInput(micro)));
    /**
     * Runs an evaluation at `batchSize`, retried at half the eval batch (down to 1) when it runs
     * out of memory or measures above deviceMemoryBytes, as a step is at half the micro-batch (its
     * scores do not depend on the batch); later evaluations start at the batch that fit.
     */
    const withEvalRetry = async <T>(batchSize: number, run: (batch: number) => Promise<T>): Promise<{ value: T; batchSize: number }> => {
      for (let batch = batchSize; ; batch = Math.max(1, Math.floor(batch / 2))) {
        try {
          return { value: await run(batch), batchSize: batch };
        } catch (err) {
          if (!isOutOfMemory(err)) throw err;
          if (options.retryOnOutOfMemory === false || batch <= 1) throw asOutOfMemoryError(err);
          evalBatchLimit = Math.max(1, Math.floor(batch / 2));
        }
      }
    };
    optimizer = new AdamW(vars, { weightDecay: options.weightDecay ?? 0.01 });
    const encoded = encodeTrainingSet(model.tokenizer, dataset, { settings: c.datasetSettings, sequenceLength: c.sequenceLength, seed: c.seed });
    const sampler = new Rng(c.seed).fork('sampler');
    let dropoutRng = new Rng(c.seed).fork('dropout');
    let samplerRng = sampler;
    const hash = configHash(c);
    const elapsed = () => (options.checkpoint?.measurements?.durationSeconds ?? 0) + (performance.now() - started) / 1000;
    const restore = (ck: TrainCheckpoint) => {
      tf.tidy(() => ck.adapter.forEach((a, i) => vars[i].assign(tf.tensor(a, vars[i].shape))));
      optimizer!.setState(ck.optimizer);
      samplerRng = Rng.fromState(ck.rngState.sampler);
      dropoutRng = Rng.fromState(ck.rngState.dropout);
    };
    if (options.checkpoint) {
      const ck = options.checkpoint;
      if (ck.configHash !== hash) throw new MlError('CHECKPOINT_INVALID', 'checkpoint belongs to another run configuration');
      if (ck.adapter.length !== vars.length) throw new MlError('CHECKPOINT_INVALID', 'checkpoint adapter does not match the model');
      restore(ck);
    }
    const warmup = Math.floor(c.steps * c.warmupRatio);
    const onCheckpoint = options.onCheckpoint;
    // Bytes that live through the whole run: the frozen base, the adapters and AdamW's moments.
    const persistent = { baseWeights: model.baseByteLength(), adapters: vars.reduce((s, v) => s + v.size * 4, 0), optimizerState: optimizer.byteLength };
    const firstStep = options.checkpoint?.step ?? 0;
    progress('train', firstStep, (0.9 * firstStep) / c.steps);
    const loop = await runTrainingLoop<TrainCheckpoint>({
      totalSteps: c.steps,
      resumeFrom: options.checkpoint,
      effectiveBatch: effective,
      microBatch: c.batchSize,
      sequenceLength: c.sequenceLength,
      vars,
      optimizer,
      maxGradNorm: options.maxGradNorm ?? 1,
      learningRate: (step) => learningRateAt(step, c.learningRate, c.steps, warmup),
      sample: (count) => Array.from({ length: count }, () => encoded[samplerRng.int(encoded.length)]),
      loss: (batch) => batchLoss(model, batch, { dropoutRng, noRecompute: !recompute }),
      measure: {
        steps: options.measureMemorySteps ?? 2,
        persistent,
        deviceMemoryBytes: options.deviceMemoryBytes,
      },
      evaluation: {
        every: c.evalInterval,
        // Sized at the micro-batch in use (after an out-of-memory retry, the halved one), held to deviceMemoryBytes.
        run: async (step, micro) =>
          (
            await withEvalRetry(evalBatchAt(micro), (batchSize) =>
              evalLoss(model, evalSet.eval.slice(0, 64), {
                batchSize,
                sequenceLength: c.sequenceLength,
                measureMemory: options.deviceMemoryBytes !== undefined,
                deviceMemoryBytes: options.deviceMemoryBytes,
                onProgress: () => progress('eval', step, (0.9 * step) / c.steps),
              }),
            )
          ).value.evalLoss,
      },
      checkpoints: {
        every: options.checkpointEvery,
        take: ({ step, lastLoss, measurements }) => ({
          step,
          rngState: { sampler: samplerRng.getState(), dropout: dropoutRng.getState() },
          adapter: vars.map((v) => (v.dataSync() as Float32Array).slice()),
          optimizer: optimizer!.getState(),
          configHash: hash,
          lastLoss,
          measurements,
        }),
        save: onCheckpoint && ((ck) => onCheckpoint(ck)),
        restore,
      },
      earlier: options.checkpoint?.measurements,
      durationSeconds: elapsed,
      shouldStop: () => !!options.signal?.aborted || !!options.shouldStop?.(),
      onStep: (m) => {
        options.onStep?.(m);
        progress('train', m.step, (0.9 * m.step) / c.steps);
      },
      retryOnOutOfMemory: options.retryOnOutOfMemory,
      onOomRetry: options.onOomRetry,
    });
    const { stepsCompleted: stepIndex, stopped, measured, microBatch } = loop;
    estimateInput.batchSize = microBatch;
    let evalBatchSize = evalBatchAt(microBatch);
    let ev: Pick<TrainResult, 'accuracy' | 'accuracyMetric' | 'evalLoss' | 'perplexity'> = { accuracy: NaN, accuracyMetric: null, evalLoss: NaN, perplexity: NaN };
    let evalPeak: number | undefined;
    if (!stopped) {
      progress('eval', stepIndex, 0.9);
      const final = await withEvalRetry(evalBatchSize, (batchSize) =>
        evaluate(model, evalSet, {
          batchSize,
          sequenceLength: c.sequenceLength,
          measureMemory: (options.measureMemorySteps ?? 2) > 0 || options.deviceMemoryBytes !== undefined,
          deviceMemoryBytes: options.deviceMemoryBytes,
          onProgress: (f) => progress('eval', stepIndex, 0.9 + 0.1 * f),
        }),
      );
      const { batchSize: _b, examples: _e, peakBytes, ...scores } = final.value;
      ev = scores;
      evalPeak = peakBytes;
      evalBatchSize = final.batchSize;
    }
    const predicted = estimateMemory(shape, { ...memoryInput(microBatch), evalBatchSize });
    // The run's peak is the higher of training's and evaluation's; evaluation holds no gradients.
    let peak = measured;
    if (evalPeak !== undefined && (!peak || evalPeak > peak.peakBytes)) {
      const fixed = persistent.baseWeights + persistent.adapters + persistent.optimizerState;
      peak = {
        peakBytes: evalPeak,
        breakdown: { ...persistent, gradients: 0, activations: Math.max(0, evalPeak - fixed), total: evalPeak },
        rssBytes: Math.max(peak?.rssBytes ?? 0, process.memoryUsage().rss),
      };
    }
    progress('done', stepIndex, 1);
    const trainable = vars.reduce((s, v) => s + v.size, 0);
    handedOver = !!options.keepModel;
    return {
      ...ev,
      peakMemoryBytes: peak?.peakBytes ?? null,
      evalPeakMemoryBytes: evalPeak ?? null,
      evalBatchSize,
      memory: peak?.breakdown ?? null,
      predictedMemory: predicted,
      rssBytes: peak?.rssBytes ?? null,
      trainableParams: trainable,
      totalParams: model.baseParameterCount() + trainable,
      tokensPerSecond: loop.trainSeconds > 0 ? loop.trainTokens / loop.trainSeconds : null,
      durationSeconds: elapsed(),
      finalLoss: loop.finalLoss,
      stepsCompleted: stepIndex,
      stopped,
      backend,
      recomputedLayers: recompute,
      batchSize: microBatch,
      gradientAccumulation: effective / microBatch,
      oomRetries: loop.oomRetries,
      model: options.keepModel ? model : undefined,
    };
  } finally {
    optimizer?.dispose();
    if (!handedOver) {
      if (ownModel) model.dispose();
      else model.removeLora();
    }
  }
}
