import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchMatMul, batchMatMulForward, batchMatMulTransposedB, matMulTransposedB } from '../ops/mat-mul.op';
import { Rng } from '../util/rng';
import { initBackend, wasmThreadCount } from './backend';
import { matmulCalls, matmulChoice, matmulImplementation, NATIVE_ADDON_PATH, nativeMatmulProblem, nativeMatmulThreads, selectMatmul } from './native-matmul';
import { tf } from './tf';

/** The addon's own interface, loaded as the module does (process.dlopen). */
interface Addon {
  sgemm(heap: Float32Array, ...rest: (boolean | number)[]): void;
  status(): { loaded: boolean; library: string | null };
}
function loadAddon(): Addon {
  const module = { exports: {} as Addon };
  process.dlopen(module, NATIVE_ADDON_PATH);
  return module.exports;
}

/** Row-major op(A) op(B) in float64, the reference both implementations are held to. */
function reference(a: Float32Array, b: Float32Array, m: number, n: number, k: number, ta: boolean, tb: boolean): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[ta ? p * m + i : i * k + p] * b[tb ? j * k + p : p * n + j];
      out[i * n + j] = s;
    }
  return out;
}

const threads = () => wasmThreadCount();
/** WebAssembly's shared memory (the threaded wasm build's heap); Node has it, the project's TS lib does not declare it. */
interface SharedMemory {
  buffer: ArrayBufferLike;
  grow(pages: number): number;
}
const { Memory } = (globalThis as unknown as { WebAssembly: { Memory: new (d: { initial: number; maximum: number; shared: boolean }) => SharedMemory } }).WebAssembly;
/** Whether this host can run the native matmul: the addon built and OpenBLAS found (always in CI). */
const hostHasNative = (() => {
  try {
    return loadAddon().status().loaded;
  } catch {
    return false;
  }
})();
const onThisHost = hostHasNative || process.env.CI === 'true';

