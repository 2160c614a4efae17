import { headDimOf, moduleName, projectionShapes, TARGET_MODULES, type ModelShape } from '@loralab/core';
import { MlError } from '../../util/ml.error';
import { CONFIG_FIELDS, type Architecture } from './config-fields';
import type { Projection } from './llama.model';

export type { Architecture } from './config-fields';

/** RoPE frequency variants of transformers' `modeling_rope_utils` that are implemented. */
export type RopeType = 'default' | 'linear' | 'dynamic' | 'llama3';

export interface RopeScaling {
  type: RopeType;
  /** linear, dynamic, llama3. */
  factor?: number;
  /** llama3 only. */
  lowFreqFactor?: number;
  highFreqFactor?: number;
  originalMaxPositionEmbeddings?: number;
}

/**
 * The Hugging Face config fields this implementation reads, in camelCase: the shape @loralab/core
 * estimates from (`ModelShape`), and the rest; `LlamaConfig` and the Qwen2, Qwen3 and Mistral
 * variants of the same decoder (`architecture`).
 */
export interface LlamaConfig extends ModelShape {
  headDim: number;
  rmsNormEps: number;
  ropeTheta: number;
  maxPositionEmbeddings: number;
  bosTokenId?: number;
  eosTokenId?: number;
  /** `model_type`; absent means `llama`. */
  architecture?: Architecture;
  /** Absent means the default RoPE. */
  ropeScaling?: RopeScaling;
  /** Llama/Qwen3 `attention_bias`: q, k, v and o projections have biases (Qwen2: q, k, v always). */
  attentionBias?: boolean;
  /** Llama `mlp_bias`: gate, up and down projections have biases. */
  mlpBias?: boolean;
  /** Sliding-window attention: a query sees the `slidingWindow` most recent keys, itself included. */
  slidingWindow?: number;
  /** Which layers use the window (Qwen2/Qwen3 `layer_types`); absent with a window: every layer. */
  slidingLayers?: boolean[];
}

export const ARCHITECTURE_CLASSES: Record<Architecture, string> = {
  llama: 'LlamaForCausalLM',
  qwen2: 'Qwen2ForCausalLM',
  qwen3: 'Qwen3ForCausalLM',
  mistral: 'MistralForCausalLM',
};

function invalid(message: string): never {
  throw new MlError('MODEL_CONFIG_INVALID', `config.json: ${message}`);
}

function num(raw: Record<string, unknown>, key: string, fallback?: number, where = ''): number {
  const v = raw[key] ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v)) invalid(`"${where}${key}" must be a number, got ${JSON.stringify(raw[key])}`);
  return v;
}

function bool(raw: Record<string, unknown>, key: string, fallback: boolean): boolean {
  const v = raw[key] ?? fallback;
  if (typeof v !== 'boolean') invalid(`"${key}" must be true or false, got ${JSON.stringify(raw[key])}`);
  return v;
}

/** transformers' defaults where a config.json leaves a field out (they differ per architecture). */
const DEFAULTS: Record<Architecture, { maxPositionEmbeddings: number; slidingWindow: number | null; headDim?: number; maxWindowLayers: number }> = {
  llama: { maxPositionEmbeddings: 2048, slidingWindow: null, maxWindowLayers: 0 },
  qwen2: { maxPositionEmbeddings: 32768, slidingWindow: 4096, maxWindowLayers: 28 },
  qwen3: { maxPositionEmbeddings: 32768, slidingWindow: 4096, headDim: 128, maxWindowLayers: 28 },
  mistral: { maxPositionEmbeddings: 4096 * 32, slidingWindow: 4096, maxWindowLayers: 0 },
};

/**
 * Reads and checks a parsed config.json. Every key must be known for its architecture
 * (`CONFIG_FIELDS`): read here, without effect on the computation, or refused unless it has the
 * value that leaves the maths unchanged. Anything else is `MODEL_CONFIG_INVALID` naming the key.
 */
