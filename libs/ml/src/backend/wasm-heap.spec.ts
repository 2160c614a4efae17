import { TARGET_MODULES, type RunConfig } from '@loralab/core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isOutOfMemory } from '../memory/out-of-memory';
import { train } from '../train/trainer';
import { initBackend } from './backend';
import { tf } from './tf';

interface Heap {
  _malloc(bytes: number): number;
  _free(pointer: number): void;
}
const heap = () => (tf.backend() as unknown as { wasm: Heap }).wasm;

/** Takes the wasm heap's free memory, grown to its 4 GiB limit (untouched pages: no RSS), down to the last 64 KiB. */
let fillers: number[] = [];
function exhaustHeap(): void {
  for (const size of [2 ** 30, 2 ** 28, 2 ** 26, 2 ** 24, 2 ** 22, 2 ** 20, 2 ** 16]) {
    for (;;) {
      try {
        fillers.push(heap()._malloc(size));
      } catch {
        break;
      }
    }
  }
}
function releaseHeap(): void {
  for (const p of fillers) heap()._free(p);
  fillers = [];
}

const config: RunConfig = {
  baseModel: 'builtin:tiny-llama', dataset: 'builtin:topic', rank: 4, alpha: 8, quantization: 'FP32', doubleQuant: false,
  targetModules: [...TARGET_MODULES], learningRate: 1e-2, dropout: 0, warmupRatio: 0, steps: 4, batchSize: 8,
  gradientAccumulation: 1, activationBudgetMiB: 1024, evalBatchSize: 0, sequenceLength: 32, evalInterval: 0, seed: 1,
};

describe('a full wasm heap', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });
  afterEach(releaseHeap);

  it('fails an allocation with an out-of-memory error instead of writing the tensor at address 0', () => {
    exhaustHeap();
    expect(fillers.length).toBeGreaterThan(3);
    let err: unknown;
    try {
      tf.ones([1024, 1024]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RangeError);
    expect(String(err)).toMatch(/wasm heap out of memory/);
    expect(isOutOfMemory(err)).toBe(true);
    releaseHeap();
    expect(tf.sum(tf.ones([1024, 1024])).dataSync()[0]).toBe(1024 * 1024);
  });

  it('fails a training run as OUT_OF_MEMORY, not as a crash', async () => {
    await expect(train({ config, retryOnOutOfMemory: false, onStep: (m) => m.step === 1 && exhaustHeap() })).rejects.toMatchObject({ code: 'OUT_OF_MEMORY' });
  });

  it('is retried at half the micro-batch once memory is back, and the run finishes', async () => {
    const r = await train({ config, checkpointEvery: 1, onCheckpoint: () => undefined, onStep: (m) => m.step === 2 && exhaustHeap(), onOomRetry: releaseHeap });
    expect(r.oomRetries).toHaveLength(1);
    expect(r.oomRetries[0]).toMatchObject({ failedStep: 3, previousBatchSize: 8, batchSize: 4, gradientAccumulation: 2 });
    expect(r.oomRetries[0].error).toMatch(/wasm heap out of memory/);
    expect(r.stepsCompleted).toBe(4);
    expect(Number.isFinite(r.finalLoss)).toBe(true);
  });
});
