/**
 * The trainer benchmark at a real model's shape (issue 13): SmolLM2-135M from its config.json
 * (hidden 576, 30 layers, 9 heads / 3 kv heads, ffn 1536, vocab 49,152, tied embeddings), random
 * weights, seq 256, batch 4, LoRA r 16 / alpha 16 on all seven targets, FP32 and NF4 + double
 * quantization bases, the trainer's own model, loss (chunked cross-entropy), recomputation
 * choice (`recompute: 'auto'`) and `optimizerStep` (clipping at 1, AdamW). Beside it, in the
 * same run, tools/reference/torch_lora.py at the same shape and numpy's sgemm (the roofline),
 * both with as many threads as the wasm backend uses.
 *   BENCH_CASE=smollm2 npm run bench:trainer
 * Env: BENCH_LAYERS (30; fewer for quick runs: the figures to report use 30), BENCH_ROUNDS (3),
 * BENCH_STEPS (2 timed steps per configuration and round), BENCH_WARMUP (untimed steps before
 * them: tfjs 0, torch at least 1), LORALAB_WASM_THREADS, TORCH_PYTHON. Each tfjs configuration's
 * first step runs under `tf.profile` (peak tensor bytes, time per kernel), untimed.
 * Each round runs torch FP32, tfjs FP32, tfjs NF4 + DQ and torch NF4 + DQ (reversed in even
 * rounds); ratios are taken within a round; the summary line gives their medians.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { TARGET_MODULES, recomputesLayers, type QuantType } from '@loralab/core';
import {
  initBackend, matmulImplementation, wasmThreadCount, tf, attachLora, AdamW, batchLoss, disposeBatch, makeBatch, optimizerStep, Rng,
  parseLlamaConfig, modelFromTensors, modelShapeOf, byteTokenizer, type LlamaConfig,
} from '@loralab/ml';
import { lazyRandomTensors } from './real-shape-memory';

const ROOT = join(__dirname, '../../..');
const CONFIG_PATH = join(ROOT, 'libs/ml/src/model/llama/fixtures/configs/smollm2-135m.json');
const SEQ = 256;
const BATCH = 4;
const RANK = 16;
const ALPHA = 16;
const TORCH_TARGETS = 'q_proj,k_proj,v_proj,o_proj,gate_proj,up_proj,down_proj';

const median = (xs: number[]) => {
  const v = [...xs].sort((a, b) => a - b);
  return v.length % 2 ? v[v.length >> 1] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};
const mib = (b: number) => +(b / 2 ** 20).toFixed(1);

/**
 * Matmul FLOPs of one training step that any implementation must do (forward, and backward
 * without recomputation): base projections forward + input gradient (frozen), LoRA forward +
 * input and weight gradients, attention scores and values forward + both gradients (computed
 * dense, causal mask applied after), the tied head forward + input gradient. `extra` is what
 * the tfjs step adds: a recomputed layer forward and the chunked loss's recomputed logits.
 */
export function stepMatmulFlops(c: LlamaConfig, tokens: number, seq: number, rank: number, recompute: boolean) {
  const d = c.hiddenSize;
  const hd = c.headDim;
  const q = c.numAttentionHeads * hd;
  const kv = c.numKeyValueHeads * hd;
  const f = c.intermediateSize;
  const proj: [number, number][] = [[d, q], [d, kv], [d, kv], [q, d], [d, f], [d, f], [f, d]];
  const base = proj.reduce((s, [i, o]) => s + 2 * i * o, 0) * tokens;
  const lora = proj.reduce((s, [i, o]) => s + 2 * rank * (i + o), 0) * tokens;
  const attention = 2 * 2 * seq * q * tokens;
  const layerForward = base + lora + attention;
  const layerBackward = base + 2 * lora + 2 * attention;
  const head = 2 * d * c.vocabSize * tokens;
  const useful = c.numHiddenLayers * (layerForward + layerBackward) + 2 * head;
  const extra = (recompute ? c.numHiddenLayers * layerForward : 0) + head;
  return { useful, extra };
}

function configJson(layers: number): object {
  const raw = JSON.parse(readFileSync(CONFIG_PATH, 'utf8')) as Record<string, unknown>;
  return { ...raw, num_hidden_layers: layers };
}

