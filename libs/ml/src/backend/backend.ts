import { dirname } from 'node:path';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { MlError } from '../util/ml.error';
import { selectMatmul } from './native-matmul';
import { tf } from './tf';
import { initThreadedWasm, installTfjsPatches, isBackendInitialised, requireSupportedTfjs } from './tfjs-runtime';
import { wasmThreadsWanted } from './wasm-threads';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
export type BackendChoice = BackendName | 'auto';

let wasmPathsSet = false;
let nodeBindingTried = false;
let nodeBindingLoaded = false;
let wasmThreads = 1;

/**
 * Loads `@tensorflow/tfjs-node-gpu` or `@tensorflow/tfjs-node` if installed (optional
 * dependencies: GPU hosts install them); they register the `tensorflow` backend.
 */
function tryLoadNodeBinding(): boolean {
  if (nodeBindingTried) return nodeBindingLoaded;
  nodeBindingTried = true;
  for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    // An installed binding of a version the patches were not written for is refused, not skipped.
    requireSupportedTfjs();
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(pkg);
      nodeBindingLoaded = true;
      return true;
    } catch {
      // not installed, or libtensorflow missing: try the next one
    }
  }
  return false;
}

function ensureWasmPaths(): void {
  if (wasmPathsSet) return;
  wasmPathsSet = true;
  // In Node the .wasm binaries are read from node_modules; point the loader at them.
  const dir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  setWasmPaths(`${dir}/`);
}

async function trySet(name: BackendName): Promise<boolean> {
  if (name === 'tensorflow' && !tryLoadNodeBinding()) return false;
  if (name !== 'wasm') {
    try {
      return await tf.setBackend(name);
    } catch {
      return false;
    }
  }
  try {
    ensureWasmPaths();
    if (isBackendInitialised('wasm')) return await tf.setBackend('wasm');
    wasmThreads = (await initThreadedWasm(wasmThreadsWanted())).threads;
  } catch (e) {
    // A backend that hangs or fails in every attempt says so (BACKEND_UNAVAILABLE with why).
    if (e instanceof MlError) throw e;
    return false;
  }
  // Outside the catch: LORALAB_MATMUL=native without OpenBLAS is an error of its own, not a
  // backend to skip. OpenBLAS gets as many threads as XNNPACK's pool.
  selectMatmul(wasmThreads);
  return true;
}

/**
 * Selects the TensorFlow.js backend: `tensorflow` when tfjs-node(-gpu) loads, else `wasm`,
 * else `cpu`. A named choice forces that backend and fails if it is unavailable. On wasm it
 * also selects the matmul (`LORALAB_MATMUL`, see `native-matmul.ts`): NATIVE_MATMUL_UNAVAILABLE
 * when `native` is asked for and OpenBLAS or the addon is missing.
 * Also sets `LORALAB_BACKEND` as the default choice when none is given. Throws
 * TFJS_VERSION_UNSUPPORTED when an installed tfjs package is not a version libs/ml's patches
 * were written for (see `tfjs-runtime.ts`).
 */
export async function initBackend(choice: BackendChoice = defaultChoice()): Promise<BackendName> {
  installTfjsPatches();
  if (choice !== 'auto') {
    if (tf.getBackend() === choice) return choice;
    if (!(await trySet(choice))) throw new MlError('BACKEND_UNAVAILABLE', `TensorFlow.js backend "${choice}" is not available`);
    return choice;
  }
  for (const name of ['tensorflow', 'wasm', 'cpu'] as const) {
    if (await trySet(name)) return name;
  }
  throw new MlError('BACKEND_UNAVAILABLE', 'no TensorFlow.js backend could be initialised');
}

function defaultChoice(): BackendChoice {
  const env = process.env.LORALAB_BACKEND;
  return env === 'tensorflow' || env === 'wasm' || env === 'cpu' ? env : 'auto';
}

/** Threads of the wasm backend's XNNPACK pool (1 until it is initialised, or single-threaded). */
export function wasmThreadCount(): number {
  return wasmThreads;
}

export function currentBackend(): BackendName {
  return tf.getBackend() as BackendName;
}
