import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TARGET_MODULES, moduleName, type TargetModule } from '@loralab/core';
import { tf } from '../backend/tf';
import { variableFrom } from '../lora/lora.attach';
import { loraScale, type LoraConfig } from '../lora/lora.types';
import { modelTensors, saveModel, type FloatTensors } from '../model/llama/llama.io';
import { PROJECTIONS, projectionOf, projectionPath, type LlamaModel } from '../model/llama/llama.model';
import { readSafetensorsFile, tensorToFloat32 } from '../safetensors/safetensors.reader';
import { serializeSafetensors, type TensorToWrite } from '../safetensors/safetensors.writer';
import { MlError } from '../util/ml.error';

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

export function adapterConfigJson(model: LlamaModel): Record<string, unknown> {
  const c = model.loraConfig;
  if (!c) throw new MlError('INVALID_ARGUMENT', 'the model has no adapter');
  return {
    peft_type: 'LORA',
    task_type: 'CAUSAL_LM',
    base_model_name_or_path: model.source,
    r: c.r,
    lora_alpha: c.alpha,
    lora_dropout: c.dropout,
    target_modules: c.targetModules.map(moduleName),
    bias: 'none',
    use_rslora: c.useRslora,
    fan_in_fan_out: false,
    init_lora_weights: true,
    inference_mode: true,
    modules_to_save: null,
  };
}

/** Writes `adapter_config.json` and `adapter_model.safetensors` in PEFT's layout. */
export function saveAdapter(model: LlamaModel, dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'adapter_config.json'), JSON.stringify(adapterConfigJson(model), null, 2));
  writeFileSync(join(dir, 'adapter_model.safetensors'), serializeSafetensors(adapterTensors(model), { format: 'pt' }));
}

/** Reads a PEFT LoRA adapter directory into the model (replacing any adapter). */
export function loadAdapter(model: LlamaModel, dir: string): LoraConfig {
  const cfgPath = join(dir, 'adapter_config.json');
  const weightsPath = join(dir, 'adapter_model.safetensors');
  if (!existsSync(cfgPath) || !existsSync(weightsPath)) {
    throw new MlError('ADAPTER_UNREADABLE', `${dir} needs adapter_config.json and adapter_model.safetensors`);
  }
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(readFileSync(cfgPath, 'utf8'));
  } catch (e) {
    throw new MlError('ADAPTER_UNREADABLE', `cannot parse ${cfgPath}`, { cause: e });
  }
  if (raw.peft_type !== 'LORA') throw new MlError('ADAPTER_UNREADABLE', `peft_type ${String(raw.peft_type)} is not LORA`);
  const names = Array.isArray(raw.target_modules) ? (raw.target_modules as string[]) : [];
  const targets = names.map((n) => TARGET_MODULES.find((t) => moduleName(t) === n));
  if (targets.some((t) => !t)) throw new MlError('ADAPTER_UNREADABLE', `unsupported target_modules ${JSON.stringify(names)}`);
  let file;
  try {
    file = readSafetensorsFile(weightsPath);
  } catch (e) {
    throw new MlError('ADAPTER_UNREADABLE', `cannot read ${weightsPath}: ${(e as Error).message}`, { cause: e });
  }
  const config: LoraConfig = {
    r: Number(raw.r),
    alpha: Number(raw.lora_alpha),
    dropout: Number(raw.lora_dropout ?? 0),
    targetModules: targets as TargetModule[],
    useRslora: raw.use_rslora === true,
  };
  model.removeLora();
  model.weights.layers.forEach((layer, i) => {
    for (const t of config.targetModules) {
      const p = projectionOf(t);
      const a = file.tensors.get(peftKey(i, p, 'A'));
      const b = file.tensors.get(peftKey(i, p, 'B'));
      if (!a || !b) throw new MlError('ADAPTER_UNREADABLE', `adapter lacks ${peftKey(i, p, 'A')} or its B`);
      const [out, inp] = layer.proj[p].shape;
      if (a.shape[0] !== config.r || a.shape[1] !== inp || b.shape[0] !== out || b.shape[1] !== config.r) {
        throw new MlError('ADAPTER_UNREADABLE', `adapter ${p} of layer ${i} has shapes [${a.shape}] and [${b.shape}]`);
      }
      layer.lora[p] = {
        at: variableFrom(transposed(tensorToFloat32(a), config.r, inp), [inp, config.r]),
        bt: variableFrom(transposed(tensorToFloat32(b), out, config.r), [config.r, out]),
        scale: loraScale(config),
      };
    }
  });
  model.loraConfig = config;
  return config;
}

/** Base weights (quantized layers decoded) with W + B A scale folded into each adapted projection. */
export function mergedTensors(model: LlamaModel): FloatTensors {
  const tensors = modelTensors(model);
  const c = model.loraConfig;
  if (!c) return tensors;
  const scale = loraScale(c);
  model.weights.layers.forEach((layer, i) => {
    for (const p of PROJECTIONS) {
      const a = layer.lora[p];
      if (!a) continue;
      const name = `${projectionPath(i, p)}.weight`;
      const w = tensors.get(name)!;
      // (A^T B^T)^T = B A, [out, in]; accumulate in fp32.
      const delta = tf.tidy(() => tf.transpose(tf.matMul(a.at, a.bt)).dataSync() as Float32Array);
      const merged = new Float32Array(w.values.length);
      for (let k = 0; k < merged.length; k++) merged[k] = w.values[k] + delta[k] * scale;
      tensors.set(name, { shape: w.shape, values: merged });
    }
  });
  return tensors;
}

/** Saves the base with the adapter merged in, as F32 or F16. */
export function saveMergedModel(model: LlamaModel, dir: string, dtype: 'F32' | 'F16' = 'F32'): void {
  saveModel(model, dir, { dtype, tensors: mergedTensors(model) });
}
