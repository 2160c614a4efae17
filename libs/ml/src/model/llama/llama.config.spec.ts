import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../backend/backend';
import { serializeSafetensors, type TensorToWrite } from '../../safetensors/safetensors.writer';
import { tempDirs } from '../../testing/temp-dirs';
import { MlError } from '../../util/ml.error';
import { CONFIG_FIELDS, type Architecture } from './config-fields';
import { llamaConfigToJson, parseLlamaConfig, type LlamaConfig } from './llama.config';
import { TARGET_MODULES } from '@loralab/core';
import { byteTokenizerJson } from '../../tokenizer/byte-level';
import { train } from '../../train/trainer';
import { loadModel, saveModel, tensorShapes } from './llama.io';

const CONFIG_DIR = join(__dirname, 'fixtures', 'configs');
const FILES = readdirSync(CONFIG_DIR).filter((f) => f.endsWith('.json'));
const real = (file: string) => JSON.parse(readFileSync(join(CONFIG_DIR, file), 'utf8')) as Record<string, unknown>;

/** A different value for a key, to see whether the parsed model depends on it. */
const ALTERNATIVES: Record<string, unknown> = {
  architectures: ['GPT2LMHeadModel'],
  model_type: 'gpt2',
  hidden_act: 'gelu',
  rope_scaling: { rope_type: 'linear', factor: 2 },
  rope_parameters: { rope_type: 'linear', factor: 2, rope_theta: 10000 },
  layer_types: null,
  pad_token_id: 5,
  sliding_window: 128,
  quantization_config: { quant_method: 'gptq', bits: 4 },
};

/**
 * Qwen keys that only act once others are set: the window needs use_sliding_window, a window
 * size and sliding layers (explicit layer_types take precedence over max_window_layers).
 */
const QWEN_ENABLERS: Record<string, Record<string, unknown>> = {
  use_sliding_window: { sliding_window: 4096, max_window_layers: 0, layer_types: undefined },
  sliding_window: { use_sliding_window: true, max_window_layers: 0, layer_types: undefined },
  max_window_layers: { use_sliding_window: true, sliding_window: 4096, layer_types: undefined },
  layer_types: { use_sliding_window: true, sliding_window: 4096 },
};
const enablers = (arch: Architecture, key: string) => (arch === 'qwen2' || arch === 'qwen3' ? QWEN_ENABLERS[key] ?? {} : {});
const defined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

function alternative(key: string, value: unknown, config: Record<string, unknown>): unknown {
  if (key === 'layer_types' && Array.isArray(value)) return value.map((t, i) => (i === 0 ? 'sliding_attention' : t));
  if (key === 'max_window_layers') return 0;
  if (key in ALTERNATIVES) return ALTERNATIVES[key];
  if (typeof value === 'boolean') return !value;
  if (typeof value === 'number') return value === 0 ? 0.1 : Number.isInteger(value) ? value * 2 : value * 3;
  if (typeof value === 'string') return `${value}-other`;
  if (value === null) return key === 'head_dim' ? 2 * (config.hidden_size as number) / (config.num_attention_heads as number) : 1;
  return { changed: true };
}

/** The parts of a parsed config that the forward pass uses (token ids serve the tokenizer). */
function maths(c: LlamaConfig): Omit<LlamaConfig, 'bosTokenId' | 'eosTokenId'> {
  const { bosTokenId: _b, eosTokenId: _e, ...rest } = c;
  return rest;
}

function configError(f: () => unknown): MlError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(MlError);
    expect((e as MlError).code).toBe('MODEL_CONFIG_INVALID');
    return e as MlError;
  }
  throw new Error('expected MODEL_CONFIG_INVALID');
}

describe('config.json of real models: every key is implemented, without effect, or refused', () => {
  const cases = FILES.flatMap((file) => Object.keys(real(file)).map((key) => [file, key] as const));

  it('loads each published config', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(6);
    for (const f of FILES) expect(() => parseLlamaConfig(real(f)), f).not.toThrow();
    expect(parseLlamaConfig(real('llama-3.2-1b.json')).ropeScaling).toEqual({
      type: 'llama3', factor: 32, lowFreqFactor: 1, highFreqFactor: 4, originalMaxPositionEmbeddings: 8192,
    });
    expect(parseLlamaConfig(real('mistral-7b-v0.1.json')).slidingWindow).toBe(4096);
    expect(parseLlamaConfig(real('qwen3-0.6b.json')).headDim).toBe(128);
  });

  it.each(cases)('%s: %s', (file, key) => {
    const raw = real(file);
    const arch = (raw.model_type ?? 'llama') as Architecture;
    const field = CONFIG_FIELDS[arch][key];
    expect(field, `${key} is not classified for ${arch}`).toBeDefined();
    const enabled = defined({ ...raw, ...enablers(arch, key) });
    const base = parseLlamaConfig(enabled);
    const changed = { ...enabled, [key]: alternative(key, raw[key], raw) };
    if (field.role === 'no-effect') {
      expect(maths(parseLlamaConfig(changed))).toEqual(maths(base));
    } else if (field.role === 'refused') {
      expect(field.allows(raw[key])).toBe(true);
      expect(configError(() => parseLlamaConfig(changed)).message).toContain(key);
    } else {
      // Implemented: another value gives another model, or is itself refused.
      let other: LlamaConfig | undefined;
      try {
        other = parseLlamaConfig(changed);
      } catch (e) {
        expect((e as MlError).code).toBe('MODEL_CONFIG_INVALID');
      }
      if (other) expect(maths(other)).not.toEqual(maths(base));
    }
  });

  it('round-trips each config through the config.json it saves', () => {
    for (const f of FILES) {
      const c = parseLlamaConfig(real(f));
      expect(maths(parseLlamaConfig(llamaConfigToJson(c))), f).toEqual(maths(c));
    }
  });
});