function tfjsRunner(config: LlamaConfig, quantization: QuantType, doubleQuant: boolean, recompute: boolean) {
  const t0 = performance.now();
  const bytesBefore = tf.memory().numBytes;
  const model = modelFromTensors(config, lazyRandomTensors(config), byteTokenizer(), { quantization, doubleQuant });
  attachLora(model, { r: RANK, alpha: ALPHA, dropout: 0, useRslora: false, targetModules: [...TARGET_MODULES] }, 0);
  const buildS = (performance.now() - t0) / 1000;
  const vars = model.loraVariables();
  const opt = new AdamW(vars, { weightDecay: 0 });
  const rng = new Rng(0);
  const enc = Array.from({ length: BATCH }, () => ({ ids: Array.from({ length: SEQ + 1 }, () => rng.int(config.vocabSize)), completionStart: 0 }));
  const batch = makeBatch(enc, SEQ);
  /** What this configuration holds between steps (base, adapters, batch): the other runner's tensors are alive too. */
  const ownBytes = tf.memory().numBytes - bytesBefore;
  const run = () => optimizerStep(() => batchLoss(model, batch, { noRecompute: !recompute }), vars, opt, 1e-3, 1);
  const step = () => {
    const t = performance.now();
    run();
    return (performance.now() - t) / 1000;
  };
  /** One step under tf.profile: peak tensor bytes and the leaf kernels' time. */
  const profile = async () => {
    const t = performance.now();
    const kernels: Record<string, number> = {};
    let info: Awaited<ReturnType<typeof tf.profile>>;
    const atStart = tf.memory().numBytes;
    try {
      info = await tf.profile(() => {
        run();
      });
    } finally {
      (tf.engine() as unknown as { state: { profiling: boolean } }).state.profiling = false;
    }
    for (const k of info.kernels) kernels[k.name] = (kernels[k.name] ?? 0) + (Number(k.kernelTimeMs) || 0);
    const top = Object.entries(kernels).sort((a, b) => b[1] - a[1]).map(([k, ms]) => [k, Math.round(ms)]);
    // tf.profile's peak counts every tensor alive, the other configuration's model included:
    // this configuration's peak is what it held at the start plus what the step added at most.
    const peakBytes = ownBytes + info.peakBytes - atStart;
    return { peakBytes, peakMiB: mib(peakBytes), enginePeakMiB: mib(info.peakBytes), wallS: +((performance.now() - t) / 1000).toFixed(2), kernelMs: Object.fromEntries(top) };
  };
  const dispose = () => {
    disposeBatch(batch);
    opt.dispose();
    model.dispose();
  };
  return { step, profile, dispose, buildS, baseBytes: model.baseByteLength() };
}

function python(): string {
  return process.env.TORCH_PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
}

function torchRef(args: string[], threads: number): Record<string, unknown> {
  const script = join(ROOT, 'tools/reference/torch_lora.py');
  const r = spawnSync(python(), [script, ...args, '--threads', String(threads)], {
    encoding: 'utf8',
    env: { ...process.env, OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads) },
  });
  if (r.status !== 0) return { error: (r.stderr || 'python3 failed').trim().split('\n').pop() };
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
}

