/**
 * Logits of every supported architecture and RoPE variant at 2,048 tokens, held within 1e-4
 * of an independent PyTorch forward pass (tools/reference/hf_forward.py, written from the
 * transformers / PEFT / bitsandbytes definitions) on tiny random checkpoints written here in
 * Hugging Face's format: with LoRA on every target, and on NF4 + double-quant bases.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentBackend, initBackend } from '../../backend/backend';
import { loadAdapter } from '../../peft/peft-adapter';
import { serializeSafetensors, type TensorToWrite } from '../../safetensors/safetensors.writer';
import { tempDirs } from '../../testing/temp-dirs';
import { Rng } from '../../util/rng';
import { parseLlamaConfig } from './llama.config';
import { loadModel, tensorShapes } from './llama.io';
import { PROJECTIONS, projectionPath } from './llama.model';

const PYTHON = '/usr/bin/python3';
const REFERENCE = join(__dirname, '../../../../../tools/reference/hf_forward.py');
const SEQ = 2048;
const TOLERANCE = 1e-4;

const torchAvailable = spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;

const BASE = {
  vocab_size: 256,
  hidden_size: 64,
  intermediate_size: 96,
  num_hidden_layers: 2,
  num_attention_heads: 4,
  num_key_value_heads: 2,
  rms_norm_eps: 1e-5,
  hidden_act: 'silu',
  torch_dtype: 'float32',
  use_cache: true,
  initializer_range: 0.02,
  bos_token_id: 1,
  eos_token_id: 2,
};

interface Case {
  name: string;
  config: Record<string, unknown>;
  adapter?: Record<string, unknown>;
  quant?: 'NF4';
  /** The case whose logits this one must differ from (the option really changes the maths). */
  differsFrom?: string;
  /** Cases of one family share their weights' seed; default: the name's first word. */
  family?: string;
}

const llama = (extra: Record<string, unknown>) => ({
  ...BASE,
  architectures: ['LlamaForCausalLM'],
  model_type: 'llama',
  max_position_embeddings: 4096,
  rope_theta: 10000,
  tie_word_embeddings: false,
  attention_bias: false,
  mlp_bias: false,
  pretraining_tp: 1,
  rope_scaling: null,
  ...extra,
});
const qwen2 = (extra: Record<string, unknown>) => ({
  ...BASE,
  architectures: ['Qwen2ForCausalLM'],
  model_type: 'qwen2',
  max_position_embeddings: 32768,
  rope_theta: 1000000,
  tie_word_embeddings: true,
  use_sliding_window: false,
  sliding_window: 32768,
  max_window_layers: 2,
  attention_dropout: 0,
  ...extra,
});
const ALL_TARGETS = ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj'];
const peftConfig = (extra: Record<string, unknown>) => ({
  peft_type: 'LORA',
  task_type: 'CAUSAL_LM',
  r: 4,
  lora_alpha: 8,
  lora_dropout: 0,
  bias: 'none',
  use_rslora: false,
  use_dora: false,
  target_modules: ALL_TARGETS,
  ...extra,
});