export function parseLlamaConfig(raw: unknown): LlamaConfig {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) invalid('must be an object');
  const r = raw as Record<string, unknown>;
  const modelType = r.model_type ?? 'llama';
  if (typeof modelType !== 'string' || !(modelType in ARCHITECTURE_CLASSES)) {
    invalid(`"model_type" ${JSON.stringify(modelType)} is not supported (${Object.keys(ARCHITECTURE_CLASSES).join(', ')})`);
  }
  const arch = modelType as Architecture;
  const fields = CONFIG_FIELDS[arch];
  for (const [key, value] of Object.entries(r)) {
    const field = fields[key];
    if (!field) invalid(`"${key}" is not a known ${ARCHITECTURE_CLASSES[arch]} config field; refusing what might change the model`);
    if (field.role === 'refused' && !field.allows(value)) {
      invalid(`"${key}" = ${JSON.stringify(value)} is not supported (only ${field.supported})`);
    }
  }
  if (r.architectures !== undefined) {
    const list = r.architectures;
    if (!Array.isArray(list) || list.length !== 1 || list[0] !== ARCHITECTURE_CLASSES[arch]) {
      invalid(`"architectures" ${JSON.stringify(list)} is not ["${ARCHITECTURE_CLASSES[arch]}"]`);
    }
  }
  if (r.hidden_act !== undefined && r.hidden_act !== 'silu') invalid(`"hidden_act" "${String(r.hidden_act)}" is not supported (silu only)`);
  const defaults = DEFAULTS[arch];
  const heads = num(r, 'num_attention_heads');
  const hidden = num(r, 'hidden_size');
  const layers = num(r, 'num_hidden_layers');
  const maxPositionEmbeddings = num(r, 'max_position_embeddings', defaults.maxPositionEmbeddings);
  const headDim = r.head_dim === null || r.head_dim === undefined ? headDimOf({ hiddenSize: hidden, numAttentionHeads: heads, headDim: defaults.headDim }) : num(r, 'head_dim');
  const rope = parseRope(r, maxPositionEmbeddings);
  const cfg: LlamaConfig = {
    architecture: arch,
    vocabSize: num(r, 'vocab_size'),
    hiddenSize: hidden,
    intermediateSize: num(r, 'intermediate_size'),
    numHiddenLayers: layers,
    numAttentionHeads: heads,
    numKeyValueHeads: r.num_key_value_heads === null ? heads : num(r, 'num_key_value_heads', heads),
    headDim,
    rmsNormEps: num(r, 'rms_norm_eps', 1e-6),
    ropeTheta: rope.theta,
    tieWordEmbeddings: bool(r, 'tie_word_embeddings', false),
    maxPositionEmbeddings,
    bosTokenId: typeof r.bos_token_id === 'number' ? r.bos_token_id : undefined,
    eosTokenId: typeof r.eos_token_id === 'number' ? r.eos_token_id : undefined,
  };
  if (rope.scaling.type !== 'default') cfg.ropeScaling = rope.scaling;
  if (arch === 'llama' || arch === 'qwen3') cfg.attentionBias = bool(r, 'attention_bias', false);
  if (arch === 'llama') cfg.mlpBias = bool(r, 'mlp_bias', false);
  Object.assign(cfg, parseSlidingWindow(r, arch, layers));
  for (const [k, v] of Object.entries({ vocab_size: cfg.vocabSize, hidden_size: hidden, intermediate_size: cfg.intermediateSize, num_hidden_layers: layers, num_attention_heads: heads, num_key_value_heads: cfg.numKeyValueHeads, head_dim: headDim })) {
    if (!Number.isInteger(v) || v < 1) invalid(`"${k}" must be a positive integer, got ${v}`);
  }
  if (cfg.numAttentionHeads % cfg.numKeyValueHeads !== 0) invalid('"num_key_value_heads" must divide "num_attention_heads"');
  if (cfg.headDim % 2 !== 0) invalid('"head_dim" must be even for RoPE');
  if (!(cfg.rmsNormEps > 0)) invalid('"rms_norm_eps" must be positive');
  return cfg;
}

const ROPE_KEYS: Record<string, string[]> = {
  default: [],
  linear: ['factor'],
  dynamic: ['factor'],
  llama3: ['factor', 'low_freq_factor', 'high_freq_factor', 'original_max_position_embeddings'],
};

