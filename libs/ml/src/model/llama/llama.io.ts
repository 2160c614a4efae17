import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { doubleQuantApplies, type QuantType } from '@loralab/core';
import { tf, type Tensor1D, type Tensor2D } from '../../backend/tf';
import { readSafetensorsFile, tensorToFloat32 } from '../../safetensors/safetensors.reader';
import type { SafetensorsTensor } from '../../safetensors/safetensors.types';
import { serializeSafetensors, type TensorToWrite } from '../../safetensors/safetensors.writer';
import { BaseWeight } from '../../quant/base-weight';
import { readTokenizer } from '../../tokenizer/hf-tokenizer';
import type { Tokenizer } from '../../tokenizer/tokenizer.types';
import { MlError } from '../../util/ml.error';
import { llamaConfigToJson, parseLlamaConfig, projectionWeightShapes, type LlamaConfig } from './llama.config';
import { biasedProjections, layerVectors, LlamaModel, PROJECTIONS, projectionPath, type LlamaLayer } from './llama.model';

export interface LoadModelOptions {
  /** Storage of the linear layers' weights (embeddings, norms and head stay fp32). */
  quantization?: QuantType;
  doubleQuant?: boolean;
  /** Make every weight a trainable fp32 variable (pretraining). */
  trainable?: boolean;
  /** Called as loading goes: after each weights file is read, and after each decoder layer is built (quantized). */
  onProgress?: (p: LoadProgress) => void;
}

/** How far loading a base is: `done` of `total` weights files read, or decoder layers built. */
export interface LoadProgress {
  stage: 'read' | 'layers';
  done: number;
  total: number;
}

/** Named fp32 tensors of a model, Hugging Face names, [out, in] layout. */
export type FloatTensors = Map<string, { shape: number[]; values: Float32Array }>;

/** Every weight a config needs, Hugging Face names, [out, in] layout for matrices. */
export function tensorShapes(config: LlamaConfig): Map<string, number[]> {
  const c = config;
  const d = c.hiddenSize;
  const hd = c.headDim;
  const shapes = projectionWeightShapes(c);
  const out = new Map<string, number[]>([['model.embed_tokens.weight', [c.vocabSize, d]]]);
  const biased = new Set(biasedProjections(c));
  for (let i = 0; i < c.numHiddenLayers; i++) {
    out.set(`model.layers.${i}.input_layernorm.weight`, [d]);
    out.set(`model.layers.${i}.post_attention_layernorm.weight`, [d]);
    if (c.architecture === 'qwen3') {
      out.set(`model.layers.${i}.self_attn.q_norm.weight`, [hd]);
      out.set(`model.layers.${i}.self_attn.k_norm.weight`, [hd]);
    }
    for (const p of PROJECTIONS) {
      out.set(`${projectionPath(i, p)}.weight`, shapes[p]);
      if (biased.has(p)) out.set(`${projectionPath(i, p)}.bias`, [shapes[p][0]]);
    }
  }
  out.set('model.norm.weight', [d]);
  if (!c.tieWordEmbeddings) out.set('lm_head.weight', [c.vocabSize, d]);
  return out;
}

/** Weights transformers itself recomputes or ties, so a file may carry them unused. */
function ignorable(name: string, config: LlamaConfig): boolean {
  return name.endsWith('.rotary_emb.inv_freq') || (config.tieWordEmbeddings && name === 'lm_head.weight');
}

/**
 * Builds a model from named fp32 weights (from files or generated). Every weight the config
 * needs must be there with its shape (an untied config needs `lm_head.weight`), and every
 * weight there must be one the config uses: a bias the config does not declare would be
 * dropped by transformers too, but it says the config and the weights disagree.
 */