const CASES: Case[] = [
  { name: 'llama-default', config: llama({}) },
  { name: 'llama-rope-default-explicit', config: llama({ rope_scaling: { rope_type: 'default' } }) },
  { name: 'llama-rope-linear', config: llama({ rope_scaling: { rope_type: 'linear', factor: 4 } }), differsFrom: 'llama-default' },
  // Dynamic NTK only acts beyond max_position_embeddings: 2,048 > 512.
  { name: 'llama-rope-dynamic', config: llama({ max_position_embeddings: 512, rope_scaling: { type: 'dynamic', factor: 2 } }), differsFrom: 'llama-default' },
  {
    // Llama-3.2's values: with head_dim 16 and theta 5e5 the wavelengths fall in all three bands.
    name: 'llama-rope-llama3',
    config: llama({
      rope_theta: 500000,
      max_position_embeddings: 131072,
      rope_scaling: { rope_type: 'llama3', factor: 32, low_freq_factor: 1, high_freq_factor: 4, original_max_position_embeddings: 8192 },
    }),
  },
  { name: 'llama-bias-head-dim', config: llama({ attention_bias: true, mlp_bias: true, head_dim: 24, tie_word_embeddings: true }) },
  { name: 'qwen2', config: qwen2({}) },
  { name: 'qwen2-sliding', config: qwen2({ use_sliding_window: true, sliding_window: 300, max_window_layers: 1 }), differsFrom: 'qwen2' },
  {
    name: 'qwen3',
    config: {
      ...qwen2({}),
      architectures: ['Qwen3ForCausalLM'],
      model_type: 'qwen3',
      head_dim: 32,
      attention_bias: false,
      sliding_window: null,
      max_position_embeddings: 40960,
    },
  },
  {
    name: 'mistral-sliding',
    config: { ...llama({}), architectures: ['MistralForCausalLM'], model_type: 'mistral', sliding_window: 300, attention_bias: undefined, mlp_bias: undefined, pretraining_tp: undefined, rope_scaling: undefined },
    family: 'llama',
    differsFrom: 'llama-default',
  },
  { name: 'llama-lora', config: llama({}), adapter: peftConfig({ rank_pattern: { down_proj: 2 }, alpha_pattern: { 'layers.1.self_attn.q_proj': 32 } }), differsFrom: 'llama-default' },
  { name: 'qwen2-lora-all-linear', config: qwen2({}), adapter: peftConfig({ target_modules: 'all-linear', use_rslora: true }), differsFrom: 'qwen2' },
  { name: 'qwen3-lora-regex', config: { ...qwen2({}), architectures: ['Qwen3ForCausalLM'], model_type: 'qwen3', head_dim: 32, attention_bias: true }, adapter: peftConfig({ target_modules: '.*\\.(self_attn|mlp)\\.(q|v|down)_proj' }) },
  { name: 'llama-nf4-dq-lora', config: llama({ rope_scaling: { rope_type: 'llama3', factor: 8, low_freq_factor: 1, high_freq_factor: 4, original_max_position_embeddings: 8192 }, rope_theta: 500000 }), quant: 'NF4', adapter: peftConfig({}) },
  { name: 'qwen2-nf4-dq', config: qwen2({}), quant: 'NF4' },
];

/** Random weights with enough spread that every part of the model shows in the logits. */
function writeModel(dir: string, raw: Record<string, unknown>, seed: number): void {
  const config = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config, null, 2));
  const rng = new Rng(seed);
  const tensors: Record<string, TensorToWrite> = {};
  for (const [name, shape] of tensorShapes(parseLlamaConfig(config))) {
    const n = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(n);
    const std = shape.length === 2 ? (name === 'model.embed_tokens.weight' ? 1 : 1 / Math.sqrt(shape[1])) : 0.2;
    for (let i = 0; i < n; i++) data[i] = (name.endsWith('norm.weight') ? 1 : 0) + std * rng.normal();
    tensors[name] = { dtype: 'F32', shape, data };
  }
  writeFileSync(join(dir, 'model.safetensors'), serializeSafetensors(tensors, { format: 'pt' }));
}

/**
 * A PEFT adapter with non-zero A and B on each targeted projection (every one, or those a
 * regular expression selects), ranks per PEFT's rank_pattern rule.
 */
function writeAdapter(dir: string, modelConfig: Record<string, unknown>, peft: Record<string, unknown>, seed: number): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'adapter_config.json'), JSON.stringify(peft, null, 2));
  const c = parseLlamaConfig(Object.fromEntries(Object.entries(modelConfig).filter(([, v]) => v !== undefined)));
  const shapes = tensorShapes(c);
  const rng = new Rng(seed);
  const tensors: Record<string, TensorToWrite> = {};
  const rankPattern = (peft.rank_pattern ?? {}) as Record<string, number>;
  for (let i = 0; i < c.numHiddenLayers; i++) {
    for (const p of PROJECTIONS) {
      const key = projectionPath(i, p);
      const tm = peft.target_modules;
      if (typeof tm === 'string' && tm !== 'all-linear' && !new RegExp(`^(?:${tm})$`).test(key)) continue;
      const [out, inp] = shapes.get(`${key}.weight`)!;
      const r = Object.entries(rankPattern).find(([k]) => new RegExp(`^(.*\\.)?(${k})$`).test(key))?.[1] ?? (peft.r as number);
      const a = Float32Array.from({ length: r * inp }, () => rng.normal() / Math.sqrt(inp));
      const b = Float32Array.from({ length: out * r }, () => 0.05 * rng.normal());
      tensors[`base_model.model.${key}.lora_A.weight`] = { dtype: 'F32', shape: [r, inp], data: a };
      tensors[`base_model.model.${key}.lora_B.weight`] = { dtype: 'F32', shape: [out, r], data: b };
    }
  }
  writeFileSync(join(dir, 'adapter_model.safetensors'), serializeSafetensors(tensors, { format: 'pt' }));
}

