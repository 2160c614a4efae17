import type { TargetModule } from '@loralab/core';
import type { tf } from '../backend/tf';

/** PEFT `LoraConfig` fields that change the computation. */
export interface LoraConfig {
  r: number;
  alpha: number;
  dropout: number;
  targetModules: TargetModule[];
  /** rsLoRA: scale alpha / sqrt(r) instead of alpha / r. */
  useRslora: boolean;
  /**
   * Where a loaded PEFT adapter applies, as its adapter_config.json says (kept so that saving
   * writes it back); absent: `r` and `alpha` on `targetModules` in every layer.
   */
  targeting?: AdapterTargeting;
}

/** PEFT's targeting fields: which modules an adapter applies to, and per-module r and alpha. */
export interface AdapterTargeting {
  /** A list of module names (suffix match), a regular expression (full match) or "all-linear". */
  targetModules: string[] | string;
  excludeModules?: string[] | string | null;
  layersToTransform?: number[] | number | null;
  layersPattern?: string[] | string | null;
  rankPattern: Record<string, number>;
  alphaPattern: Record<string, number>;
}

/**
 * One adapter's trainable weights, stored transposed relative to PEFT (A^T [in, r] and
 * B^T [r, out]) so the forward pass needs only plain matmuls; export transposes back.
 */
export interface LoraWeights {
  at: tf.Variable;
  bt: tf.Variable;
  /** alpha / r of this module (PEFT's `rank_pattern` / `alpha_pattern` can vary them per module). */
  scale: number;
}

export function loraScale(c: Pick<LoraConfig, 'r' | 'alpha' | 'useRslora'>): number {
  return c.useRslora ? c.alpha / Math.sqrt(c.r) : c.alpha / c.r;
}
