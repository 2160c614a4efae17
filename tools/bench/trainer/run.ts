/**
 * Tokens/s of one LoRA training step on the bench model (hidden 256, 4 layers, 4 heads,
 * ffn 688, vocab 256, seq 128, batch 8, r 8, alpha 16, all seven targets), FP32 and NF4
 * bases, with the whole tape kept and with layer recomputation (`default: true` marks what
 * the trainer's `recompute: 'auto'` picks here), beside the PyTorch reference
 * (../shared/reference/torch_lora.py bench) run in the same process tree. One JSON line per
 * configuration.
 * `BENCH_CASE=smollm2` runs the SmolLM2-135M-shaped case instead (./real-shape.ts);
 * `BENCH_CASE=matmul` the GFLOP/s of the native matmul, XNNPACK and numpy on its shapes (./matmul.ts).
 *   npm run bench:trainer   (BENCH_STEPS, BENCH_WARMUP, LORALAB_BACKEND, LORALAB_WASM_THREADS, TORCH_REF, TORCH_PYTHON)
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TARGET_MODULES, builtinModelShape, recomputesLayers, type QuantType } from '@loralab/core';
import { matmulMain } from './matmul';
import { realShapeMain } from './real-shape';
import { initBackend, matmulImplementation, wasmThreadCount, tf, attachLora, createBuiltinModel, AdamW, batchLoss, disposeBatch, makeBatch, optimizerStep, Rng } from '@loralab/ml';

const SEQ = 128;
const BATCH = 8;
const steps = Number(process.env.BENCH_STEPS ?? 5);
const warmup = Number(process.env.BENCH_WARMUP ?? 2);

const median = (xs: number[]) => {
  const v = [...xs].sort((a, b) => a - b);
  return v.length % 2 ? v[v.length >> 1] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};

/** A LoRA training step (forward, backward, clipping, AdamW) of the bench model, ready to run. */
function tfjsStep(quantization: QuantType, recompute: boolean) {
  const model = createBuiltinModel('builtin:bench-llama', { quantization });
  attachLora(model, { r: 8, alpha: 16, dropout: 0, useRslora: false, targetModules: [...TARGET_MODULES] }, 0);
  const vars = model.loraVariables();
  const opt = new AdamW(vars, { weightDecay: 0 });
  const rng = new Rng(0);
  const enc = Array.from({ length: BATCH }, () => ({ ids: Array.from({ length: SEQ + 1 }, () => rng.int(256)), completionStart: 0 }));
  const batch = makeBatch(enc, SEQ);
  const step = () => {
    const t0 = performance.now();
    optimizerStep(() => batchLoss(model, batch, { noRecompute: !recompute }), vars, opt, 1e-3, 0);
    return (performance.now() - t0) / 1000;
  };
  const dispose = () => {
    disposeBatch(batch);
    opt.dispose();
    model.dispose();
  };
  return { step, dispose };
}

/**
 * Step times of several configurations taken in turn (one step of each, `steps` times), so
 * that load from other work on the machine falls on all of them alike.
 */
function benchTfjsInTurn(configs: { quantization: QuantType; recompute: boolean }[]) {
  const runners = configs.map((c) => tfjsStep(c.quantization, c.recompute));
  for (let i = 0; i < warmup; i++) for (const r of runners) r.step();
  const times = runners.map(() => [] as number[]);
  for (let i = 0; i < steps; i++) runners.forEach((r, j) => times[j].push(r.step()));
  for (const r of runners) r.dispose();
  return times.map((t) => {
    const stepS = median(t);
    return { tokens_per_s: +((BATCH * SEQ) / stepS).toFixed(1), step_s: +stepS.toFixed(4) };
  });
}

function benchTorch(quant: 'none' | 'nf4') {
  const script = process.env.TORCH_REF ?? join(process.cwd(), '..', 'shared', 'reference', 'torch_lora.py');
  if (!existsSync(script)) return { error: `${script} not found` };
  const python = process.env.TORCH_PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
  const r = spawnSync(python, [script, 'bench', '--quant', quant, '--steps', String(steps), '--warmup', String(warmup)], { encoding: 'utf8' });
  if (r.status !== 0) return { error: (r.stderr || 'python3 failed').trim().split('\n').pop() };
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as { tokens_per_s: number; step_s: number; impl: string };
}