function seedOf(family: string): number {
  return [...family].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7);
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe.runIf(torchAvailable || process.env.CI === 'true')('logits against the independent PyTorch reference (2,048 tokens)', () => {
  const temp = tempDirs('loralab-hf-ref-');
  let root = '';
  const ids = (() => {
    const rng = new Rng(7);
    return Array.from({ length: SEQ }, () => Math.floor(rng.next() * 256));
  })();
  const reference = new Map<string, Float32Array>();

  beforeAll(async () => {
    if (!torchAvailable) return;
    await initBackend('wasm');
    root = temp.make();
    const jobs = CASES.map((c, i) => {
      const dir = join(root, c.name);
      // One seed per family, so that `differsFrom` compares the same weights.
      writeModel(join(dir, 'model'), c.config, seedOf(c.family ?? c.name.split('-')[0]));
      if (c.adapter) writeAdapter(join(dir, 'adapter'), c.config, c.adapter, 200 + i);
      return {
        model_dir: join(dir, 'model'),
        adapter_dir: c.adapter ? join(dir, 'adapter') : undefined,
        quant: c.quant === 'NF4' ? 'nf4' : undefined,
        double_quant: c.quant === 'NF4',
        ids,
        out: join(dir, 'reference.f32'),
      };
    });
    writeFileSync(join(root, 'jobs.json'), JSON.stringify(jobs));
    const run = spawnSync(PYTHON, [REFERENCE, join(root, 'jobs.json')], { encoding: 'utf8', timeout: 300_000 });
    if (run.status !== 0) throw new Error(`reference failed (${run.status}): ${run.stderr}`);
    for (const [i, c] of CASES.entries()) {
      const bytes = readFileSync(jobs[i].out);
      reference.set(c.name, new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4));
    }
  }, 400_000);
  afterAll(() => temp.removeAll());

  it('has PyTorch (Debian python3-torch) where CI runs', () => {
    expect(torchAvailable, `${PYTHON} cannot import torch: apt-get install python3-torch`).toBe(true);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s matches within 1e-4', (_, c) => {
    expect(torchAvailable).toBe(true);
    check(c);
  }, 120_000);

  // The reference backend too, on the cases whose ops differ most from plain Llama, over the
  // first 512 positions (a causal model's logits there do not depend on later tokens; the
  // windows of 300 still act). tfjs's cpu backend is too slow for 2,048 tokens on every case.
  it.each(['llama-bias-head-dim', 'qwen3', 'mistral-sliding', 'qwen2-sliding', 'qwen2-nf4-dq'])('%s matches within 1e-4 on the cpu backend (512 tokens)', async (name) => {
    expect(torchAvailable).toBe(true);
    await initBackend('cpu');
    try {
      check(CASES.find((c) => c.name === name)!, 512);
    } finally {
      await initBackend('wasm');
    }
  }, 300_000);

  function check(c: Case, prefix = SEQ): void {
    const dir = join(root, c.name);
    const vocab = 256;
    const model = loadModel(join(dir, 'model'), c.quant ? { quantization: c.quant, doubleQuant: true } : {});
    try {
      if (c.adapter) loadAdapter(model, join(dir, 'adapter'));
      const logits = model.logits(ids.slice(0, prefix));
      const expected = reference.get(c.name)!.subarray(0, prefix * vocab);
      const diff = maxAbsDiff(logits, expected);
      const scale = expected.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      console.info(`${c.name} (${currentBackend()}, ${prefix} tokens): max |Δlogit| ${diff.toExponential(2)} (max |logit| ${scale.toFixed(1)})`);
      expect(diff, `${c.name}: max |Δlogit| ${diff}`).toBeLessThan(TOLERANCE);
      if (c.differsFrom && prefix === SEQ) {
        const other = reference.get(c.differsFrom)!;
        expect(maxAbsDiff(logits, other)).toBeGreaterThan(1e-2);
      }
    } finally {
      model.dispose();
    }
  }
});
