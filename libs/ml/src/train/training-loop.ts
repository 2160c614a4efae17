import { tf } from '../backend/tf';
import { measureStep, type MeasuredMemory, type PersistentBytes } from '../memory/memory-meter';
import { asOutOfMemoryError, isOutOfMemory } from '../memory/out-of-memory';
import { MlError } from '../util/ml.error';
import type { AdamW } from './adamw';
import { disposeBatch, makeBatch, type Batch, type EncodedExample } from './batch';
import type { TrainMeasurements } from './checkpoint';
import { optimizerStep, type OptimizerStepResult } from './optimizer-step';

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

/** What the loop keeps of a checkpoint; the caller's checkpoint type adds its weights and generators. */
export interface LoopCheckpoint {
  /** Steps completed. */
  step: number;
  lastLoss?: number;
}

/** The loop's own state at a checkpoint, for the caller to store in it. */
export interface LoopSnapshot {
  step: number;
  lastLoss: number;
  measurements: TrainMeasurements;
}

/**
 * One training loop, shared by LoRA training (`train`) and pretraining (`pretrain`). Each
 * optimizer step runs these phases in order:
 *   1. sample batch: `sample(effectiveBatch)` examples, split into micro-batches of `microBatch`;
 *   2. forward/loss: `loss(batch)` per micro-batch, weighted by its share of the step's loss tokens;
 *   3. backward, 4. clip, 5. optimizer step: `optimizerStep` (gradients summed over micro-batches,
 *      clipped at `maxGradNorm`, one AdamW update), measured under `tf.profile` on the steps
 *      `measure` asks for;
 *   6. metrics: `onStep` with the step's figures;
 *   7. eval: `evaluation.run()` every `evaluation.every` steps (not after the last);
 *   8. checkpoint: `checkpoints.take` every `checkpoints.every` steps, handed to `checkpoints.save`.
 * A step that runs out of memory (or measures above `measure.deviceMemoryBytes`) is retried from
 * the last checkpoint (`checkpoints.restore`) at the largest micro-batch at most half the current
 * one that divides the effective batch, down to 1; then it fails with OUT_OF_MEMORY.
 */
export interface TrainingLoopParts<C extends LoopCheckpoint> {
  totalSteps: number;
  /** Resume here: `resumeFrom.step` steps are done (its `lastLoss` is the last loss). */
  resumeFrom?: C;
  /** Examples per optimizer step, and the micro-batch they are split into. */
  effectiveBatch: number;
  microBatch: number;
  sequenceLength: number;
  vars: tf.Variable[];
  optimizer: AdamW;
  maxGradNorm: number;
  learningRate: (stepIndex: number) => number;
  /** Phase 1: draws one step's examples (from a generator whose state `checkpoints.take` stores). */
  sample: (count: number) => EncodedExample[];
  /** Phase 2: the mean loss of one micro-batch. */
  loss: (batch: Batch) => tf.Scalar;
  /** Memory measurement: the first `steps` steps of each attempt, every step when `deviceMemoryBytes` caps it. */
  measure?: { steps: number; persistent: PersistentBytes; deviceMemoryBytes?: number };
  /** `run` gets the step and the micro-batch in use then (halved by an out-of-memory retry). */
  evaluation?: { every: number; run: (step: number, microBatch: number) => number | Promise<number> };
  checkpoints: {
    every?: number;
    take: (s: LoopSnapshot) => C;
    /** Receives every periodic checkpoint and the one taken when training stops early. */
    save?: (c: C) => void | Promise<void>;
    /** Puts the caller's state (weights, optimizer, generators) back as `c` has it. */
    restore: (c: C) => void;
  };
  /** Measurements of earlier attempts, carried on (from the resumed checkpoint). */
  earlier?: TrainMeasurements;
  /** Wall time of the run so far, over all attempts. */
  durationSeconds: () => number;
  shouldStop?: () => boolean;
  onStep?: (m: StepMetrics) => void;
  /** Default true. */
  retryOnOutOfMemory?: boolean;
  onOomRetry?: (r: OomRetry) => void;
}

export interface TrainingLoopResult {
  stepsCompleted: number;
  stopped: boolean;
  /** Loss of the last completed step (NaN when none). */
  finalLoss: number;
  /** The measured step with the highest peak over all attempts since the last retry. */
  measured?: MeasuredMemory;
  trainTokens: number;
  trainSeconds: number;
  /** The micro-batch training finished with (smaller than asked after an OOM retry). */
  microBatch: number;
  oomRetries: OomRetry[];
}

/** The largest micro-batch at most half of `micro` that divides `effective` evenly. */
function halvedMicroBatch(micro: number, effective: number): number {
  for (let m = Math.floor(micro / 2); m > 1; m--) if (effective % m === 0) return m;
  return 1;
}

