import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/backend';
import { tf } from '../backend/tf';
import { attachLora } from '../lora/lora.attach';
import { createBuiltinModel } from '../model/builtin-models';
import type { LlamaModel } from '../model/llama/llama.model';
import { tempDirs } from '../testing/temp-dirs';
import { readSafetensorsFile, tensorToFloat32 } from '../safetensors/safetensors.reader';
import { serializeSafetensors, type TensorToWrite } from '../safetensors/safetensors.writer';
import { MlError } from '../util/ml.error';
import { ADAPTER_FIELDS, PEFT_LORA_DEFAULTS, PEFT_VERSION } from './adapter-config';
import { loadAdapter, saveAdapter } from './peft-adapter';

const IDS = [1, 72, 101, 108, 108, 111, 10];

/** Which modules carry an adapter, as `layer.projection` with their rank. */
function adapted(model: LlamaModel): string[] {
  const out: string[] = [];
  model.weights.layers.forEach((l, i) => {
    for (const [p, a] of Object.entries(l.lora)) out.push(`${i}.${p}:r${a!.at.shape[1]}`);
  });
  return out.sort();
}

describe('PEFT adapters', () => {
  const temp = tempDirs('loralab-peft-');
  let model: LlamaModel;
  /** A trained-looking adapter on every projection of every layer (B non-zero). */
  let full = '';

  beforeAll(async () => {
    await initBackend('cpu');
    model = createBuiltinModel('builtin:tiny-llama');
    attachLora(model, { r: 4, alpha: 8, dropout: 0, useRslora: false, targetModules: ['Q_PROJ', 'K_PROJ', 'V_PROJ', 'O_PROJ', 'GATE_PROJ', 'UP_PROJ', 'DOWN_PROJ'] }, 1);
    for (const l of model.weights.layers) for (const a of Object.values(l.lora)) a!.bt.assign(tf.randomNormal(a!.bt.shape, 0, 0.5, 'float32', 3));
    full = temp.make();
    saveAdapter(model, full);
  });
  afterAll(() => {
    model.dispose();
    temp.removeAll();
  });

  /** The full adapter with another adapter_config.json, and only the weights `keep` accepts. */
  const withConfig = (edit: Record<string, unknown>, keep: (name: string) => boolean = () => true) => {
    const dir = temp.make();
    const cfg = { ...JSON.parse(readFileSync(join(full, 'adapter_config.json'), 'utf8')), ...edit };
    writeFileSync(join(dir, 'adapter_config.json'), JSON.stringify(cfg));
    const tensors: Record<string, TensorToWrite> = {};
    for (const [name, t] of readSafetensorsFile(join(full, 'adapter_model.safetensors')).tensors) {
      if (keep(name)) tensors[name] = { dtype: 'F32', shape: t.shape, data: tensorToFloat32(t) };
    }
    writeFileSync(join(dir, 'adapter_model.safetensors'), serializeSafetensors(tensors, { format: 'pt' }));
    return dir;
  };
  const refusal = (dir: string) => {
    const fresh = createBuiltinModel('builtin:tiny-llama');
    try {
      loadAdapter(fresh, dir);
    } catch (e) {
      expect(e).toBeInstanceOf(MlError);
      expect((e as MlError).code).toBe('ADAPTER_UNREADABLE');
      expect(adapted(fresh)).toEqual([]);
      return (e as MlError).message;
    } finally {
      fresh.dispose();
    }
    throw new Error('expected ADAPTER_UNREADABLE');
  };

  it('writes adapter_config.json with every field PEFT 0.19.1 writes, sorted, with its defaults', () => {
    const cfg = JSON.parse(readFileSync(join(full, 'adapter_config.json'), 'utf8'));
    expect(Object.keys(cfg)).toEqual(Object.keys(PEFT_LORA_DEFAULTS).sort());
    expect(cfg).toMatchObject({
      peft_type: 'LORA', peft_version: PEFT_VERSION, task_type: 'CAUSAL_LM', r: 4, lora_alpha: 8, lora_dropout: 0,
      rank_pattern: {}, alpha_pattern: {}, use_dora: false, lora_bias: false, use_rslora: false, use_qalora: false,
      bias: 'none', fan_in_fan_out: false, inference_mode: true, init_lora_weights: true, modules_to_save: null,
      base_model_name_or_path: 'builtin:tiny-llama', megatron_core: 'megatron.core', qalora_group_size: 16, loftq_config: {},
    });
    expect(cfg.target_modules).toEqual(['down_proj', 'gate_proj', 'k_proj', 'o_proj', 'q_proj', 'up_proj', 'v_proj']);
  });

  it('loads its own adapter back to the same logits', () => {
    const fresh = createBuiltinModel('builtin:tiny-llama');
    loadAdapter(fresh, full);
    expect(Array.from(fresh.logits(IDS))).toEqual(Array.from(model.logits(IDS)));
    fresh.dispose();
  });

  it.each([
    ['a list (suffix match)', { target_modules: ['q_proj', 'mlp.down_proj'] }, ['q_proj', 'down_proj']],
    ['a full name in the list', { target_modules: ['model.layers.1.self_attn.v_proj'] }, ['1.v_proj']],
    ['a regular expression (full match)', { target_modules: '.*layers\\.0\\.self_attn\\.(q|k)_proj' }, ['0.q_proj', '0.k_proj']],
    ['"all-linear"', { target_modules: 'all-linear' }, ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj']],
    ['exclude_modules', { target_modules: 'all-linear', exclude_modules: ['o_proj', 'gate_proj', 'up_proj', 'down_proj', 'k_proj'] }, ['q_proj', 'v_proj']],
    ['layers_to_transform', { target_modules: ['q_proj'], layers_to_transform: [1] }, ['1.q_proj']],
  ])('targets %s', (_, edit, expected) => {
    const fresh = createBuiltinModel('builtin:tiny-llama');
    try {
      const layers = fresh.weights.layers.length;
      const names = expected.flatMap((e) => (/^\d/.test(e) ? [e] : Array.from({ length: layers }, (_, i) => `${i}.${e}`)));
      // The weights file holds exactly the targeted modules' A and B.
      const keep = (key: string) => names.some((n) => key.includes(`layers.${n.split('.')[0]}.`) && key.includes(`.${n.split('.')[1]}.lora_`));
      loadAdapter(fresh, withConfig(edit, keep));
      expect(adapted(fresh)).toEqual(names.map((n) => `${n}:r4`).sort());
    } finally {
      fresh.dispose();
    }
  });

  it('applies rank_pattern and alpha_pattern per module, and saves them back', () => {
    // An adapter whose down_proj has rank 2 and whose layer-1 q_proj has alpha 32.
    attachLora(model, { r: 4, alpha: 8, dropout: 0, useRslora: false, targetModules: ['Q_PROJ', 'DOWN_PROJ'] }, 2);
    for (const l of model.weights.layers) {
      const d = l.lora.down_proj!;
      const at = tf.randomNormal([d.at.shape[0] as number, 2], 0, 0.1, 'float32', 5);
      const bt = tf.randomNormal([2, d.bt.shape[1] as number], 0, 0.5, 'float32', 6);
      d.at.dispose();
      d.bt.dispose();
      l.lora.down_proj = { at: tf.variable(at), bt: tf.variable(bt), scale: 8 / 2 };
      l.lora.q_proj!.bt.assign(tf.randomNormal(l.lora.q_proj!.bt.shape, 0, 0.5, 'float32', 7));
    }
    model.weights.layers[1].lora.q_proj!.scale = 32 / 4;
    const expected = model.logits(IDS);
    const dir = temp.make();
    saveAdapter(model, dir);
    const cfg = JSON.parse(readFileSync(join(dir, 'adapter_config.json'), 'utf8'));
    writeFileSync(join(dir, 'adapter_config.json'), JSON.stringify({ ...cfg, rank_pattern: { down_proj: 2 }, alpha_pattern: { 'layers.1.self_attn.q_proj': 32 } }));
    const fresh = createBuiltinModel('builtin:tiny-llama');
    loadAdapter(fresh, dir);
    expect(adapted(fresh)).toContain('0.down_proj:r2');
    expect(fresh.weights.layers[1].lora.q_proj!.scale).toBe(8);
    expect(fresh.weights.layers[0].lora.q_proj!.scale).toBe(2);
    const got = fresh.logits(IDS);
    let worst = 0;
    for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i] - expected[i]));
    expect(worst).toBeLessThan(1e-5);
    const again = temp.make();
    saveAdapter(fresh, again);
    expect(JSON.parse(readFileSync(join(again, 'adapter_config.json'), 'utf8'))).toMatchObject({
      rank_pattern: { down_proj: 2 }, alpha_pattern: { 'layers.1.self_attn.q_proj': 32 }, target_modules: cfg.target_modules,
    });
    fresh.dispose();
  });

  it.each([
    ['use_dora', true],
    ['lora_bias', true],
    ['bias', 'all'],
    ['use_qalora', true],
    ['fan_in_fan_out', true],
    ['modules_to_save', ['lm_head']],
    ['layer_replication', [[0, 1]]],
    ['trainable_token_indices', [1, 2]],
    ['target_parameters', ['experts.weight']],
    ['alora_invocation_tokens', [5]],
    ['init_lora_weights', 'pissa'],
    ['task_type', 'SEQ_CLS'],
    ['megatron_config', { tensor_model_parallel_size: 2 }],
    ['some_future_field', 1],
  ])('refuses %s = %j by name and loads nothing', (field, value) => {
    expect(refusal(withConfig({ [field]: value }))).toContain(`"${field}"`);
  });

  it.each(
    Object.entries(ADAPTER_FIELDS).flatMap(([key, f]) => {
      if (f.role !== 'refused') return [];
      return [[key, [true, 'pissa', ['x'], { x: 1 }, 0.5].find((v) => !f.allows(v))] as const];
    }),
  )('refuses every unimplemented variant: %s = %j', (field, value) => {
    expect(refusal(withConfig({ [field]: value }))).toContain(`"${field}"`);
  });

  it.each([
    ['a module that is not a linear projection', { target_modules: ['embed_tokens'] }, 'target_modules'],
    ['a pattern that matches nothing', { target_modules: 'nothing\\..*' }, 'target_modules'],
    ['a regular expression JavaScript cannot read', { target_modules: '(?P<x>q_proj' }, 'target_modules'],
    ['a rank that disagrees with the weights', { rank_pattern: { q_proj: 2 } }, 'q_proj'],
    ['weights the config does not target', { target_modules: ['q_proj'] }, 'does not target'],
  ])('refuses %s', (_, edit, text) => {
    expect(refusal(withConfig(edit))).toContain(text);
  });
});
