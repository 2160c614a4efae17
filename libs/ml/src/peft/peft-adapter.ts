import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tf } from '../backend/tf';
import { variableFrom } from '../lora/lora.attach';
import type { LoraConfig } from '../lora/lora.types';
import { modelTensors, saveModel, type FloatTensors } from '../model/llama/llama.io';
import { PROJECTIONS, projectionPath, type LlamaModel } from '../model/llama/llama.model';
import { readSafetensorsFile, tensorToFloat32 } from '../safetensors/safetensors.reader';
import { serializeSafetensors, type TensorToWrite } from '../safetensors/safetensors.writer';
import { MlError } from '../util/ml.error';
import { adapterConfigJson, parseAdapterConfig, resolveTargets, targetModulesOf } from './adapter-config';

export { adapterConfigJson } from './adapter-config';

const PREFIX = 'base_model.model.';

/** PEFT key of an adapter matrix, e.g. `base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight`. */
export function peftKey(layer: number, projection: string, which: 'A' | 'B'): string {
  return `${PREFIX}${projectionPath(layer, projection as (typeof PROJECTIONS)[number])}.lora_${which}.weight`;
}

function transposed(values: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = values[r * cols + c];
  return out;
}

/** The adapter as PEFT tensors: A [r, in] and B [out, r] per targeted projection. */
export function adapterTensors(model: LlamaModel): Record<string, TensorToWrite> {
  const out: Record<string, TensorToWrite> = {};
  model.weights.layers.forEach((layer, i) => {
    for (const p of PROJECTIONS) {
      const a = layer.lora[p];
      if (!a) continue;
      const [inp, r] = a.at.shape as [number, number];
      const outDim = a.bt.shape[1] as number;
      out[peftKey(i, p, 'A')] = { dtype: 'F32', shape: [r, inp], data: transposed(a.at.dataSync() as Float32Array, inp, r) };
      out[peftKey(i, p, 'B')] = { dtype: 'F32', shape: [outDim, r], data: transposed(a.bt.dataSync() as Float32Array, r, outDim) };
    }
  });
  return out;
}

/** Writes `adapter_config.json` (PEFT's full field set) and `adapter_model.safetensors` in PEFT's layout. */
export function saveAdapter(model: LlamaModel, dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'adapter_config.json'), JSON.stringify(adapterConfigJson(model), null, 2));
  writeFileSync(join(dir, 'adapter_model.safetensors'), serializeSafetensors(adapterTensors(model), { format: 'pt' }));
}

/**
 * Reads a PEFT LoRA adapter directory into the model (replacing any adapter). `target_modules`
 * may be a list, a regular expression or "all-linear"; `rank_pattern`, `alpha_pattern`,
 * `exclude_modules` and `layers_to_transform` apply as in PEFT. Variants that are not
 * implemented (DoRA, LoRA biases, ...) are refused by field name; nothing is written to the
 * model unless every targeted module's weights are there with their shapes.
 */
export function loadAdapter(model: LlamaModel, dir: string): LoraConfig {
  const cfgPath = join(dir, 'adapter_config.json');
  const weightsPath = join(dir, 'adapter_model.safetensors');
  if (!existsSync(cfgPath) || !existsSync(weightsPath)) {
    throw new MlError('ADAPTER_UNREADABLE', `${dir} needs adapter_config.json and adapter_model.safetensors`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(cfgPath, 'utf8'));
  } catch (e) {
    throw new MlError('ADAPTER_UNREADABLE', `cannot parse ${cfgPath}`, { cause: e });
  }
  const config = parseAdapterConfig(raw);
  const modules = resolveTargets(model, config);
  let file;
  try {
    file = readSafetensorsFile(weightsPath);
  } catch (e) {
    throw new MlError('ADAPTER_UNREADABLE', `cannot read ${weightsPath}: ${(e as Error).message}`, { cause: e });
  }
  const expected = new Set<string>();
  const loaded = modules.map((m) => {
    const aKey = peftKey(m.layer, m.projection, 'A');
    const bKey = peftKey(m.layer, m.projection, 'B');
    expected.add(aKey).add(bKey);
    const a = file.tensors.get(aKey);
    const b = file.tensors.get(bKey);
    if (!a || !b) throw new MlError('ADAPTER_UNREADABLE', `${weightsPath} lacks ${a ? bKey : aKey}, which target_modules selects`);
    const [out, inp] = model.weights.layers[m.layer].proj[m.projection].shape;
    if (a.shape.length !== 2 || a.shape[0] !== m.r || a.shape[1] !== inp || b.shape.length !== 2 || b.shape[0] !== out || b.shape[1] !== m.r) {
      throw new MlError('ADAPTER_UNREADABLE', `${m.key}: lora_A [${a.shape}] and lora_B [${b.shape}], expected [${m.r},${inp}] and [${out},${m.r}] (r ${m.r})`);
    }
    return { m, a: tensorToFloat32(a), b: tensorToFloat32(b), out, inp };
  });
  const stray = [...file.tensors.keys()].filter((k) => !expected.has(k));
  if (stray.length > 0) {
    throw new MlError('ADAPTER_UNREADABLE', `${weightsPath} has weights its config does not target (${stray.slice(0, 3).join(', ')}${stray.length > 3 ? ', ...' : ''})`);
  }
  model.removeLora();
  for (const { m, a, b, out, inp } of loaded) {
    model.weights.layers[m.layer].lora[m.projection] = {
      at: variableFrom(transposed(a, m.r, inp), [inp, m.r]),
      bt: variableFrom(transposed(b, out, m.r), [m.r, out]),
      scale: m.scale,
    };
  }
  const result: LoraConfig = { ...config, targetModules: targetModulesOf(modules) };
  model.loraConfig = result;
  return result;
}

/** Base weights (quantized layers decoded) with W + B A scale folded into each adapted projection. */
export function mergedTensors(model: LlamaModel): FloatTensors {
  const tensors = modelTensors(model);
  const c = model.loraConfig;
  if (!c) return tensors;
  model.weights.layers.forEach((layer, i) => {
    for (const p of PROJECTIONS) {
      const a = layer.lora[p];
      if (!a) continue;
      const name = `${projectionPath(i, p)}.weight`;
      const w = tensors.get(name)!;
      // (A^T B^T)^T = B A, [out, in]; accumulate in fp32.
      const delta = tf.tidy(() => tf.transpose(tf.matMul(a.at, a.bt)).dataSync() as Float32Array);
      const merged = new Float32Array(w.values.length);
      for (let k = 0; k < merged.length; k++) merged[k] = w.values[k] + delta[k] * a.scale;
      tensors.set(name, { shape: w.shape, values: merged });
    }
  });
  return tensors;
}

/** Saves the base with the adapter merged in, as F32 or F16. */
export function saveMergedModel(model: LlamaModel, dir: string, dtype: 'F32' | 'F16' = 'F32'): void {
  saveModel(model, dir, { dtype, tensors: mergedTensors(model) });
}