/**
 * `rope_scaling` (or transformers 5's `rope_parameters`, which also carries `rope_theta`):
 * default, linear, dynamic and llama3 are implemented; yarn, longrope and anything else refused.
 */
function parseRope(r: Record<string, unknown>, maxPositionEmbeddings: number): { theta: number; scaling: RopeScaling } {
  const key = r.rope_scaling !== undefined && r.rope_scaling !== null ? 'rope_scaling' : 'rope_parameters';
  const spec = r[key] ?? {};
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) invalid(`"${key}" must be an object or null`);
  const s = spec as Record<string, unknown>;
  const type = s.rope_type ?? s.type ?? 'default';
  if (typeof type !== 'string' || !(type in ROPE_KEYS)) {
    invalid(`"${key}.rope_type" ${JSON.stringify(type)} is not supported (default, linear, dynamic, llama3)`);
  }
  const allowed = new Set(['rope_type', 'type', 'rope_theta', 'partial_rotary_factor', 'attention_factor', ...ROPE_KEYS[type]]);
  for (const k of Object.keys(s)) if (!allowed.has(k)) invalid(`"${key}.${k}" is not used by rope_type "${type}"; refusing it`);
  if (s.partial_rotary_factor !== undefined && s.partial_rotary_factor !== 1) invalid(`"${key}.partial_rotary_factor" must be 1 (partial RoPE is not supported)`);
  if (s.attention_factor !== undefined && s.attention_factor !== 1) invalid(`"${key}.attention_factor" must be 1 for rope_type "${type}"`);
  if (s.type !== undefined && s.rope_type !== undefined && s.type !== s.rope_type) invalid(`"${key}.type" and "${key}.rope_type" disagree`);
  const theta = num(s, 'rope_theta', num(r, 'rope_theta', 10000), `${key}.`);
  const scaling: RopeScaling = { type: type as RopeType };
  if (type !== 'default') {
    scaling.factor = num(s, 'factor', undefined, `${key}.`);
    if (!(scaling.factor > 0)) invalid(`"${key}.factor" must be positive`);
  }
  if (type === 'llama3') {
    scaling.lowFreqFactor = num(s, 'low_freq_factor', undefined, `${key}.`);
    scaling.highFreqFactor = num(s, 'high_freq_factor', undefined, `${key}.`);
    scaling.originalMaxPositionEmbeddings = num(s, 'original_max_position_embeddings', maxPositionEmbeddings, `${key}.`);
    if (scaling.highFreqFactor === scaling.lowFreqFactor) invalid(`"${key}.high_freq_factor" must differ from low_freq_factor`);
  }
  return { theta, scaling };
}

/** Mistral: `sliding_window` on every layer; Qwen2/Qwen3: `use_sliding_window`, `max_window_layers` or `layer_types`. */
function parseSlidingWindow(r: Record<string, unknown>, arch: Architecture, layers: number): Pick<LlamaConfig, 'slidingWindow' | 'slidingLayers'> {
  const defaults = DEFAULTS[arch];
  const windowOf = () => {
    const w = r.sliding_window === undefined ? defaults.slidingWindow : r.sliding_window;
    if (w === null) return undefined;
    if (typeof w !== 'number' || !Number.isInteger(w) || w < 1) invalid(`"sliding_window" must be a positive integer or null, got ${JSON.stringify(w)}`);
    return w;
  };
  if (arch === 'mistral') {
    const w = windowOf();
    return w === undefined ? {} : { slidingWindow: w };
  }
  if (arch === 'llama') return {};
  // Qwen2Config / Qwen3Config: sliding_window = sliding_window if use_sliding_window else None.
  if (!bool(r, 'use_sliding_window', false)) return {};
  const types = r.layer_types;
  if (types !== undefined && types !== null) {
    if (!Array.isArray(types) || types.length !== layers || types.some((t) => t !== 'full_attention' && t !== 'sliding_attention')) {
      invalid(`"layer_types" must list "full_attention" or "sliding_attention" for each of the ${layers} layers`);
    }
    const sliding = types.map((t) => t === 'sliding_attention');
    if (!sliding.some(Boolean)) return {};
    const w = windowOf();
    if (w === undefined) invalid('"layer_types" has sliding_attention layers but "sliding_window" is null');
    return { slidingWindow: w, slidingLayers: sliding };
  }
  const w = windowOf();
  if (w === undefined) return {};
  const first = num(r, 'max_window_layers', defaults.maxWindowLayers);
  const sliding = Array.from({ length: layers }, (_, i) => i >= first);
  return sliding.some(Boolean) ? { slidingWindow: w, slidingLayers: sliding } : {};
}