/** Runs the training loop over `parts` (see `TrainingLoopParts`). */
export async function runTrainingLoop<C extends LoopCheckpoint>(parts: TrainingLoopParts<C>): Promise<TrainingLoopResult> {
  const { totalSteps, effectiveBatch: effective, sequenceLength: seq, vars, optimizer, checkpoints } = parts;
  const earlier = parts.earlier ?? { trainTokens: 0, trainSeconds: 0, durationSeconds: 0 };
  const startStep = parts.resumeFrom?.step ?? 0;
  let microBatch = parts.microBatch;
  let measured: MeasuredMemory | undefined = earlier.peak;
  let trainTime = earlier.trainSeconds;
  let trainTokens = earlier.trainTokens;
  let finalLoss = parts.resumeFrom?.lastLoss ?? NaN;
  let stopped = false;
  let measureFrom = startStep;
  const snapshot = (step: number): C =>
    checkpoints.take({ step, lastLoss: finalLoss, measurements: { peak: measured, trainTokens, trainSeconds: trainTime, durationSeconds: parts.durationSeconds() } });
  const restore = (c: C) => {
    checkpoints.restore(c);
    finalLoss = c.lastLoss ?? NaN;
  };

  /** Phase 1: one step's examples, drawn as one effective batch and then split, so the trajectory does not depend on the micro-batch. */
  const sampleBatches = (): Batch[] => {
    const examples = parts.sample(effective);
    const batches: Batch[] = [];
    for (let i = 0; i < examples.length; i += microBatch) batches.push(makeBatch(examples.slice(i, i + microBatch), seq));
    return batches;
  };
  let stepOut: OptimizerStepResult = { loss: NaN, gradNorm: NaN, gradientBytes: 0 };
  /** Phases 2-5: each micro-batch's loss weighted by its share of the step's loss tokens; backward, clip, update. */
  const optimize = (batches: Batch[], lr: number) => {
    const total = Math.max(1, batches.reduce((sum, b) => sum + b.tokens, 0));
    const losses = batches.map((b) => () => tf.mul(parts.loss(b), b.tokens / total) as tf.Scalar);
    stepOut = optimizerStep(losses, vars, optimizer, lr, parts.maxGradNorm);
    return stepOut;
  };
  const measure = parts.measure;
  const cap = measure?.deviceMemoryBytes;
  /** Phases 2-5 under `tf.profile` where measured; returns the step's peak then. */
  const measuredStep = async (batches: Batch[], lr: number, stepIndex: number): Promise<number | undefined> => {
    if (!measure || !(stepIndex - measureFrom < measure.steps || cap !== undefined)) {
      optimize(batches, lr);
      return undefined;
    }
    const m = await measureStep(() => optimize(batches, lr), measure.persistent);
    if (cap !== undefined && m.peakBytes > cap) {
      throw new MlError('OUT_OF_MEMORY', `step ${stepIndex + 1} at micro-batch ${microBatch} needs ${m.peakBytes} bytes of tensors, the device has ${cap}`);
    }
    if (!measured || m.peakBytes > measured.peakBytes) measured = m;
    return m.peakBytes;
  };

  const oomRetries: OomRetry[] = [];
  // Where an out-of-memory retry resumes (none needed when retries are off).
  let lastCheckpoint = parts.retryOnOutOfMemory === false ? undefined : snapshot(startStep);
  let stepIndex = startStep;
  for (; stepIndex < totalSteps; stepIndex++) {
    if (parts.shouldStop?.()) {
      stopped = true;
      break;
    }
    const lr = parts.learningRate(stepIndex);
    const batches = sampleBatches();
    const t0 = performance.now();
    let peak: number | undefined;
    try {
      peak = await measuredStep(batches, lr, stepIndex);
    } catch (err) {
      if (!isOutOfMemory(err) || !lastCheckpoint || microBatch <= 1) {
        throw isOutOfMemory(err) ? asOutOfMemoryError(err) : err;
      }
      const next = halvedMicroBatch(microBatch, effective);
      const retry: OomRetry = {
        failedStep: stepIndex + 1,
        fromStep: lastCheckpoint.step,
        previousBatchSize: microBatch,
        batchSize: next,
        gradientAccumulation: effective / next,
        error: (err as Error).message ?? String(err),
      };
      microBatch = next;
      oomRetries.push(retry);
      parts.onOomRetry?.(retry);
      restore(lastCheckpoint);
      stepIndex = lastCheckpoint.step - 1;
      measured = undefined;
      measureFrom = lastCheckpoint.step;
      continue;
    } finally {
      batches.forEach(disposeBatch);
    }
    if (!Number.isFinite(stepOut.loss)) throw new MlError('NAN_LOSS', `loss became ${stepOut.loss} at step ${stepIndex + 1}`);
    // Phase 6: metrics.
    const dt = (performance.now() - t0) / 1000;
    trainTime += dt;
    trainTokens += effective * seq;
    finalLoss = stepOut.loss;
    const metrics: StepMetrics = {
      step: stepIndex + 1,
      totalSteps,
      loss: stepOut.loss,
      learningRate: lr,
      gradNorm: stepOut.gradNorm,
      tokensPerSecond: (effective * seq) / dt,
      memoryBytes: tf.memory().numBytes,
      peakMemoryBytes: peak,
    };
    // Phase 7: eval.
    const ev = parts.evaluation;
    if (ev && ev.every > 0 && (stepIndex + 1) % ev.every === 0 && stepIndex + 1 < totalSteps) metrics.evalLoss = await ev.run(stepIndex + 1, microBatch);
    parts.onStep?.(metrics);
    // Phase 8: checkpoint.
    if (checkpoints.save && checkpoints.every && (stepIndex + 1) % checkpoints.every === 0) {
      lastCheckpoint = snapshot(stepIndex + 1);
      await checkpoints.save(lastCheckpoint);
    }
    // Let timers, aborts and heartbeats run between steps.
    await new Promise((r) => setImmediate(r));
  }
  if (stopped && checkpoints.save) await checkpoints.save(snapshot(stepIndex));
  return { stepsCompleted: stepIndex, stopped, finalLoss, measured, trainTokens, trainSeconds: trainTime, microBatch, oomRetries };
}