export async function realShapeMain(): Promise<void> {
  const backend = await initBackend();
  const threads = backend === 'wasm' ? wasmThreadCount() : Number(process.env.LORALAB_WASM_THREADS ?? 1);
  const layers = Number(process.env.BENCH_LAYERS ?? 30);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const steps = Number(process.env.BENCH_STEPS ?? 2);
  const warmup = Number(process.env.BENCH_WARMUP ?? 0);
  const config = parseLlamaConfig(configJson(layers));
  // What the trainer's `recompute: 'auto'` picks at the real depth, for reduced-depth runs too.
  const recompute = recomputesLayers(modelShapeOf(parseLlamaConfig(configJson(30))), { batchSize: BATCH, sequenceLength: SEQ, rank: RANK, targetModules: [...TARGET_MODULES] });
  const tokens = BATCH * SEQ;
  const flops = stepMatmulFlops(config, tokens, SEQ, RANK, recompute);
  const load = () => loadavg()[0].toFixed(2);
  console.log(JSON.stringify({ case: 'smollm2-135m', layers, seq: SEQ, batch: BATCH, rank: RANK, targets: 7, backend, threads, matmul: backend === 'wasm' ? matmulImplementation() : undefined, recompute, load_1m: load(), step_matmul_gflop: +(flops.useful / 1e9).toFixed(1), tfjs_extra_gflop: +(flops.extra / 1e9).toFixed(1) }));

  const sgemmShapes = `${tokens}x${config.hiddenSize}x${config.intermediateSize},${tokens}x${config.intermediateSize}x${config.hiddenSize},${tokens}x${config.hiddenSize}x${config.hiddenSize},${tokens}x${config.hiddenSize}x8192`;
  const torchArgs = (quant: 'none' | 'nf4') => [
    'bench', '--config', CONFIG_PATH, '--layers', String(layers), '--seq', String(SEQ), '--batch', String(BATCH), '--rank', String(RANK), '--alpha', String(ALPHA),
    '--targets', TORCH_TARGETS, '--quant', quant, ...(quant === 'nf4' ? ['--double-quant'] : []), '--steps', String(steps), '--warmup', String(Math.max(1, warmup)),
  ];
  const runners = {
    FP32: tfjsRunner(config, 'FP32', false, recompute),
    NF4: tfjsRunner(config, 'NF4', true, recompute),
  };
  console.log(JSON.stringify({ built: { FP32: runners.FP32.buildS.toFixed(1), NF4: runners.NF4.buildS.toFixed(1) }, base_mib: { FP32: mib(runners.FP32.baseBytes), NF4: mib(runners.NF4.baseBytes) } }));
  const series: Record<string, number[]> = {};
  const push = (k: string, v: number) => (series[k] ??= []).push(v);
  const profiles: Record<string, Awaited<ReturnType<(typeof runners)['FP32']['profile']>>> = {};
  const tfjs = async (q: 'FP32' | 'NF4') => {
    const r = runners[q];
    // The first step of each configuration runs under tf.profile (peak tensor bytes, time per
    // kernel) and is not timed; then `warmup` untimed steps.
    if (!profiles[q]) profiles[q] = await r.profile();
    for (let i = 0; i < warmup; i++) r.step();
    const t = Array.from({ length: steps }, () => r.step());
    return { impl: `tfjs-${tf.version_core}`, quant: q, step_s: +median(t).toFixed(3), steps: t.map((x) => +x.toFixed(2)) };
  };
  for (let round = 1; round <= rounds; round++) {
    const order = ['torch:FP32', 'tfjs:FP32', 'tfjs:NF4', 'torch:NF4'];
    if (round % 2 === 0) order.reverse();
    const res: Record<string, { step_s?: number } & Record<string, unknown>> = {};
    const sgemm = torchRef(['sgemm', '--shapes', sgemmShapes], threads);
    for (const k of order) {
      const [impl, q] = k.split(':') as ['torch' | 'tfjs', 'FP32' | 'NF4'];
      res[k] = impl === 'tfjs' ? await tfjs(q) : torchRef(torchArgs(q === 'FP32' ? 'none' : 'nf4'), threads);
      console.log(JSON.stringify({ round, load_1m: load(), ...res[k] }));
    }
    const st = (k: string) => Number(res[k].step_s);
    const roof = Number(sgemm.best_gflops);
    const line = {
      round,
      sgemm_gflops: roof,
      fp32_vs_torch: +(st('torch:FP32') / st('tfjs:FP32')).toFixed(3),
      nf4_vs_torch: +(st('torch:NF4') / st('tfjs:NF4')).toFixed(3),
      nf4_over_fp32: +(st('tfjs:NF4') / st('tfjs:FP32')).toFixed(3),
      tfjs_fp32_roofline: +(flops.useful / st('tfjs:FP32') / 1e9 / roof).toFixed(3),
      torch_fp32_roofline: +(flops.useful / st('torch:FP32') / 1e9 / roof).toFixed(3),
    };
    for (const [k, v] of Object.entries(line)) if (k !== 'round' && Number.isFinite(v)) push(k, v);
    for (const k of order) if (Number.isFinite(st(k))) push(`${k} step_s`, st(k));
    console.log(JSON.stringify(line));
  }
  const peaks = { FP32: profiles.FP32.peakBytes, NF4: profiles.NF4.peakBytes };
  for (const r of Object.values(runners)) r.dispose();
  console.log(
    JSON.stringify({
      summary: `median of ${rounds} rounds`, case: 'smollm2-135m', layers, threads, recompute, load_1m: load(),
      medians: Object.fromEntries(Object.entries(series).map(([k, v]) => [k, +median(v).toFixed(3)])),
      peak_mib: { FP32: mib(peaks.FP32), NF4_DQ: mib(peaks.NF4) },
      nf4dq_peak_over_fp32: +(peaks.NF4 / peaks.FP32).toFixed(3),
      profiles,
    }),
  );
}