describe('config refusals name the field', () => {
  const llama = real('llama-3.2-1b.json');
  it.each([
    ['an unknown key', { ...llama, use_fancy_attention: true }, 'use_fancy_attention'],
    ['rope_type yarn', { ...llama, rope_scaling: { rope_type: 'yarn', factor: 4, original_max_position_embeddings: 4096 } }, 'rope_scaling.rope_type'],
    ['longrope', { ...llama, rope_scaling: { type: 'longrope', short_factor: [1], long_factor: [2] } }, 'rope_scaling.rope_type'],
    ['a key llama3 RoPE does not use', { ...llama, rope_scaling: { ...(llama.rope_scaling as object), beta_fast: 32 } }, 'rope_scaling.beta_fast'],
    ['partial RoPE', { ...llama, partial_rotary_factor: 0.5 }, 'partial_rotary_factor'],
    ['attention dropout', { ...llama, attention_dropout: 0.1 }, 'attention_dropout'],
    ['another activation', { ...llama, hidden_act: 'gelu' }, 'hidden_act'],
    ['another model type', { ...llama, model_type: 'gemma' }, 'model_type'],
    ['architectures that disagree', { ...llama, architectures: ['Qwen2ForCausalLM'] }, 'architectures'],
    ['a pre-quantized checkpoint', { ...real('qwen3-0.6b.json'), quantization_config: { quant_method: 'awq' } }, 'quantization_config'],
    ['multimodal RoPE', { ...real('qwen2.5-0.5b.json'), use_mrope: true }, 'use_mrope'],
    ['interleaved RoPE', { ...real('smollm2-135m.json'), rope_interleaved: true }, 'rope_interleaved'],
    ['a Llama key on Mistral', { ...real('mistral-7b-v0.1.json'), mlp_bias: true }, 'mlp_bias'],
  ])('%s', (_, raw, field) => {
    expect(configError(() => parseLlamaConfig(raw)).message).toContain(`"${field}"`);
  });

  /** Every refused field of every architecture, with a value it does not allow. */
  const refused = (Object.entries(CONFIG_FIELDS) as [Architecture, (typeof CONFIG_FIELDS)[Architecture]][]).flatMap(([arch, fields]) =>
    Object.entries(fields).flatMap(([key, f]) => {
      if (f.role !== 'refused') return [];
      const bad = [true, 0.5, 'other', ['x'], { x: 1 }].find((v) => !f.allows(v));
      return [[arch, key, bad] as const];
    }),
  );
  it.each(refused)('%s: refuses %s = %j by name', (arch, key, bad) => {
    const base = { ...real(FILES.find((f) => (real(f).model_type ?? 'llama') === arch)!), [key]: bad };
    expect(configError(() => parseLlamaConfig(base)).message).toContain(`"${key}"`);
  });

  it('takes rope_type default as the plain RoPE', () => {
    const c = parseLlamaConfig({ ...llama, rope_scaling: { rope_type: 'default' } });
    expect(c.ropeScaling).toBeUndefined();
  });
});

