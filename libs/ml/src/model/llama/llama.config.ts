import { moduleName, projectionShapes, TARGET_MODULES, type ModelShape } from '@loralab/core';
import { MlError } from '../../util/ml.error';

/** The Hugging Face `LlamaConfig` fields this implementation reads, in camelCase: the shape @loralab/core estimates from, and the rest. */
export interface LlamaConfig extends ModelShape {
  headDim: number;
  rmsNormEps: number;
  ropeTheta: number;
  maxPositionEmbeddings: number;
  bosTokenId?: number;
  eosTokenId?: number;
}

function num(raw: Record<string, unknown>, key: string, fallback?: number): number {
  const v = raw[key] ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new MlError('MODEL_CONFIG_INVALID', `config.json: "${key}" must be a number, got ${JSON.stringify(raw[key])}`);
  }
  return v;
}

/** Reads and checks a parsed config.json. */
export function parseLlamaConfig(raw: unknown): LlamaConfig {
  if (raw === null || typeof raw !== 'object') throw new MlError('MODEL_CONFIG_INVALID', 'config.json must be an object');
  const r = raw as Record<string, unknown>;
  if (r.model_type !== undefined && r.model_type !== 'llama') {
    throw new MlError('MODEL_CONFIG_INVALID', `model_type "${String(r.model_type)}" is not supported (llama only)`);
  }
  if (r.hidden_act !== undefined && r.hidden_act !== 'silu') {
    throw new MlError('MODEL_CONFIG_INVALID', `hidden_act "${String(r.hidden_act)}" is not supported (silu only)`);
  }
  if (r.rope_scaling !== undefined && r.rope_scaling !== null) {
    throw new MlError('MODEL_CONFIG_INVALID', 'rope_scaling is not supported');
  }
  const heads = num(r, 'num_attention_heads');
  const hidden = num(r, 'hidden_size');
  const cfg: LlamaConfig = {
    vocabSize: num(r, 'vocab_size'),
    hiddenSize: hidden,
    intermediateSize: num(r, 'intermediate_size'),
    numHiddenLayers: num(r, 'num_hidden_layers'),
    numAttentionHeads: heads,
    numKeyValueHeads: num(r, 'num_key_value_heads', heads),
    headDim: num(r, 'head_dim', hidden / heads),
    rmsNormEps: num(r, 'rms_norm_eps', 1e-6),
    ropeTheta: num(r, 'rope_theta', 10000),
    tieWordEmbeddings: r.tie_word_embeddings === true,
    maxPositionEmbeddings: num(r, 'max_position_embeddings', 2048),
    bosTokenId: typeof r.bos_token_id === 'number' ? r.bos_token_id : undefined,
    eosTokenId: typeof r.eos_token_id === 'number' ? r.eos_token_id : undefined,
  };
  if (!Number.isInteger(cfg.headDim) || cfg.numAttentionHeads % cfg.numKeyValueHeads !== 0) {
    throw new MlError('MODEL_CONFIG_INVALID', 'heads must divide hidden_size and num_key_value_heads must divide num_attention_heads');
  }
  if (cfg.headDim % 2 !== 0) throw new MlError('MODEL_CONFIG_INVALID', 'head_dim must be even for RoPE');
  return cfg;
}

/** config.json contents, as transformers writes them for LlamaForCausalLM. */
export function llamaConfigToJson(c: LlamaConfig): Record<string, unknown> {
  return {
    architectures: ['LlamaForCausalLM'],
    model_type: 'llama',
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
    rope_scaling: null,
    tie_word_embeddings: c.tieWordEmbeddings,
    max_position_embeddings: c.maxPositionEmbeddings,
    attention_bias: false,
    mlp_bias: false,
    bos_token_id: c.bosTokenId ?? null,
    eos_token_id: c.eosTokenId ?? null,
    torch_dtype: 'float32',
  };
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
export function projectionWeightShapes(c: LlamaConfig): Record<string, [number, number]> {
  const shapes = projectionShapes(modelShapeOf(c));
  return Object.fromEntries(TARGET_MODULES.map((t) => [moduleName(t), [shapes[t][1], shapes[t][0]]]));
}