export function modelFromTensors(
  config: LlamaConfig,
  tensors: FloatTensors,
  tokenizer: Tokenizer,
  options: LoadModelOptions = {},
  source = 'unknown',
): LlamaModel {
  const quant = options.trainable ? 'FP32' : options.quantization ?? 'FP32';
  const expected = tensorShapes(config);
  for (const name of tensors.keys()) {
    if (!expected.has(name) && !ignorable(name, config)) {
      throw new MlError('MODEL_UNREADABLE', `weight "${name}" is not used by this ${config.architecture ?? 'llama'} config (check attention_bias, mlp_bias, tie_word_embeddings)`);
    }
  }
  const take = (name: string) => {
    const shape = expected.get(name)!;
    const t = tensors.get(name);
    if (!t) {
      const hint = name === 'lm_head.weight' ? ' (tie_word_embeddings is false, so the head must be in the weights)' : '';
      throw new MlError('MODEL_UNREADABLE', `weight "${name}" is missing${hint}`);
    }
    if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      throw new MlError('MODEL_UNREADABLE', `weight "${name}" has shape [${t.shape}], expected [${shape}]`);
    }
    return t.values;
  };
  const vec = (name: string): Tensor1D => {
    const t = tf.tensor1d(take(name));
    if (!options.trainable) return t;
    const v = tf.variable(t, true) as unknown as Tensor1D;
    t.dispose();
    return v;
  };
  const c = config;
  const d = c.hiddenSize;
  const shapes = projectionWeightShapes(c);
  const biased = biasedProjections(c);
  const layers: LlamaLayer[] = [];
  for (let i = 0; i < c.numHiddenLayers; i++) {
    const proj = {} as LlamaLayer['proj'];
    const bias: LlamaLayer['bias'] = {};
    for (const p of PROJECTIONS) {
      const name = projectionPath(i, p);
      proj[p] = BaseWeight.fromFloat32(take(`${name}.weight`), shapes[p], quant, {
        doubleQuant: options.doubleQuant,
        trainable: options.trainable,
      });
    }
    for (const p of biased) bias[p] = vec(`${projectionPath(i, p)}.bias`);
    const layer: LlamaLayer = {
      inputNorm: vec(`model.layers.${i}.input_layernorm.weight`),
      postAttentionNorm: vec(`model.layers.${i}.post_attention_layernorm.weight`),
      proj,
      bias,
      lora: {},
    };
    if (c.architecture === 'qwen3') {
      layer.qNorm = vec(`model.layers.${i}.self_attn.q_norm.weight`);
      layer.kNorm = vec(`model.layers.${i}.self_attn.k_norm.weight`);
    }
    layers.push(layer);
    options.onProgress?.({ stage: 'layers', done: i + 1, total: c.numHiddenLayers });
  }
  let embed: Tensor2D = tf.tensor2d(take('model.embed_tokens.weight'), [c.vocabSize, d]);
  if (options.trainable) {
    const v = tf.variable(embed, true) as unknown as Tensor2D;
    embed.dispose();
    embed = v;
  }
  const lmHead = c.tieWordEmbeddings
    ? undefined
    : BaseWeight.fromFloat32(take('lm_head.weight'), [c.vocabSize, d], 'FP32', { trainable: options.trainable });
  return new LlamaModel(
    c,
    { embed, layers, norm: vec('model.norm.weight'), lmHead },
    tokenizer,
    { type: quant, doubleQuant: !!options.doubleQuant && doubleQuantApplies(quant) },
    source,
  );
}

function readJson(path: string, code: 'MODEL_UNREADABLE' | 'MODEL_CONFIG_INVALID' = 'MODEL_UNREADABLE'): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new MlError(code, `cannot read ${path}: ${(e as Error).message}`, { cause: e });
  }
}

/** Reads `model.safetensors`, or the shards listed in `model.safetensors.index.json`. */
export function readModelTensors(dir: string, onProgress?: (p: LoadProgress) => void): FloatTensors {
  const out: FloatTensors = new Map();
  let files = 1;
  let read = 0;
  const add = (file: string) => {
    let parsed;
    try {
      parsed = readSafetensorsFile(file);
    } catch (e) {
      throw new MlError('MODEL_UNREADABLE', `cannot read ${file}: ${(e as Error).message}`, { cause: e });
    }
    for (const [name, t] of parsed.tensors) out.set(name, { shape: t.shape, values: floatValues(name, t) });
    onProgress?.({ stage: 'read', done: ++read, total: files });
  };
  const single = join(dir, 'model.safetensors');
  const index = join(dir, 'model.safetensors.index.json');
  if (existsSync(single)) add(single);
  else if (existsSync(index)) {
    const map = (readJson(index) as { weight_map?: Record<string, string> }).weight_map;
    if (!map) throw new MlError('MODEL_UNREADABLE', `${index} has no weight_map`);
    const shards = new Set(Object.values(map));
    files = shards.size;
    for (const shard of shards) add(join(dir, shard));
    for (const name of Object.keys(map)) {
      if (!out.has(name)) throw new MlError('MODEL_UNREADABLE', `weight "${name}" listed in the index is in no shard`);
    }
  } else throw new MlError('MODEL_UNREADABLE', `${dir} has neither model.safetensors nor model.safetensors.index.json`);
  return out;
}

