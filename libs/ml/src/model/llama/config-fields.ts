/**
 * What each config.json key of the supported architectures means to this implementation, so
 * that nothing that changes the logits is ignored:
 * - `implemented`: read by `parseLlamaConfig` and honoured by the forward pass;
 * - `no-effect`: transformers reads it for generation, initialisation, caching, bookkeeping or
 *   the tokenizer, never for the logits of a forward pass;
 * - `refused`: changes the maths in transformers and is not implemented, so only the value(s)
 *   that leave the maths unchanged load; any other is `MODEL_CONFIG_INVALID` naming the key.
 * A key that is in none of the lists is refused too.
 */
export type Architecture = 'llama' | 'qwen2' | 'qwen3' | 'mistral';

export type ConfigField =
  | { role: 'implemented' }
  | { role: 'no-effect' }
  | { role: 'refused'; supported: string; allows: (value: unknown) => boolean };

const implemented: ConfigField = { role: 'implemented' };
const noEffect: ConfigField = { role: 'no-effect' };
const refusedUnless = (supported: string, allows: (v: unknown) => boolean): ConfigField => ({ role: 'refused', supported, allows });
const absent = (v: unknown) => v === null || v === undefined;
const emptyOrAbsent = (v: unknown) => absent(v) || (Array.isArray(v) ? v.length === 0 : typeof v === 'object' && Object.keys(v as object).length === 0);

/** Keys every decoder here shares. */
const COMMON: Record<string, ConfigField> = {
  architectures: implemented,
  model_type: implemented,
  vocab_size: implemented,
  hidden_size: implemented,
  intermediate_size: implemented,
  num_hidden_layers: implemented,
  num_attention_heads: implemented,
  num_key_value_heads: implemented,
  head_dim: implemented,
  hidden_act: implemented,
  rms_norm_eps: implemented,
  rope_theta: implemented,
  rope_scaling: implemented,
  rope_parameters: implemented,
  tie_word_embeddings: implemented,
  // Used by dynamic RoPE (and as llama3's default original_max_position_embeddings).
  max_position_embeddings: implemented,
  // Attention dropout acts while training; the base is never dropped out here.
  attention_dropout: refusedUnless('0', (v) => absent(v) || v === 0),
  partial_rotary_factor: refusedUnless('1', (v) => absent(v) || v === 1),
  quantization_config: refusedUnless('absent (load an unquantized checkpoint; quantization is a load option)', absent),
  // Token ids and bookkeeping.
  bos_token_id: noEffect,
  eos_token_id: noEffect,
  pad_token_id: noEffect,
  sep_token_id: noEffect,
  decoder_start_token_id: noEffect,
  torch_dtype: noEffect,
  dtype: noEffect,
  transformers_version: noEffect,
  _name_or_path: noEffect,
  use_cache: noEffect,
  initializer_range: noEffect,
  tokenizer_class: noEffect,
  // The attention kernel transformers picks (eager, sdpa, flash): the same maths.
  _attn_implementation: noEffect,
  _attn_implementation_autoset: noEffect,
  // Written by Unsloth when it saves a model.
  unsloth_version: noEffect,
  unsloth_fixed: noEffect,
  // PretrainedConfig's generation and output defaults (older transformers wrote them all out).
  output_attentions: noEffect,
  output_hidden_states: noEffect,
  return_dict: noEffect,
  torchscript: noEffect,
  use_bfloat16: noEffect,
  tf_legacy_loss: noEffect,
  chunk_size_feed_forward: noEffect,
  is_decoder: noEffect,
  id2label: noEffect,
  label2id: noEffect,
  problem_type: noEffect,
  finetuning_task: noEffect,
  task_specific_params: noEffect,
  prefix: noEffect,
  max_length: noEffect,
  min_length: noEffect,
  do_sample: noEffect,
  early_stopping: noEffect,
  num_beams: noEffect,
  num_beam_groups: noEffect,
  diversity_penalty: noEffect,
  temperature: noEffect,
  top_k: noEffect,
  top_p: noEffect,
  typical_p: noEffect,
  repetition_penalty: noEffect,
  length_penalty: noEffect,
  no_repeat_ngram_size: noEffect,
  encoder_no_repeat_ngram_size: noEffect,
  bad_words_ids: noEffect,
  num_return_sequences: noEffect,
  output_scores: noEffect,
  return_dict_in_generate: noEffect,
  forced_bos_token_id: noEffect,
  forced_eos_token_id: noEffect,
  remove_invalid_values: noEffect,
  exponential_decay_length_penalty: noEffect,
  suppress_tokens: noEffect,
  begin_suppress_tokens: noEffect,
  is_encoder_decoder: refusedUnless('false', (v) => absent(v) || v === false),
  add_cross_attention: refusedUnless('false', (v) => absent(v) || v === false),
  cross_attention_hidden_size: refusedUnless('null', absent),
  tie_encoder_decoder: refusedUnless('false', (v) => absent(v) || v === false),
  pruned_heads: refusedUnless('{}', emptyOrAbsent),
};

const QWEN_SLIDING: Record<string, ConfigField> = {
  use_sliding_window: implemented,
  sliding_window: implemented,
  max_window_layers: implemented,
  layer_types: implemented,
};

export const CONFIG_FIELDS: Record<Architecture, Record<string, ConfigField>> = {
  llama: {
    ...COMMON,
    attention_bias: implemented,
    mlp_bias: implemented,
    // Older transformers split each matmul into `pretraining_tp` slices and summed them:
    // the same product. Newer versions ignore it.
    pretraining_tp: noEffect,
    // nanotron leftovers in SmolLM2's config: transformers' Llama never reads them. An
    // interleaved RoPE would be a different model, so only `false` loads.
    is_llama_config: noEffect,
    rope_interleaved: refusedUnless('false', (v) => absent(v) || v === false),
  },
  qwen2: {
    ...COMMON,
    ...QWEN_SLIDING,
    use_mrope: refusedUnless('false', (v) => absent(v) || v === false),
  },
  qwen3: {
    ...COMMON,
    ...QWEN_SLIDING,
    attention_bias: implemented,
  },
  mistral: {
    ...COMMON,
    sliding_window: implemented,
  },
};
