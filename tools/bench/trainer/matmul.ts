/**
 * GFLOP/s of the wasm backend's two matmuls, the native one (OpenBLAS on the wasm heap,
 * libs/ml/src/backend/native-matmul.ts) and XNNPACK, and of numpy's sgemm
 * (tools/reference/torch_lora.py sgemm, the same OpenBLAS from Python), on the SmolLM2-135M
 * training step's matmul shapes (seq 256 x batch 4 = 1024 tokens), in interleaved rounds (the
 * order reversed in even rounds) so that the machine's load weighs on each about equally.
 *   BENCH_CASE=matmul npm run bench:trainer   (BENCH_ROUNDS 3, BENCH_REPS 5, LORALAB_WASM_THREADS)
 * Each figure is the best of BENCH_REPS products, taken after one untimed product.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { initBackend, matmulImplementation, selectMatmul, tf, wasmThreadCount } from '@loralab/ml';

const ROOT = join(__dirname, '..', '..', '..');

/** [name, a shape, b shape, transposeA, transposeB]: the projections, the loss head chunk, attention. */
const SHAPES: [string, number[], number[], boolean, boolean][] = [
  ['up/gate 1024x576x1536', [1024, 576], [576, 1536], false, false],
  ['down 1024x1536x576', [1024, 1536], [1536, 576], false, false],
  ['q/o 1024x576x576', [1024, 576], [576, 576], false, false],
  ['k/v 1024x576x192', [1024, 576], [576, 192], false, false],
  ['dx of up 1024x1536x576 (b^T)', [1024, 1536], [576, 1536], false, true],
  ['head chunk 85x576x49152 (b^T)', [85, 576], [49152, 576], false, true],
  ['scores 12x768x64x256 (b^T)', [12, 768, 64], [12, 256, 64], false, true],
  ['lora 1024x576x16', [1024, 576], [576, 16], false, false],
];

const flopsOf = ([, a, b, ta, tb]: (typeof SHAPES)[number]) => {
  const batch = a.length === 3 ? a[0] : 1;
  const [m, k] = ta ? [a.at(-1)!, a.at(-2)!] : [a.at(-2)!, a.at(-1)!];
  return 2 * batch * m * k * (tb ? b.at(-2)! : b.at(-1)!);
};

function tfjsGflops(impl: 'native' | 'xnnpack', reps: number): Record<string, number> {
  selectMatmul(wasmThreadCount(), impl);
  if (matmulImplementation() !== impl) throw new Error(`the ${impl} matmul is not available`);
  const out: Record<string, number> = {};
  for (const shape of SHAPES) {
    const [name, sa, sb, ta, tb] = shape;
    const a = tf.randomNormal(sa);
    const b = tf.randomNormal(sb);
    tf.matMul(a, b, ta, tb).dispose();
    let best = Infinity;
    for (let i = 0; i < reps; i++) {
      const t = performance.now();
      tf.matMul(a, b, ta, tb).dispose();
      best = Math.min(best, performance.now() - t);
    }
    out[name] = +(flopsOf(shape) / (best / 1000) / 1e9).toFixed(2);
    tf.dispose([a, b]);
  }
  return out;
}

function numpyGflops(threads: number, reps: number): Record<string, number> | { error: string } {
  // numpy's shapes are m x k x n without transposes or batch: the same FLOPs per product.
  const shapes = SHAPES.map(([, a, b, ta, tb]) => {
    const batchRows = a.length === 3 ? a[0] : 1;
    const [m, k] = ta ? [a.at(-1)!, a.at(-2)!] : [a.at(-2)!, a.at(-1)!];
    return `${batchRows * m}x${k}x${tb ? b.at(-2)! : b.at(-1)!}`;
  });
  const python = process.env.TORCH_PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
  const r = spawnSync(python, [join(ROOT, 'tools/reference/torch_lora.py'), 'sgemm', '--shapes', shapes.join(','), '--steps', String(reps), '--threads', String(threads)], {
    encoding: 'utf8',
    env: { ...process.env, OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads) },
  });
  if (r.status !== 0) return { error: (r.stderr || 'python3 failed').trim().split('\n').pop()! };
  const g = (JSON.parse(r.stdout.trim().split('\n').pop()!) as { gflops: Record<string, number> }).gflops;
  return Object.fromEntries(SHAPES.map(([name], i) => [name, g[shapes[i]]]));
}

export async function matmulMain(): Promise<void> {
  if ((await initBackend('wasm')) !== 'wasm') throw new Error('needs the wasm backend');
  const threads = wasmThreadCount();
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const reps = Number(process.env.BENCH_REPS ?? 5);
  console.log(JSON.stringify({ case: 'matmul', threads, rounds, reps, load_1m: loadavg()[0].toFixed(2) }));
  const series: Record<string, Record<string, number[]>> = { native: {}, xnnpack: {}, numpy: {} };
  for (let round = 1; round <= rounds; round++) {
    const order = ['native', 'xnnpack', 'numpy'] as const;
    for (const impl of round % 2 === 0 ? [...order].reverse() : order) {
      const g = impl === 'numpy' ? numpyGflops(threads, reps) : tfjsGflops(impl, reps);
      console.log(JSON.stringify({ round, impl, load_1m: loadavg()[0].toFixed(2), gflops: g }));
      if ('error' in g) continue;
      for (const [name, v] of Object.entries(g)) (series[impl][name] ??= []).push(v as number);
    }
  }
  const median = (xs: number[] = []) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length ? s[Math.floor(s.length / 2)] : NaN;
  };
  console.log(`\nmedian GFLOP/s over ${rounds} rounds, ${threads} thread(s)`);
  console.log(`| shape | native (OpenBLAS on the wasm heap) | XNNPACK (wasm) | numpy (OpenBLAS) | native ÷ XNNPACK |`);
  console.log(`|---|---|---|---|---|`);
  for (const [name] of SHAPES) {
    const [n, x, p] = [median(series.native[name]), median(series.xnnpack[name]), median(series.numpy[name])];
    console.log(`| ${name} | ${n} | ${x} | ${p} | ${(n / x).toFixed(1)}× |`);
  }
  selectMatmul(threads);
}