describe('weights that disagree with the config', () => {
  const temp = tempDirs('loralab-config-');
  beforeAll(() => initBackend('cpu'));
  afterAll(() => temp.removeAll());
  const tiny = {
    model_type: 'llama', vocab_size: 256, hidden_size: 16, intermediate_size: 24, num_hidden_layers: 1,
    num_attention_heads: 2, num_key_value_heads: 1, tie_word_embeddings: false,
  };
  const write = (config: Record<string, unknown>, drop: string[] = [], extra: Record<string, number[]> = {}) => {
    const dir = temp.make();
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
    const tensors: Record<string, TensorToWrite> = {};
    const shapes = new Map([...tensorShapes(parseLlamaConfig(config)), ...Object.entries(extra)]);
    // Non-zero, varied weights, so that every tensor shows in the logits.
    for (const [name, shape] of shapes) {
      if (drop.includes(name)) continue;
      const n = shape.reduce((a, b) => a * b, 1);
      tensors[name] = { dtype: 'F32', shape, data: Float32Array.from({ length: n }, (_, i) => (name.endsWith('norm.weight') ? 1 : 0) + 0.3 * Math.sin(i * 12.9898 + name.length)) };
    }
    writeFileSync(join(dir, 'model.safetensors'), serializeSafetensors(tensors));
    writeFileSync(join(dir, 'tokenizer.json'), byteTokenizerJson());
    return dir;
  };
  const unreadable = (dir: string) => {
    try {
      loadModel(dir).dispose();
    } catch (e) {
      expect((e as MlError).code).toBe('MODEL_UNREADABLE');
      return (e as MlError).message;
    }
    throw new Error('expected MODEL_UNREADABLE');
  };

  it('reports its progress: each weights file read (here two shards), then each decoder layer built', () => {
    const config = { ...tiny, num_hidden_layers: 3 };
    const dir = temp.make();
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
    writeFileSync(join(dir, 'tokenizer.json'), byteTokenizerJson());
    const shards: Record<string, TensorToWrite>[] = [{}, {}];
    const weightMap: Record<string, string> = {};
    [...tensorShapes(parseLlamaConfig(config))].forEach(([name, shape], i) => {
      const n = shape.reduce((a, b) => a * b, 1);
      shards[i % 2][name] = { dtype: 'F32', shape, data: Float32Array.from({ length: n }, (_, j) => 0.01 * Math.sin(j + i)) };
      weightMap[name] = `model-0000${(i % 2) + 1}-of-00002.safetensors`;
    });
    shards.forEach((t, i) => writeFileSync(join(dir, `model-0000${i + 1}-of-00002.safetensors`), serializeSafetensors(t)));
    writeFileSync(join(dir, 'model.safetensors.index.json'), JSON.stringify({ weight_map: weightMap }));
    const seen: string[] = [];
    loadModel(dir, { quantization: 'NF4', onProgress: (p) => seen.push(`${p.stage} ${p.done}/${p.total}`) }).dispose();
    expect(seen).toEqual(['read 1/2', 'read 2/2', 'layers 1/3', 'layers 2/3', 'layers 3/3']);
  });

  it('an untied config without lm_head.weight is an error, not a tied head', () => {
    expect(unreadable(write(tiny, ['lm_head.weight']))).toContain('lm_head.weight');
  });

  it('a tied config may carry lm_head.weight (transformers ties it) and loads', () => {
    const dir = write({ ...tiny, tie_word_embeddings: true }, [], { 'lm_head.weight': [256, 16] });
    const m = loadModel(dir);
    expect(m.weights.lmHead).toBeUndefined();
    m.dispose();
  });

  it.each([
    ['llama', { ...tiny, attention_bias: true, mlp_bias: true, head_dim: 12, rope_scaling: { rope_type: 'llama3', factor: 8, low_freq_factor: 1, high_freq_factor: 4, original_max_position_embeddings: 64 } }],
    ['qwen2', { ...tiny, model_type: 'qwen2', use_sliding_window: true, sliding_window: 4, max_window_layers: 0 }],
    ['qwen3', { ...tiny, model_type: 'qwen3', head_dim: 8, tie_word_embeddings: true }],
    ['mistral', { ...tiny, model_type: 'mistral', sliding_window: 3 }],
  ])('%s: saves and reloads to identical logits, and trains LoRA on every projection', async (_, config) => {
    const dir = write(config);
    const m = loadModel(dir);
    const ids = [3, 1, 4, 1, 5, 9, 2, 6];
    const before = m.logits(ids);
    const again = temp.make();
    saveModel(m, again);
    const reloaded = loadModel(again);
    expect(Array.from(reloaded.logits(ids))).toEqual(Array.from(before));
    expect(reloaded.config).toEqual(m.config);
    reloaded.dispose();
    m.dispose();
    const r = await train({
      config: {
        baseModel: dir, dataset: 'builtin:topic', rank: 4, alpha: 8, quantization: 'NF4', doubleQuant: true, targetModules: [...TARGET_MODULES],
        learningRate: 1e-2, dropout: 0.1, warmupRatio: 0.05, steps: 3, batchSize: 2, gradientAccumulation: 1, sequenceLength: 16, activationBudgetMiB: 1024, evalBatchSize: 0, evalInterval: 0, seed: 1,
      },
      evalExamples: 4,
      backend: 'cpu',
    });
    expect(r.stepsCompleted).toBe(3);
    expect(Number.isFinite(r.finalLoss)).toBe(true);
  }, 120_000);

  it('biases the config does not declare, or declared biases that are missing, are errors', () => {
    expect(unreadable(write(tiny, [], { 'model.layers.0.self_attn.q_proj.bias': [32] }))).toContain('q_proj.bias');
    expect(unreadable(write({ ...tiny, mlp_bias: true }, ['model.layers.0.mlp.up_proj.bias']))).toContain('up_proj.bias');
  });
});
