import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MlError } from '../util/ml.error';

/**
 * The optional native matmul of the wasm backend in Node: OpenBLAS's `cblas_sgemm` run by a
 * small N-API addon (`libs/ml/native/sgemm.c`, built by `tools/scripts/native-build.mjs` on
 * `npm start`/`npm test`) straight on the wasm heap, which the threaded build keeps in a
 * SharedArrayBuffer: no copy in or out. XNNPACK in wasm reaches ~3 GFLOP/s on the trainer's
 * shapes where OpenBLAS reaches 15-30 on the same cores. `LORALAB_MATMUL` chooses:
 * `auto` (default: native when the addon loads and finds OpenBLAS), `native` (fail with
 * NATIVE_MATMUL_UNAVAILABLE otherwise), `xnnpack` (the wasm backend's own kernels).
 * The kernels that use it are in `kernels.ts`; this module only loads and calls the addon.
 */
export type MatmulChoice = 'auto' | 'native' | 'xnnpack';
export type MatmulImplementation = 'native' | 'xnnpack';

interface SgemmAddon {
  sgemm(
    heap: Float32Array,
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    aOffset: number,
    lda: number,
    bOffset: number,
    ldb: number,
    cOffset: number,
    ldc: number,
    batch: number,
    strideA: number,
    strideB: number,
    strideC: number,
  ): void;
  setThreads(threads: number): void;
  threads(): number;
  status(): { loaded: boolean; library: string | null; problem: string | null };
}

/** Where the build script puts the addon (an ignored folder beside its source). */
export const NATIVE_ADDON_PATH = join(__dirname, '..', '..', 'native', 'build', 'sgemm.node');

let addon: SgemmAddon | undefined;
let unavailable: string | undefined;
let active = false;
/** Matmuls run by each implementation in this thread (the kernels count them; tests read them). */
export const matmulCalls: Record<MatmulImplementation, number> = { native: 0, xnnpack: 0 };

function loadAddon(): SgemmAddon | undefined {
  if (addon || unavailable) return addon;
  if (!existsSync(NATIVE_ADDON_PATH)) {
    unavailable = `the addon is not built (${NATIVE_ADDON_PATH}; npm start and npm test build it with g++/gcc and Node's headers: node tools/scripts/native-build.mjs)`;
    return undefined;
  }
  try {
    const module = { exports: {} as SgemmAddon };
    process.dlopen(module, NATIVE_ADDON_PATH);
    const status = module.exports.status();
    if (!status.loaded) {
      unavailable = `OpenBLAS not found (install libopenblas0-pthread): ${status.problem ?? 'no library'}`;
      return undefined;
    }
    addon = module.exports;
  } catch (e) {
    unavailable = `the addon did not load: ${(e as Error).message}`;
  }
  return addon;
}

export function matmulChoice(env = process.env.LORALAB_MATMUL): MatmulChoice {
  if (env === undefined || env === '' || env === 'auto') return 'auto';
  if (env === 'native' || env === 'xnnpack') return env;
  throw new MlError('INVALID_ARGUMENT', `LORALAB_MATMUL=${env}: expected auto, native or xnnpack`);
}

/**
 * Selects the wasm backend's matmul (see the module comment) with `threads` OpenBLAS threads
 * (the wasm backend's thread count) and returns it. Throws NATIVE_MATMUL_UNAVAILABLE when
 * `native` is chosen and the addon or OpenBLAS is missing.
 */
export function selectMatmul(threads: number, choice: MatmulChoice = matmulChoice()): MatmulImplementation {
  active = false;
  if (choice === 'xnnpack') return 'xnnpack';
  const lib = loadAddon();
  if (!lib) {
    if (choice === 'native') throw new MlError('NATIVE_MATMUL_UNAVAILABLE', `LORALAB_MATMUL=native, but the native matmul is unavailable: ${unavailable}`);
    return 'xnnpack';
  }
  lib.setThreads(Math.max(1, threads));
  active = true;
  return 'native';
}

/** The matmul the wasm backend's kernels use now. */
export function matmulImplementation(): MatmulImplementation {
  return active ? 'native' : 'xnnpack';
}

/** Why the native matmul is not available here (undefined when it is, or was never tried). */
export function nativeMatmulProblem(): string | undefined {
  return unavailable;
}

/** OpenBLAS's thread count (0 when the native matmul is not loaded). */
export function nativeMatmulThreads(): number {
  return addon ? addon.threads() : 0;
}

/**
 * C_i = op(A_i) op(B_i) for i < batch, row-major, on `heap` (offsets and strides in floats);
 * the addon checks every operand against the heap's length. Only while `matmulImplementation()` is 'native'.
 */
export function nativeSgemm(
  heap: Float32Array,
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  a: { offset: number; ld: number; stride: number },
  b: { offset: number; ld: number; stride: number },
  c: { offset: number; ld: number; stride: number },
  batch: number,
): void {
  if (!active || !addon) throw new MlError('NATIVE_MATMUL_UNAVAILABLE', 'the native matmul is not selected');
  addon.sgemm(heap, transA, transB, m, n, k, a.offset, a.ld, b.offset, b.ld, c.offset, c.ld, batch, a.stride, b.stride, c.stride);
  matmulCalls.native++;
}
