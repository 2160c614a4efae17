import { settingValueError } from '@loralab/core';
import { tf } from '../backend/tf';
import type { LlamaModel } from '../model/llama/llama.model';
import { projectionOf } from '../model/llama/llama.model';
import { MlError } from '../util/ml.error';
import { Rng } from '../util/rng';
import { loraScale, type LoraConfig } from './lora.types';

/**
 * Adds fresh adapters to every targeted projection with PEFT's initialisation:
 * A ~ kaiming-uniform(a = sqrt 5), i.e. U(-1/sqrt(in), 1/sqrt(in)), B = 0; so the model's
 * output is unchanged until B trains. Replaces existing adapters.
 */
export function attachLora(model: LlamaModel, config: LoraConfig, seed: number): void {
  // The sweep spec's bounds (@loralab/core), so the trainer refuses what a sweep would.
  for (const [name, value] of [['rank', config.r], ['dropout', config.dropout]] as const) {
    const error = settingValueError(name, value);
    if (error) throw new MlError('INVALID_ARGUMENT', `LoRA ${name} ${value}: ${error}`);
  }
  if (config.targetModules.length === 0) throw new MlError('INVALID_ARGUMENT', 'at least one target module is needed');
  model.removeLora();
  const rng = new Rng(seed).fork('lora-init');
  const projections = new Set(config.targetModules.map(projectionOf));
  model.weights.layers.forEach((layer) => {
    for (const p of projections) {
      const [out, inp] = layer.proj[p].shape;
      const bound = 1 / Math.sqrt(inp);
      // A is [r, in]; stored transposed as A^T [in, r]: element (i, j) of A^T is A[j][i].
      const at = new Float32Array(inp * config.r);
      for (let j = 0; j < config.r; j++) for (let i = 0; i < inp; i++) at[i * config.r + j] = (2 * rng.next() - 1) * bound;
      layer.lora[p] = {
        at: variableFrom(at, [inp, config.r]),
        bt: variableFrom(new Float32Array(config.r * out), [config.r, out]),
        scale: loraScale(config),
      };
    }
  });
  model.loraConfig = { ...config, targetModules: [...config.targetModules] };
}

/** A trainable variable holding `values`, without leaving the source tensor behind. */
export function variableFrom(values: Float32Array, shape: [number, number]): tf.Variable {
  const t = tf.tensor2d(values, shape);
  const v = tf.variable(t, true);
  t.dispose();
  return v;
}
