import type { MemoryBreakdown } from '@loralab/core';
import { tf } from '../backend/tf';
import { stopProfiling } from '../backend/tfjs-runtime';

/** Peak of one training step as tfjs's engine counted it, with the process RSS as a ceiling. */
export interface MeasuredMemory {
  /** Peak tensor bytes during the step (`tf.profile`: exact on wasm, an upper bound on cpu). */
  peakBytes: number;
  breakdown: MemoryBreakdown;
  /** Resident set size after the step: everything the process holds (wasm heap, JS, code). */
  rssBytes: number;
}

export interface PersistentBytes {
  baseWeights: number;
  adapters: number;
  optimizerState: number;
}

/**
 * Runs `step` under `tf.profile` and attributes its peak: base weights, adapters and optimizer
 * state are the bytes of their tensors; gradients are the bytes of the gradients the step
 * produced; activations are the rest of the peak (saved activations, dequantized layer
 * copies, workspace).
 */
export async function measureStep(step: () => { gradientBytes: number }, persistent: PersistentBytes): Promise<MeasuredMemory> {
  let gradientBytes = 0;
  let info: Awaited<ReturnType<typeof tf.profile>>;
  try {
    info = await tf.profile(() => {
      gradientBytes = step().gradientBytes;
    });
  } finally {
    // tf.profile leaves profiling on if the step throws.
    stopProfiling();
  }
  const peak = info.peakBytes;
  const fixed = persistent.baseWeights + persistent.adapters + persistent.optimizerState;
  return {
    peakBytes: peak,
    breakdown: {
      ...persistent,
      gradients: gradientBytes,
      activations: Math.max(0, peak - fixed - gradientBytes),
      total: peak,
    },
    rssBytes: process.memoryUsage().rss,
  };
}
