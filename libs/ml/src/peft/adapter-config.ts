import { TARGET_MODULES, moduleName, type TargetModule } from '@loralab/core';
import { loraScale, type AdapterTargeting, type LoraConfig } from '../lora/lora.types';
import { PROJECTIONS, projectionPath, type LlamaModel, type Projection } from '../model/llama/llama.model';
import { MlError } from '../util/ml.error';

/** The PEFT release whose `adapter_config.json` layout `saveAdapter` writes. */
export const PEFT_VERSION = '0.19.1';

/**
 * Every field PEFT 0.19.1's `LoraConfig.save_pretrained` writes, with its default (saved
 * adapters have `inference_mode: true`). `saveAdapter` writes these with the adapter's own
 * values over them, keys sorted as PEFT writes them.
 */
export const PEFT_LORA_DEFAULTS: Readonly<Record<string, unknown>> = {
  alora_invocation_tokens: null,
  alpha_pattern: {},
  arrow_config: null,
  auto_mapping: null,
  base_model_name_or_path: null,
  bias: 'none',
  corda_config: null,
  ensure_weight_tying: false,
  eva_config: null,
  exclude_modules: null,
  fan_in_fan_out: false,
  inference_mode: true,
  init_lora_weights: true,
  layer_replication: null,
  layers_pattern: null,
  layers_to_transform: null,
  loftq_config: {},
  lora_alpha: 8,
  lora_bias: false,
  lora_dropout: 0,
  lora_ga_config: null,
  megatron_config: null,
  megatron_core: 'megatron.core',
  modules_to_save: null,
  peft_type: 'LORA',
  peft_version: PEFT_VERSION,
  qalora_group_size: 16,
  r: 8,
  rank_pattern: {},
  revision: null,
  target_modules: null,
  target_parameters: null,
  task_type: 'CAUSAL_LM',
  trainable_token_indices: null,
  use_bdlora: null,
  use_dora: false,
  use_qalora: false,
  use_rslora: false,
};

type AdapterField = { role: 'implemented' } | { role: 'no-effect' } | { role: 'refused'; supported: string; allows: (v: unknown) => boolean };

const implemented: AdapterField = { role: 'implemented' };
const noEffect: AdapterField = { role: 'no-effect' };
const absent = (v: unknown) => v === null || v === undefined;
const emptyOrAbsent = (v: unknown) => absent(v) || (Array.isArray(v) ? v.length === 0 : typeof v === 'object' && Object.keys(v as object).length === 0);
const refusedUnless = (supported: string, allows: (v: unknown) => boolean): AdapterField => ({ role: 'refused', supported, allows });
const falseOrAbsent = (v: unknown) => absent(v) || v === false;

/**
 * What each `adapter_config.json` field means here: implemented, without effect on a loaded
 * adapter's output, or a LoRA variant that is not implemented (only its default loads).
 * Unknown fields are refused too.
 */