/**
 * The machine is shared: a figure taken a minute after another is not comparable. Each round
 * runs the four tfjs configurations step by step in turn (median step time of each), with
 * the torch reference run just before and just after them (mean of the two); ratios are
 * taken within a round and the summary gives their medians over `BENCH_ROUNDS` rounds.
 */
export async function main(): Promise<void> {
  if (process.env.BENCH_CASE === 'smollm2' || process.argv.includes('smollm2')) return realShapeMain();
  if (process.env.BENCH_CASE === 'matmul') return matmulMain();
  const backend = await initBackend();
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const trainerDefault = recomputesLayers(builtinModelShape('builtin:bench-llama')!, { batchSize: BATCH, sequenceLength: SEQ, rank: 8, targetModules: [...TARGET_MODULES] });
  const modes = [trainerDefault, !trainerDefault];
  const tokens: Record<string, number[]> = {};
  const ratios: Record<string, number[]> = {};
  const push = (m: Record<string, number[]>, k: string, v: number) => (m[k] ??= []).push(v);
  const key = (q: string, recompute: boolean) => `${q}:${recompute ? 'recompute' : 'whole-tape'}`;
  const configs = (['FP32', 'NF4'] as const).flatMap((quantization) => modes.map((recompute) => ({ quantization, recompute })));
  for (let round = 1; round <= rounds; round++) {
    // torch before and after the tfjs steps; its figure for the round is the mean of both
    const before = { FP32: benchTorch('none'), NF4: benchTorch('nf4') };
    const results = benchTfjsInTurn(configs);
    const after = { FP32: benchTorch('none'), NF4: benchTorch('nf4') };
    const ref: Record<string, number> = {};
    for (const q of ['FP32', 'NF4'] as const) {
      const runs = [before[q], after[q]].filter((r): r is Extract<typeof r, { tokens_per_s: number }> => 'tokens_per_s' in r);
      for (const r of [before[q], after[q]]) console.log(JSON.stringify({ round, impl: 'torch-reference', quant: q, ...r }));
      if (runs.length) {
        ref[q] = runs.reduce((s, r) => s + r.tokens_per_s, 0) / runs.length;
        push(tokens, `torch:${q}`, ref[q]);
      }
    }
    const step: Record<string, number> = {};
    configs.forEach(({ quantization, recompute }, i) => (step[key(quantization, recompute)] = results[i].step_s));
    configs.forEach(({ quantization, recompute }, i) => {
      const r = results[i];
      const k = key(quantization, recompute);
      push(tokens, k, r.tokens_per_s);
      const line: Record<string, unknown> = { round, impl: `tfjs-${tf.version_core}`, quant: quantization, recompute, default: recompute === trainerDefault, ...r };
      if (ref[quantization]) {
        line.vs_torch_same_base = +(r.tokens_per_s / ref[quantization]).toFixed(3);
        push(ratios, `${k} / torch ${quantization}`, r.tokens_per_s / ref[quantization]);
      }
      if (quantization === 'NF4') {
        const over = r.step_s / step[key('FP32', recompute)];
        line.nf4_step_over_fp32 = +over.toFixed(3);
        push(ratios, `NF4 step / FP32 step (${recompute ? 'recompute' : 'whole-tape'})`, over);
      }
      console.log(JSON.stringify(line));
    });
  }
  console.log(
    JSON.stringify({
      summary: `median of ${rounds} rounds`,
      backend,
      threads: backend === 'wasm' ? wasmThreadCount() : undefined,
      matmul: backend === 'wasm' ? matmulImplementation() : undefined,
      trainer_default: trainerDefault ? 'recompute' : 'whole-tape',
      tokens_per_s: Object.fromEntries(Object.entries(tokens).map(([k, v]) => [k, +median(v).toFixed(1)])),
      ratios: Object.fromEntries(Object.entries(ratios).map(([k, v]) => [k, +median(v).toFixed(3)])),
    }),
  );
}
