import { estimateMemory, recomputesLayers, type AccuracyMetric, type MemoryBreakdown, type RecomputeMode, type RunConfig } from '@loralab/core';
import { initBackend, type BackendChoice, type BackendName } from '../backend/backend';
import { tf } from '../backend/tf';
import { attachLora } from '../lora/lora.attach';
import type { LoraConfig } from '../lora/lora.types';
import { measureStep, type MeasuredMemory } from '../memory/memory-meter';
import { modelShapeOf } from '../model/llama/llama.config';
import type { LlamaModel } from '../model/llama/llama.model';
import { resolveModel } from '../model/resolve-model';
import { encodeTrainingSet } from '../data/packing';
import { resolveDataset } from '../tasks/resolve-dataset';
import type { Dataset } from '../tasks/task.types';
import { MlError } from '../util/ml.error';
import { Rng } from '../util/rng';
import { AdamW } from './adamw';
import { disposeBatch, makeBatch, maskedCrossEntropy, type EncodedExample } from './batch';
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
  /** Budget for `recompute: 'auto'` (default `DEFAULT_ACTIVATION_BUDGET_BYTES`, 1 GiB). */
  activationBudgetBytes?: number;
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
  model?: LlamaModel;
}

/** Stable fingerprint of what determines a run's trajectory: its whole configuration but how often it evaluates. */
export function configHash(c: RunConfig): string {
  const { evalInterval: _evalInterval, ...trajectory } = c;
  return JSON.stringify(Object.keys(trajectory).sort().map((k) => [k, trajectory[k as keyof typeof trajectory]]));
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
    const dataset =
      options.dataset ??
      (await resolveDataset(c.dataset, { seed: c.seed, tokenizer: model.tokenizer, settings: c.datasetSettings, evalSize: options.evalExamples ?? 200 }));
    const evalSet = { ...dataset, eval: dataset.eval.slice(0, options.evalExamples ?? 200) };
    const lora: LoraConfig = { r: c.rank, alpha: c.alpha, dropout: c.dropout, targetModules: c.targetModules, useRslora: !!options.useRslora };
    attachLora(model, lora, c.seed);
    const vars = model.loraVariables();
    const shape = modelShapeOf(model.config);
    const recompute = recomputesLayers(shape, { ...c, recompute: options.recompute }, options.activationBudgetBytes);
    optimizer = new AdamW(vars, { weightDecay: options.weightDecay ?? 0.01 });
    const encoded = encodeTrainingSet(model.tokenizer, dataset, { settings: c.datasetSettings, sequenceLength: c.sequenceLength, seed: c.seed });
    const sampler = new Rng(c.seed).fork('sampler');
    let dropoutRng = new Rng(c.seed).fork('dropout');
    let samplerRng = sampler;
    let startStep = 0;
    const hash = configHash(c);
    if (options.checkpoint) {
      const ck = options.checkpoint;
      if (ck.configHash !== hash) throw new MlError('CHECKPOINT_INVALID', 'checkpoint belongs to another run configuration');
      if (ck.adapter.length !== vars.length) throw new MlError('CHECKPOINT_INVALID', 'checkpoint adapter does not match the model');
      tf.tidy(() => ck.adapter.forEach((a, i) => vars[i].assign(tf.tensor(a, vars[i].shape))));
      optimizer.setState(ck.optimizer);
      samplerRng = Rng.fromState(ck.rngState.sampler);
      dropoutRng = Rng.fromState(ck.rngState.dropout);
      startStep = ck.step;
    }
    const warmup = Math.floor(c.steps * c.warmupRatio);
    const maxGradNorm = options.maxGradNorm ?? 1;
    const persistent = { baseWeights: model.baseByteLength(), adapters: vars.reduce((s, v) => s + v.size * 4, 0), optimizerState: optimizer.byteLength };
    const measureSteps = options.measureMemorySteps ?? 2;
    // What earlier attempts measured, up to the checkpoint this one resumes from.
    const earlier: TrainMeasurements = options.checkpoint?.measurements ?? { trainTokens: 0, trainSeconds: 0, durationSeconds: 0 };
    let measured: MeasuredMemory | undefined = earlier.peak;
    let finalLoss = options.checkpoint?.lastLoss ?? NaN;
    let trainTime = earlier.trainSeconds;
    let trainTokens = earlier.trainTokens;
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
    const runStep = (inputs: ReturnType<typeof makeBatch>, lr: number) => {
      const loss = () =>
        maskedCrossEntropy(model.forward(inputs.inputs, { dropoutRng, noRecompute: !recompute }), inputs.targets, inputs.mask);
      stepOut = optimizerStep(loss, vars, opt, lr, maxGradNorm);
      return stepOut;
    };

    let stepIndex = startStep;
    for (; stepIndex < c.steps; stepIndex++) {
      if (options.signal?.aborted || options.shouldStop?.()) {
        stopped = true;
        break;
      }
      const lr = learningRateAt(stepIndex, c.learningRate, c.steps, warmup);
      const batch = makeBatch(sampleBatch(samplerRng, encoded, c.batchSize), c.sequenceLength, model.config.vocabSize);
      const t0 = performance.now();
      let peak: number | undefined;
      try {
        if (stepIndex - startStep < measureSteps) {
          const m = await measureStep(() => runStep(batch, lr), persistent);
          if (!measured || m.peakBytes > measured.peakBytes) measured = m;
          peak = m.peakBytes;
        } else runStep(batch, lr);
      } finally {
        disposeBatch(batch);
      }
      if (!Number.isFinite(stepOut.loss)) throw new MlError('NAN_LOSS', `loss became ${stepOut.loss} at step ${stepIndex + 1}`);
      const dt = (performance.now() - t0) / 1000;
      trainTime += dt;
      trainTokens += c.batchSize * c.sequenceLength;
      finalLoss = stepOut.loss;
      const metrics: StepMetrics = {
        step: stepIndex + 1,
        totalSteps: c.steps,
        loss: stepOut.loss,
        learningRate: lr,
        gradNorm: stepOut.gradNorm,
        tokensPerSecond: (c.batchSize * c.sequenceLength) / dt,
        memoryBytes: tf.memory().numBytes,
        peakMemoryBytes: peak,
      };
      if (c.evalInterval > 0 && (stepIndex + 1) % c.evalInterval === 0 && stepIndex + 1 < c.steps) {
        metrics.evalLoss = evalLoss(model, evalSet.eval.slice(0, 64), { batchSize: c.batchSize, sequenceLength: c.sequenceLength });
      }
      options.onStep?.(metrics);
      progress('train', stepIndex + 1, (0.9 * (stepIndex + 1)) / c.steps);
      if (options.onCheckpoint && options.checkpointEvery && (stepIndex + 1) % options.checkpointEvery === 0) {
        await options.onCheckpoint(snapshot(stepIndex + 1));
      }
      // Let timers, aborts and heartbeats run between steps.
      await new Promise((r) => setImmediate(r));
    }
    if (stopped && options.onCheckpoint) await options.onCheckpoint(snapshot(stepIndex));

    const predicted = estimateMemory(shape, { ...c, recompute: recompute ? 'always' : 'never' });
    let ev: Pick<TrainResult, 'accuracy' | 'accuracyMetric' | 'evalLoss' | 'perplexity'> = { accuracy: NaN, accuracyMetric: null, evalLoss: NaN, perplexity: NaN };
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