export const ADAPTER_FIELDS: Readonly<Record<string, AdapterField>> = {
  peft_type: implemented,
  r: implemented,
  lora_alpha: implemented,
  lora_dropout: implemented,
  target_modules: implemented,
  exclude_modules: implemented,
  layers_to_transform: implemented,
  layers_pattern: implemented,
  rank_pattern: implemented,
  alpha_pattern: implemented,
  use_rslora: implemented,
  peft_version: noEffect,
  base_model_name_or_path: noEffect,
  revision: noEffect,
  inference_mode: noEffect,
  auto_mapping: noEffect,
  megatron_core: noEffect,
  runtime_config: noEffect,
  // Only with use_qalora, which is refused.
  qalora_group_size: noEffect,
  task_type: refusedUnless('"CAUSAL_LM" or null', (v) => absent(v) || v === 'CAUSAL_LM'),
  // Initialisation only: a loaded adapter's weights replace it. PiSSA, OLoRA, LoftQ, EVA and
  // CorDA also rewrite the base weights, so they are refused.
  init_lora_weights: refusedUnless('true, false or "gaussian"', (v) => absent(v) || v === true || v === false || v === 'gaussian'),
  bias: refusedUnless('"none"', (v) => absent(v) || v === 'none'),
  fan_in_fan_out: refusedUnless('false', falseOrAbsent),
  use_dora: refusedUnless('false (DoRA is not implemented)', falseOrAbsent),
  lora_bias: refusedUnless('false (LoRA biases are not implemented)', falseOrAbsent),
  use_qalora: refusedUnless('false (QA-LoRA is not implemented)', falseOrAbsent),
  use_bdlora: refusedUnless('null', falseOrAbsent),
  ensure_weight_tying: refusedUnless('false', falseOrAbsent),
  modules_to_save: refusedUnless('null (no fully trained modules)', emptyOrAbsent),
  layer_replication: refusedUnless('null', emptyOrAbsent),
  trainable_token_indices: refusedUnless('null', emptyOrAbsent),
  target_parameters: refusedUnless('null', emptyOrAbsent),
  alora_invocation_tokens: refusedUnless('null (aLoRA is not implemented)', emptyOrAbsent),
  megatron_config: refusedUnless('null', emptyOrAbsent),
  loftq_config: refusedUnless('{}', emptyOrAbsent),
  eva_config: refusedUnless('null', emptyOrAbsent),
  corda_config: refusedUnless('null', emptyOrAbsent),
  lora_ga_config: refusedUnless('null', emptyOrAbsent),
  arrow_config: refusedUnless('null', emptyOrAbsent),
  velora_config: refusedUnless('null', emptyOrAbsent),
  monteclora_config: refusedUnless('null', emptyOrAbsent),
};

function unreadable(message: string): never {
  throw new MlError('ADAPTER_UNREADABLE', `adapter_config.json: ${message}`);
}

/** Python `re` patterns as JavaScript ones; a pattern JavaScript cannot read is refused by field. */
function regex(source: string, field: string, wrap: (s: string) => string): RegExp {
  try {
    return new RegExp(wrap(source));
  } catch (e) {
    unreadable(`"${field}" ${JSON.stringify(source)} is not a regular expression this loader can read (${(e as Error).message})`);
  }
}

/** Module names as `model.named_modules()` lists them for this model (PEFT matches against these). */
export function moduleKeys(model: LlamaModel): string[] {
  const keys = ['model', 'model.embed_tokens', 'model.layers', 'model.norm', 'model.rotary_emb', 'lm_head'];
  model.weights.layers.forEach((layer, i) => {
    const p = `model.layers.${i}`;
    keys.push(p, `${p}.self_attn`, `${p}.mlp`, `${p}.mlp.act_fn`, `${p}.input_layernorm`, `${p}.post_attention_layernorm`);
    if (layer.qNorm) keys.push(`${p}.self_attn.q_norm`, `${p}.self_attn.k_norm`);
    for (const proj of PROJECTIONS) keys.push(projectionPath(i, proj));
  });
  return keys;
}

/** PEFT's `check_target_module_exists` for a LoraConfig (list, regex or "all-linear"). */
function isTarget(t: AdapterTargeting, key: string): boolean {
  const ex = t.excludeModules;
  if (ex && ex.length !== 0) {
    if (typeof ex === 'string') {
      if (regex(ex, 'exclude_modules', (s) => `^(?:${s})$`).test(key)) return false;
    } else if (ex.includes(key) || ex.some((e) => key.endsWith(`.${e}`))) return false;
  }
  const tm = t.targetModules;
  if (typeof tm === 'string') {
    if (tm.toLowerCase() === 'all-linear') return (PROJECTIONS as readonly string[]).includes(key.split('.').pop()!);
    return regex(tm, 'target_modules', (s) => `^(?:${s})$`).test(key);
  }
  if (tm.includes(key)) return true;
  let found = tm.some((name) => key.endsWith(`.${name}`));
  const layers = t.layersToTransform;
  if (found && layers !== null && layers !== undefined && (!Array.isArray(layers) || layers.length > 0)) {
    const patterns = typeof t.layersPattern === 'string' ? [t.layersPattern] : t.layersPattern ?? [];
    let m: RegExpMatchArray | null = null;
    if (patterns.length === 0) m = key.match(/^.*\.[^.]*\.(\d+)\./);
    else for (const p of patterns) if ((m = key.match(regex(p, 'layers_pattern', (s) => `^.*\\.${s}\\.(\\d+)\\.`)))) break;
    if (!m) return false;
    const index = Number(m[1]);
    found = Array.isArray(layers) ? layers.includes(index) : index === layers;
  }
  return found;
}