describe('the native matmul (OpenBLAS on the wasm heap)', () => {
  let available = false;
  beforeAll(async () => {
    await initBackend('wasm');
    available = matmulImplementation() === 'native';
  });
  afterAll(() => {
    selectMatmul(threads());
  });

  it('is selected by default where the addon is built and OpenBLAS installed (always in CI), with the wasm thread count', () => {
    // CI installs libopenblas0-pthread and a compiler (.ci/run).
    const expected = matmulChoice() === 'xnnpack' || !onThisHost ? 'xnnpack' : 'native';
    expect(matmulImplementation(), nativeMatmulProblem()).toBe(expected);
    if (available) expect(nativeMatmulThreads()).toBe(threads());
  });

  it('reads LORALAB_MATMUL and refuses a value it does not know', () => {
    expect(matmulChoice('auto')).toBe('auto');
    expect(matmulChoice('')).toBe('auto');
    expect(matmulChoice('native')).toBe('native');
    expect(matmulChoice('xnnpack')).toBe('xnnpack');
    expect(() => matmulChoice('blas')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  describe.runIf(onThisHost)('on this host', () => {
    // [a shape, b shape, transposeA, transposeB]: 2-D, each transpose, equal batches, a batch
    // of one broadcast on either side, 4-D batch dims, an odd size that tiles nowhere evenly.
    const cases: [number[], number[], boolean, boolean][] = [
      [[37, 53], [53, 29], false, false],
      [[53, 37], [53, 29], true, false],
      [[37, 53], [29, 53], false, true],
      [[53, 37], [29, 53], true, true],
      [[3, 17, 31], [3, 31, 13], false, false],
      [[3, 31, 17], [3, 13, 31], true, true],
      [[3, 17, 31], [31, 13], false, false],
      [[17, 31], [4, 13, 31], false, true],
      [[1, 17, 31], [5, 31, 13], false, false],
      [[2, 3, 9, 11], [2, 3, 11, 7], false, false],
      [[2, 3, 11, 9], [1, 7, 11], true, true],
      [[85, 64], [1000, 64], false, true],
      [[1, 1], [1, 1], false, false],
    ];

    it.each(cases)('%j x %j (transposeA %s, transposeB %s) matches XNNPACK and a float64 product', (sa, sb, ta, tb) => {
      const rng = new Rng(sa.length * 1000 + sb[sb.length - 1]);
      const fill = (shape: number[]) => Float32Array.from({ length: shape.reduce((p, d) => p * d, 1) }, () => rng.next() * 2 - 1);
      const av = fill(sa);
      const bv = fill(sb);
      const a = tf.tensor(av, sa);
      const b = tf.tensor(bv, sb);
      const before = { ...matmulCalls };
      selectMatmul(threads(), 'native');
      const native = tf.matMul(a, b, ta, tb);
      expect(matmulCalls.native - before.native).toBe(1);
      selectMatmul(threads(), 'xnnpack');
      const xnnpack = tf.matMul(a, b, ta, tb);
      expect(matmulCalls.xnnpack - before.xnnpack).toBe(1);
      expect(matmulCalls.native - before.native).toBe(1);
      expect(native.shape).toEqual(xnnpack.shape);
      const nv = native.dataSync();
      const xv = xnnpack.dataSync();
      // Each batch entry against float64; a batch of one is the same matrix for every entry.
      const [m, k] = ta ? [sa[sa.length - 1], sa[sa.length - 2]] : [sa[sa.length - 2], sa[sa.length - 1]];
      const n = tb ? sb[sb.length - 2] : sb[sb.length - 1];
      const batch = nv.length / (m * n);
      const batchOf = (shape: number[]) => shape.slice(0, -2).reduce((p, d) => p * d, 1);
      let worst = 0;
      for (let i = 0; i < batch; i++) {
        const ai = batchOf(sa) === 1 ? 0 : i;
        const bi = batchOf(sb) === 1 ? 0 : i;
        const ref = reference(av.subarray(ai * m * k, (ai + 1) * m * k), bv.subarray(bi * k * n, (bi + 1) * k * n), m, n, k, ta, tb);
        for (let j = 0; j < m * n; j++) {
          const scale = Math.max(1, Math.abs(ref[j]));
          worst = Math.max(worst, Math.abs(nv[i * m * n + j] - ref[j]) / scale, Math.abs(xv[i * m * n + j] - nv[i * m * n + j]) / scale);
        }
      }
      expect(worst).toBeLessThan(1e-5);
      tf.dispose([a, b, native, xnnpack]);
    });

    it('runs the ops of mat-mul.op.ts natively, gradients included, to XNNPACK\'s results, without leaking tensors', () => {
      const run = (impl: 'native' | 'xnnpack') => {
        selectMatmul(threads(), impl);
        return tf.tidy(() => {
          const rng = new Rng(7);
          const t = (shape: number[]) => tf.tensor(Float32Array.from({ length: shape.reduce((p, d) => p * d, 1) }, () => rng.next() - 0.5), shape);
          const [q, kT, v, h, w] = [t([6, 16, 8]), t([6, 16, 8]), t([6, 16, 8]), t([24, 32]), t([40, 32])];
          const g = tf.grads((x: tf.Tensor, y: tf.Tensor, z: tf.Tensor) =>
            tf.sum(batchMatMul(batchMatMulTransposedB(x as tf.Tensor3D, y as tf.Tensor3D), z as tf.Tensor3D)),
          )([q, kT, v]);
          return [...g, batchMatMulForward(q as tf.Tensor3D, tf.transpose(kT, [0, 2, 1]) as tf.Tensor3D), matMulTransposedB(h as tf.Tensor2D, w as tf.Tensor2D)].map((x) => x.dataSync().slice());
        });
      };
      const tensors = tf.memory().numTensors;
      const before = matmulCalls.native;
      const native = run('native');
      expect(matmulCalls.native).toBeGreaterThan(before + 4);
      const xnnBefore = matmulCalls.native;
      const xnnpack = run('xnnpack');
      expect(matmulCalls.native).toBe(xnnBefore);
      for (let i = 0; i < native.length; i++) {
        const scale = Math.max(...xnnpack[i].map(Math.abs), 1);
        const worst = Math.max(...native[i].map((x, j) => Math.abs(x - xnnpack[i][j])));
        expect(worst / scale).toBeLessThan(1e-5);
      }
      expect(tf.memory().numTensors).toBe(tensors);
    });

    it('multiplies in place on a Float32Array over shared wasm memory, and checks the bounds', () => {
      const addon = loadAddon();
      const memory = new Memory({ initial: 1, maximum: 4, shared: true });
      const heap = new Float32Array(memory.buffer);
      expect(memory.buffer).toBeInstanceOf(SharedArrayBuffer);
      heap.set([1, 2, 3, 4, 5, 6], 0); // A 2 x 3
      heap.set([7, 8, 9, 10, 11, 12], 8); // B 3 x 2
      addon.sgemm(heap, false, false, 2, 2, 3, 0, 3, 8, 2, 16, 2, 1, 0, 0, 0);
      expect(Array.from(heap.subarray(16, 20))).toEqual([58, 64, 139, 154]);
      // Grown, the memory has a new buffer; a view of it reaches the new pages.
      memory.grow(1);
      const grown = new Float32Array(memory.buffer);
      const end = grown.length - 4;
      addon.sgemm(grown, false, false, 2, 2, 3, 0, 3, 8, 2, end, 2, 1, 0, 0, 0);
      expect(Array.from(grown.subarray(end))).toEqual([58, 64, 139, 154]);
      expect(() => addon.sgemm(heap, false, false, 2, 2, 3, 0, 3, 8, 2, heap.length - 3, 2, 1, 0, 0, 0)).toThrow(
        expect.objectContaining({ code: 'NATIVE_MATMUL_ARGUMENT' }),
      );
      expect(() => addon.sgemm(heap, false, false, 2, 2, 3, 0, 2, 8, 2, 16, 2, 1, 0, 0, 0)).toThrow(/leading dimension/);
      // Strides and offsets whose sums would overflow int64 and wrap back inside the heap.
      const before = heap[heap.length - 1];
      for (const [aOff, sA, sC] of [
        [0, 0, 2 ** 63],
        [0, 0, 2 ** 62],
        [0, 2 ** 63, 0],
        [2 ** 62, 0, 0],
      ]) {
        expect(() => addon.sgemm(heap, false, false, 1, 1, 1, aOff, 1, 0, 1, 0, 1, 2, sA, 0, sC)).toThrow(/past the end of the heap/);
      }
      expect(heap[heap.length - 1]).toBe(before);
    });

    it('gives an empty batch broadcast against one matrix an empty result (wasm\'s own kernel divides by zero there)', () => {
      selectMatmul(threads(), 'native');
      const a = tf.zeros([0, 4, 8]);
      const b = tf.ones([8, 16]);
      const c = tf.matMul(a, b);
      expect(c.shape).toEqual([0, 4, 16]);
      tf.dispose([a, b, c]);
    });

    it('loads in a worker thread too (a context-aware addon), sharing memory with the main thread', async () => {
      const memory = new Memory({ initial: 1, maximum: 1, shared: true });
      const heap = new Float32Array(memory.buffer);
      heap.set([1, 2, 3, 4, 5, 6], 0);
      heap.set([7, 8, 9, 10, 11, 12], 8);
      const worker = new Worker(
        `const { parentPort, workerData } = require('node:worker_threads');
         const m = { exports: {} }; process.dlopen(m, workerData.path);
         m.exports.sgemm(new Float32Array(workerData.memory.buffer), true, true, 3, 3, 2, 0, 3, 8, 2, 16, 3, 1, 0, 0, 0);
         parentPort.postMessage(m.exports.status().loaded);`,
        { eval: true, workerData: { path: NATIVE_ADDON_PATH, memory } },
      );
      const loaded = await new Promise((ok, fail) => worker.once('message', ok).once('error', fail));
      await worker.terminate();
      expect(loaded).toBe(true);
      // A^T (3 x 2) B^T (2 x 3), written by the worker into the shared memory.
      expect(Array.from(heap.subarray(16, 25))).toEqual([39, 49, 59, 54, 68, 82, 69, 87, 105]);
    });
  });
});
