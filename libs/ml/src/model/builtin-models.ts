import { BUILTIN_MODELS, headDimOf, type ModelShape } from '@loralab/core';
import { byteTokenizer } from '../tokenizer/byte-level';
import { MlError } from '../util/ml.error';
import { Rng } from '../util/rng';
import type { LlamaConfig } from './llama/llama.config';
import { modelFromTensors, tensorShapes, type FloatTensors, type LoadModelOptions } from './llama/llama.io';
import type { LlamaModel } from './llama/llama.model';

export const BUILTIN_PREFIX = 'builtin:';

export function builtinConfig(shape: ModelShape): LlamaConfig {
  return {
    ...shape,
    headDim: headDimOf(shape),
    rmsNormEps: 1e-6,
    ropeTheta: 10000,
    maxPositionEmbeddings: 1024,
  };
}

/**
 * Seeded random weights (norms 1), in Hugging Face names. `hf`: N(0, 0.02) everywhere, as
 * transformers initialises; `scaled`: N(0, 1/fan_in) for matrices and N(0, 1) embeddings, so an
 * untrained base already produces logits large enough for an adapter to make confident.
 */
export function randomLlamaTensors(config: LlamaConfig, seed: number, init: 'hf' | 'scaled' = 'hf'): FloatTensors {
  const rng = new Rng(seed);
  const out: FloatTensors = new Map();
  const normal = (shape: number[], embedding = false) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const std = init === 'hf' ? 0.02 : embedding ? 1 : 1 / Math.sqrt(shape[1]);
    const v = new Float32Array(n);
    for (let i = 0; i < n; i++) v[i] = rng.normal() * std;
    return { shape, values: v };
  };
  for (const [name, shape] of tensorShapes(config)) {
    if (shape.length === 2) out.set(name, normal(shape, name === 'model.embed_tokens.weight'));
    else if (name.endsWith('.bias')) out.set(name, { shape, values: normal([shape[0], 1]).values });
    else out.set(name, { shape, values: new Float32Array(shape[0]).fill(1) });
  }
  return out;
}

/** Seed of a built-in base: fixed per name, so `builtin:tiny-llama` is the same model everywhere. */
export function builtinSeed(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return h >>> 0;
}

export function isBuiltinRef(ref: string): boolean {
  return ref.startsWith(BUILTIN_PREFIX);
}

/** `builtin:tiny-llama`, `builtin:small-llama`, `builtin:bench-llama`: byte-level tokenizer, seeded weights. */
export function createBuiltinModel(ref: string, options: LoadModelOptions = {}): LlamaModel {
  const shape = BUILTIN_MODELS[ref];
  if (!shape) {
    throw new MlError('MODEL_UNREADABLE', `unknown built-in model "${ref}" (known: ${Object.keys(BUILTIN_MODELS).join(', ')})`);
  }
  const config = builtinConfig(shape);
  return modelFromTensors(config, randomLlamaTensors(config, builtinSeed(ref), 'scaled'), byteTokenizer(), options, ref);
}