/** PEFT's `get_pattern_key`: the first pattern key matching the end of the module name. */
function patternValue(pattern: Record<string, number>, key: string, field: string, fallback: number): number {
  for (const [k, v] of Object.entries(pattern)) {
    if (regex(k, field, (s) => `^(.*\\.)?(${s})$`).test(key)) return v;
  }
  return fallback;
}

export interface ResolvedModule {
  layer: number;
  projection: Projection;
  key: string;
  r: number;
  scale: number;
}

/** The modules an adapter config applies to, each with its rank and scale. */
export function resolveTargets(model: LlamaModel, config: LoraConfig): ResolvedModule[] {
  const t = config.targeting ?? defaultTargeting(config);
  const out: ResolvedModule[] = [];
  const byKey = new Map<string, { layer: number; projection: Projection }>();
  model.weights.layers.forEach((_, i) => PROJECTIONS.forEach((p) => byKey.set(projectionPath(i, p), { layer: i, projection: p })));
  for (const key of moduleKeys(model)) {
    if (!isTarget(t, key)) continue;
    const m = byKey.get(key);
    if (!m) unreadable(`"target_modules" selects "${key}", which is not a linear projection (only ${PROJECTIONS.join(', ')} can be adapted)`);
    const r = patternValue(t.rankPattern, key, 'rank_pattern', config.r);
    const alpha = patternValue(t.alphaPattern, key, 'alpha_pattern', config.alpha);
    if (!Number.isInteger(r) || r < 1) unreadable(`"rank_pattern" gives ${key} rank ${r}; a positive integer is needed`);
    if (!(alpha > 0 || alpha < 0)) unreadable(`"alpha_pattern" gives ${key} alpha ${alpha}`);
    out.push({ ...m, key, r, scale: loraScale({ r, alpha, useRslora: config.useRslora }) });
  }
  if (out.length === 0) unreadable(`"target_modules" ${JSON.stringify(t.targetModules)} matches no module of the model`);
  return out;
}

function defaultTargeting(config: LoraConfig): AdapterTargeting {
  return { targetModules: config.targetModules.map(moduleName), rankPattern: {}, alphaPattern: {} };
}

const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
const isNumberRecord = (v: unknown): v is Record<string, number> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((n) => typeof n === 'number' && Number.isFinite(n));

