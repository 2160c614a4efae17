import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/backend';
import { tf } from '../backend/tf';
import { AdamW } from './adamw';
import type { Batch, EncodedExample } from './batch';
import { runTrainingLoop, type LoopSnapshot, type OomRetry, type StepMetrics, type TrainingLoopParts } from './training-loop';

/** The parts: a least-squares fit of one weight to the examples' token ids (small, real tfjs maths, no model). */
interface Ck extends LoopSnapshot {
  w: number;
  optimizer: ReturnType<AdamW['getState']>;
  cursor: number;
}

describe('the training loop (its phases on a one-weight problem)', () => {
  let w: tf.Variable;
  let optimizer: AdamW;
  // Each next token is twice the last: the best weight is 2.
  const examples: EncodedExample[] = Array.from({ length: 12 }, (_, i) => ({ ids: [1 + (i % 3), 2 * (1 + (i % 3)), 4 * (1 + (i % 3))], completionStart: 1 }));
  let cursor = 0;
  beforeAll(async () => {
    await initBackend('cpu');
  });
  afterAll(() => {
    w?.dispose();
    optimizer?.dispose();
  });

  function parts(overrides: Partial<TrainingLoopParts<Ck>> & { failAbove?: number } = {}): TrainingLoopParts<Ck> {
    w?.dispose();
    optimizer?.dispose();
    const initial = tf.scalar(0.5);
    w = tf.variable(initial);
    initial.dispose();
    optimizer = new AdamW([w], { weightDecay: 0 });
    cursor = 0;
    const { failAbove, ...rest } = overrides;
    return {
      totalSteps: 6,
      effectiveBatch: 4,
      microBatch: 4,
      sequenceLength: 2,
      vars: [w],
      optimizer,
      maxGradNorm: 1,
      learningRate: () => 0.1,
      sample: (count) => Array.from({ length: count }, () => examples[cursor++ % examples.length]),
      loss: (batch: Batch) => {
        // As a wasm heap that cannot hold this micro-batch.
        if (failAbove !== undefined && batch.inputs.shape[0] > failAbove) throw new RangeError('Array buffer allocation failed');
        const x = tf.cast(batch.inputs, 'float32');
        const y = tf.cast(tf.reshape(batch.targets, batch.inputs.shape), 'float32');
        return tf.mean(tf.square(tf.sub(tf.mul(x, w), y))) as tf.Scalar;
      },
      checkpoints: {
        take: (s) => ({ ...s, w: w.dataSync()[0], optimizer: optimizer.getState(), cursor }),
        restore: (c) => {
          w.assign(tf.scalar(c.w));
          optimizer.setState(c.optimizer);
          cursor = c.cursor;
        },
      },
      durationSeconds: () => 0,
      ...rest,
    };
  }

  it('runs every step, evaluates every `every` steps but not after the last, checkpoints on schedule, and leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    const steps: StepMetrics[] = [];
    const saved: Ck[] = [];
    let evals = 0;
    const p = parts({ onStep: (m) => steps.push(m), evaluation: { every: 3, run: () => ++evals } });
    const r = await runTrainingLoop({ ...p, checkpoints: { ...p.checkpoints, every: 2, save: (c) => void saved.push(c) } });
    expect(steps.map((m) => m.step)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(steps.map((m) => m.evalLoss)).toEqual([undefined, undefined, 1, undefined, undefined, undefined]);
    expect(saved.map((c) => c.step)).toEqual([2, 4, 6]);
    expect(saved[2].lastLoss).toBe(steps[5].loss);
    expect(saved[2].measurements.trainTokens).toBe(6 * 4 * 2);
    expect(r).toMatchObject({ stepsCompleted: 6, stopped: false, finalLoss: steps[5].loss, microBatch: 4, oomRetries: [], trainTokens: 48 });
    // Step 4 sees step 1's examples again (12 examples, 4 a step), after three updates.
    expect(steps[3].loss).toBeLessThan(steps[0].loss);
    expect(tf.memory().numTensors).toBe(before + 1 + 2); // w and AdamW's two moments
  });

  it('splits the effective batch into micro-batches without changing the step (up to rounding)', async () => {
    const curve = async (microBatch: number) => {
      const losses: number[] = [];
      await runTrainingLoop(parts({ microBatch, onStep: (m) => losses.push(m.loss) }));
      return losses;
    };
    const whole = await curve(4);
    const split = await curve(1);
    split.forEach((l, i) => expect(l).toBeCloseTo(whole[i], 5));
  });

  it('out of memory: resumes from the last checkpoint at half the micro-batch and ends as the run that started there', async () => {
    const retries: OomRetry[] = [];
    const steps: StepMetrics[] = [];
    const saved: Ck[] = [];
    // Evaluations are told the micro-batch in use, so they size their batch at the halved one.
    const evalMicroBatches: number[] = [];
    const evaluation = { every: 3, run: (_step: number, micro: number) => evalMicroBatches.push(micro) };
    const p = parts({ failAbove: 2, onStep: (m) => steps.push(m), onOomRetry: (r) => retries.push(r), evaluation });
    const r = await runTrainingLoop({ ...p, checkpoints: { ...p.checkpoints, every: 2, save: (c) => void saved.push(c) } });
    expect(retries).toEqual([{ failedStep: 1, fromStep: 0, previousBatchSize: 4, batchSize: 2, gradientAccumulation: 2, error: 'Array buffer allocation failed' }]);
    expect(r).toMatchObject({ microBatch: 2, stepsCompleted: 6 });
    expect(evalMicroBatches).toEqual([2]);
    const plain: number[] = [];
    await runTrainingLoop(parts({ microBatch: 2, onStep: (m) => plain.push(m.loss), evaluation: { every: 3, run: () => 0 } }));
    expect(steps.map((m) => m.loss)).toEqual(plain);
  });

  it('a micro-batch of 1 that runs out, or retries switched off, fail as OUT_OF_MEMORY; a non-finite loss as NAN_LOSS', async () => {
    await expect(runTrainingLoop(parts({ failAbove: 0 }))).rejects.toMatchObject({ code: 'OUT_OF_MEMORY' });
    await expect(runTrainingLoop(parts({ failAbove: 2, retryOnOutOfMemory: false }))).rejects.toMatchObject({ code: 'OUT_OF_MEMORY' });
    await expect(runTrainingLoop(parts({ learningRate: () => Number.NaN, totalSteps: 3 }))).rejects.toMatchObject({ code: 'NAN_LOSS', message: expect.stringMatching(/at step 2$/) });
  });

  it('stops when asked, saving a checkpoint of where it stopped; resuming from it continues the same curve', async () => {
    const all: number[] = [];
    await runTrainingLoop(parts({ onStep: (m) => all.push(m.loss) }));
    let stopAt = 0;
    const saved: Ck[] = [];
    const first: number[] = [];
    const p = parts({ shouldStop: () => stopAt++ === 3, onStep: (m) => first.push(m.loss) });
    const r = await runTrainingLoop({ ...p, checkpoints: { ...p.checkpoints, save: (c) => void saved.push(c) } });
    expect(r).toMatchObject({ stopped: true, stepsCompleted: 3 });
    expect(saved.map((c) => c.step)).toEqual([3]);
    const resumed: number[] = [];
    const q = parts({ onStep: (m) => resumed.push(m.loss) });
    q.checkpoints.restore(saved[0]);
    const r2 = await runTrainingLoop({ ...q, resumeFrom: saved[0], earlier: saved[0].measurements });
    expect([...first, ...resumed]).toEqual(all);
    expect(r2.trainTokens).toBe(48);
  });
});