/** Whether layer `i` attends through the sliding window. */
export function usesSlidingWindow(c: LlamaConfig, layer: number): boolean {
  return c.slidingWindow !== undefined && (c.slidingLayers ? c.slidingLayers[layer] : true);
}

/** config.json contents, as transformers writes them for the model's architecture. */
export function llamaConfigToJson(c: LlamaConfig): Record<string, unknown> {
  const arch = c.architecture ?? 'llama';
  const rs = c.ropeScaling;
  const ropeScaling =
    !rs || rs.type === 'default'
      ? null
      : rs.type === 'llama3'
        ? { rope_type: 'llama3', factor: rs.factor, low_freq_factor: rs.lowFreqFactor, high_freq_factor: rs.highFreqFactor, original_max_position_embeddings: rs.originalMaxPositionEmbeddings }
        : { rope_type: rs.type, factor: rs.factor };
  const out: Record<string, unknown> = {
    architectures: [ARCHITECTURE_CLASSES[arch]],
    model_type: arch,
    vocab_size: c.vocabSize,
    hidden_size: c.hiddenSize,
    intermediate_size: c.intermediateSize,
    num_hidden_layers: c.numHiddenLayers,
    num_attention_heads: c.numAttentionHeads,
    num_key_value_heads: c.numKeyValueHeads,
    head_dim: c.headDim,
    hidden_act: 'silu',
    rms_norm_eps: c.rmsNormEps,
    rope_theta: c.ropeTheta,
    rope_scaling: ropeScaling,
    tie_word_embeddings: c.tieWordEmbeddings,
    max_position_embeddings: c.maxPositionEmbeddings,
    attention_dropout: 0,
    bos_token_id: c.bosTokenId ?? null,
    eos_token_id: c.eosTokenId ?? null,
    torch_dtype: 'float32',
  };
  if (arch === 'llama' || arch === 'qwen3') out.attention_bias = !!c.attentionBias;
  if (arch === 'llama') out.mlp_bias = !!c.mlpBias;
  if (arch === 'mistral') out.sliding_window = c.slidingWindow ?? null;
  if (arch === 'qwen2' || arch === 'qwen3') {
    const sliding = Array.from({ length: c.numHiddenLayers }, (_, i) => usesSlidingWindow(c, i));
    const first = sliding.indexOf(true);
    out.use_sliding_window = first >= 0;
    out.sliding_window = c.slidingWindow ?? null;
    out.max_window_layers = first >= 0 ? first : c.numHiddenLayers;
    out.layer_types = sliding.map((s) => (s ? 'sliding_attention' : 'full_attention'));
  }
  return out;
}

export function modelShapeOf(c: LlamaConfig): ModelShape {
  return {
    vocabSize: c.vocabSize,
    hiddenSize: c.hiddenSize,
    intermediateSize: c.intermediateSize,
    numHiddenLayers: c.numHiddenLayers,
    numAttentionHeads: c.numAttentionHeads,
    numKeyValueHeads: c.numKeyValueHeads,
    tieWordEmbeddings: c.tieWordEmbeddings,
    headDim: c.headDim,
  };
}

/** [out, in] of each projection's weight (`q_proj` …), as stored: @loralab/core's shapes, transposed. */
export function projectionWeightShapes(c: LlamaConfig): Record<Projection, [number, number]> {
  const shapes = projectionShapes(modelShapeOf(c));
  return Object.fromEntries(TARGET_MODULES.map((t) => [moduleName(t), [shapes[t][1], shapes[t][0]]])) as Record<Projection, [number, number]>;
}