/** Checks a parsed adapter_config.json field by field and returns the LoRA config it describes. */
export function parseAdapterConfig(raw: unknown): LoraConfig {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) unreadable('must be an object');
  const r = raw as Record<string, unknown>;
  if (r.peft_type !== 'LORA') unreadable(`"peft_type" ${JSON.stringify(r.peft_type)} is not "LORA"`);
  for (const [key, value] of Object.entries(r)) {
    const field = ADAPTER_FIELDS[key];
    if (!field) unreadable(`"${key}" is not a LoraConfig field this loader knows; refusing what might change the adapter`);
    if (field.role === 'refused' && !field.allows(value)) unreadable(`"${key}" = ${JSON.stringify(value)} is not supported (only ${field.supported})`);
  }
  const rank = r.r ?? PEFT_LORA_DEFAULTS.r;
  const alpha = r.lora_alpha ?? PEFT_LORA_DEFAULTS.lora_alpha;
  const dropout = r.lora_dropout ?? 0;
  if (typeof rank !== 'number' || !Number.isInteger(rank) || rank < 1) unreadable(`"r" must be a positive integer, got ${JSON.stringify(r.r)}`);
  if (typeof alpha !== 'number' || !Number.isFinite(alpha)) unreadable(`"lora_alpha" must be a number, got ${JSON.stringify(r.lora_alpha)}`);
  if (typeof dropout !== 'number' || !(dropout >= 0 && dropout < 1)) unreadable(`"lora_dropout" must be in [0, 1), got ${JSON.stringify(r.lora_dropout)}`);
  const tm = r.target_modules;
  if (!(typeof tm === 'string' || isStringList(tm)) || tm.length === 0) {
    unreadable(`"target_modules" must be a list of module names, a regular expression or "all-linear", got ${JSON.stringify(tm)}`);
  }
  const ex = r.exclude_modules;
  if (!(absent(ex) || typeof ex === 'string' || isStringList(ex))) unreadable(`"exclude_modules" must be a list, a regular expression or null`);
  const layers = r.layers_to_transform;
  const isIndex = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 0;
  if (!(absent(layers) || isIndex(layers) || (Array.isArray(layers) && layers.every(isIndex)))) unreadable('"layers_to_transform" must be a layer index, a list of them or null');
  const lp = r.layers_pattern;
  if (!(absent(lp) || typeof lp === 'string' || isStringList(lp))) unreadable('"layers_pattern" must be a string, a list of them or null');
  for (const f of ['rank_pattern', 'alpha_pattern'] as const) {
    if (!(absent(r[f]) || isNumberRecord(r[f]))) unreadable(`"${f}" must map module patterns to numbers`);
  }
  const useRslora = r.use_rslora ?? false;
  if (typeof useRslora !== 'boolean') unreadable('"use_rslora" must be true or false');
  const targeting: AdapterTargeting = {
    targetModules: tm,
    excludeModules: ex as AdapterTargeting['excludeModules'],
    layersToTransform: layers as AdapterTargeting['layersToTransform'],
    layersPattern: lp as AdapterTargeting['layersPattern'],
    rankPattern: (r.rank_pattern ?? {}) as Record<string, number>,
    alphaPattern: (r.alpha_pattern ?? {}) as Record<string, number>,
  };
  return { r: rank, alpha, dropout, useRslora, targetModules: [], targeting };
}

/** The projections (as `TargetModule`s) that resolved modules cover. */
export function targetModulesOf(modules: ResolvedModule[]): TargetModule[] {
  const used = new Set(modules.map((m) => m.projection));
  return TARGET_MODULES.filter((t) => used.has(moduleName(t) as Projection));
}

/** adapter_config.json for a model's adapter: PEFT's defaults with the adapter's values. */
export function adapterConfigJson(model: LlamaModel): Record<string, unknown> {
  const c = model.loraConfig;
  if (!c) throw new MlError('INVALID_ARGUMENT', 'the model has no adapter');
  const t = c.targeting;
  const own: Record<string, unknown> = {
    base_model_name_or_path: model.source,
    r: c.r,
    lora_alpha: c.alpha,
    lora_dropout: c.dropout,
    use_rslora: c.useRslora,
    target_modules: t ? t.targetModules : [...c.targetModules.map(moduleName)].sort(),
  };
  if (t) {
    Object.assign(own, {
      exclude_modules: t.excludeModules ?? null,
      layers_to_transform: t.layersToTransform ?? null,
      layers_pattern: t.layersPattern ?? null,
      rank_pattern: t.rankPattern,
      alpha_pattern: t.alphaPattern,
    });
  }
  const merged: Record<string, unknown> = { ...PEFT_LORA_DEFAULTS, ...own };
  return Object.fromEntries(Object.keys(merged).sort().map((k) => [k, merged[k]]));
}