function floatValues(name: string, t: SafetensorsTensor): Float32Array {
  if (t.dtype !== 'F32' && t.dtype !== 'F16' && t.dtype !== 'BF16') {
    throw new MlError('MODEL_UNREADABLE', `weight "${name}" has dtype ${t.dtype}; F32, F16 or BF16 expected`);
  }
  return tensorToFloat32(t);
}

/**
 * Loads a Hugging Face Llama directory (config.json, safetensors; tokenizer.json if present:
 * without one, logits from ids work and text methods throw `TOKENIZER_MISSING`).
 */
export function loadModel(dir: string, options: LoadModelOptions = {}): LlamaModel {
  if (!existsSync(join(dir, 'config.json'))) throw new MlError('MODEL_UNREADABLE', `${dir}/config.json not found`);
  const config = parseLlamaConfig(readJson(join(dir, 'config.json'), 'MODEL_CONFIG_INVALID'));
  const tensors = readModelTensors(dir, options.onProgress);
  const tokenizer = readTokenizer(dir);
  if (tokenizer.vocabSize > config.vocabSize) {
    throw new MlError('TOKENIZER_INVALID', `${dir}/tokenizer.json has token ids up to ${tokenizer.vocabSize - 1}, beyond config.json vocab_size ${config.vocabSize}`);
  }
  return modelFromTensors(config, tensors, tokenizer, options, dir);
}

/** The base weights as fp32 (quantized layers decoded), Hugging Face names. */
export function modelTensors(model: LlamaModel): FloatTensors {
  const out: FloatTensors = new Map();
  const w = model.weights;
  const put = (name: string, t: tf.Tensor) => out.set(name, { shape: t.shape, values: t.dataSync() as Float32Array });
  put('model.embed_tokens.weight', w.embed);
  put('model.norm.weight', w.norm);
  if (w.lmHead) out.set('lm_head.weight', { shape: w.lmHead.shape, values: w.lmHead.toFloat32() });
  w.layers.forEach((l, i) => {
    for (const [name, v] of layerVectors(l, i)) put(name, v);
    for (const p of PROJECTIONS) out.set(`${projectionPath(i, p)}.weight`, { shape: l.proj[p].shape, values: l.proj[p].toFloat32() });
  });
  return out;
}

export interface SaveModelOptions {
  dtype?: 'F32' | 'F16' | 'BF16';
  /** Replace the weights written (merged adapters). */
  tensors?: FloatTensors;
}

/** Saves config.json, model.safetensors and the tokenizer's files byte for byte (quantized layers are decoded). */
export function saveModel(model: LlamaModel, dir: string, options: SaveModelOptions = {}): void {
  mkdirSync(dir, { recursive: true });
  const dtype = options.dtype ?? 'F32';
  const tensors = options.tensors ?? modelTensors(model);
  const toWrite: Record<string, TensorToWrite> = {};
  for (const [name, t] of tensors) toWrite[name] = { dtype, shape: t.shape, data: t.values };
  const config = { ...llamaConfigToJson(model.config), torch_dtype: dtype === 'F32' ? 'float32' : dtype === 'F16' ? 'float16' : 'bfloat16' };
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config, null, 2));
  writeFileSync(join(dir, 'model.safetensors'), serializeSafetensors(toWrite, { format: 'pt' }));
  for (const [name, bytes] of model.tokenizer.files) writeFileSync(join(dir, name), bytes);
}
