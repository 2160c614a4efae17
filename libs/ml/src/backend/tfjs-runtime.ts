/**
 * The one module through which libs/ml reaches into TensorFlow.js beyond its public API. Every
 * such patch depends on the internals of the tfjs releases it was written against, so each goes
 * through `requireSupportedTfjs()` first, which refuses an installed tfjs package of another
 * version by name (MlError TFJS_VERSION_UNSUPPORTED) instead of letting a patch misbehave.
 * The patches:
 *  - custom kernels (`kernels.ts`: `LoralabDequantize` on wasm/cpu, `LoralabBatchMatMul` on wasm),
 *    which read the backends' private tensor storage;
 *  - wasm's own `BatchMatMul` kernel unregistered and registered again wrapped (`kernels.ts`):
 *    with the native matmul selected (`native-matmul.ts`, `LORALAB_MATMUL`) it runs OpenBLAS's
 *    sgemm on the wasm heap (the tensors' `memoryOffset`s, the heap's `wasmMemory`), else the
 *    original kernel;
 *  - the threaded-SIMD wasm build in Node (`wasm-threads.ts`: the `WASM_HAS_MULTITHREAD_SUPPORT`
 *    flag, `Blob`/`URL.createObjectURL` and `os.cpus` swapped while the backend initialises);
 *  - the `CHECK_COMPUTATION_FOR_ERRORS` flag turned off (it downloads every kernel's output);
 *  - the engine's gradient tape saved around a nested gradient (`nestedGrads`);
 *  - the engine's profiling switch reset after a step that threw inside `tf.profile`
 *    (`stopProfiling`);
 *  - the backend registry read to tell an initialised backend (`isBackendInitialised`), and the
 *    wasm backend made by its registered factory and put there (`initThreadedWasm`);
 *  - the wasm heap's `_malloc` checked and the wasm kernel timer made synchronous, so that a
 *    full heap fails as out-of-memory instead of corrupting memory (`wasm-heap.ts`, installed
 *    by `initThreadedWasm`).
 */
import { createRequire } from 'node:module';
import { MlError } from '../util/ml.error';
import { registerLoralabKernels } from './kernels';
import { tf } from './tf';
import { guardWasmMalloc } from './wasm-heap';
import { type WasmBackendLike, withWasmThreads } from './wasm-threads';

/** The versions of each tfjs package that the patches were written for (and tested on). */
export const SUPPORTED_TFJS_VERSIONS: Readonly<Record<string, readonly string[]>> = {
  '@tensorflow/tfjs-core': ['4.22.0'],
  '@tensorflow/tfjs': ['4.22.0'],
  '@tensorflow/tfjs-backend-cpu': ['4.22.0'],
  '@tensorflow/tfjs-backend-wasm': ['4.22.0'],
  // Optional: GPU hosts install one of them (see backend.ts).
  '@tensorflow/tfjs-node': ['4.22.0'],
  '@tensorflow/tfjs-node-gpu': ['4.22.0'],
};

/**
 * The version of each tfjs package of `SUPPORTED_TFJS_VERSIONS` that is installed where
 * `from` (a file path) resolves packages; packages that are not installed are left out.
 */
export function installedTfjsVersions(from: string = __filename): Record<string, string> {
  const req = createRequire(from);
  const out: Record<string, string> = {};
  for (const pkg of Object.keys(SUPPORTED_TFJS_VERSIONS)) {
    let version: unknown;
    try {
      version = (req(`${pkg}/package.json`) as { version?: unknown }).version;
    } catch {
      continue; // not installed
    }
    out[pkg] = typeof version === 'string' ? version : String(version);
  }
  return out;
}

/** Throws TFJS_VERSION_UNSUPPORTED naming the first package of `found` at a version the patches were not written for. */
export function checkTfjsVersions(found: Record<string, string>): void {
  for (const [pkg, version] of Object.entries(found)) {
    const supported = SUPPORTED_TFJS_VERSIONS[pkg];
    if (supported && !supported.includes(version)) {
      throw new MlError(
        'TFJS_VERSION_UNSUPPORTED',
        `${pkg} ${version} is installed, but libs/ml patches TensorFlow.js internals written for ${pkg} ${supported.join(' or ')} ` +
          `(backend/tfjs-runtime.ts): install ${pkg}@${supported[supported.length - 1]}, or port the patches and add the version there`,
      );
    }
  }
}

let checked = false;

/** Checks the installed tfjs packages once per process (see `checkTfjsVersions`). */
export function requireSupportedTfjs(): void {
  if (checked) return;
  checkTfjsVersions(installedTfjsVersions());
  checked = true;
}

let installed = false;

/** Registers the custom kernels and sets the engine flags; called by `initBackend`. */
export function installTfjsPatches(): void {
  requireSupportedTfjs();
  if (installed) return;
  installed = true;
  registerLoralabKernels();
  tf.env().set('CHECK_COMPUTATION_FOR_ERRORS', false);
}

/**
 * Initialises the wasm backend with its threaded-SIMD build and `threads` threads (see
 * `wasm-threads.ts`) and selects it. The backend is made by tfjs-backend-wasm's registered
 * factory, not through `tf.setBackend`: the engine keeps one pending initialisation, forever
 * when it hangs, and would then refuse every backend; an attempt it never saw can be abandoned
 * and made again. The made backend goes into the engine's registry, where `tf.setBackend`
 * finds it initialised and sets up its kernels.
 */
export function initThreadedWasm(threads: number): Promise<{ threads: number }> {
  requireSupportedTfjs();
  // Callers at the same time share one initialisation: two would swap the same globals (Blob,
  // os.cpus, worker_threads.Worker) over each other and could leave a hook installed.
  wasmInitInFlight ??= (async () => {
    const factory = engine().registryFactory.wasm?.factory;
    if (!factory) throw new MlError('BACKEND_UNAVAILABLE', 'tfjs-backend-wasm registered no "wasm" backend');
    const made = await withWasmThreads(threads, async () => (await factory()) as unknown as WasmBackendLike);
    // As the engine's own initialisation does when a newer one supersedes it: one it began
    // meanwhile (a tensor op before initBackend, say) is outdated and cannot replace this one.
    engine().pendingBackendInitId++;
    engine().pendingBackendInit = null;
    engine().registry.wasm = made.backend;
    await tf.setBackend('wasm');
    guardWasmMalloc();
    return { threads: made.threads };
  })().finally(() => (wasmInitInFlight = undefined));
  return wasmInitInFlight;
}

let wasmInitInFlight: Promise<{ threads: number }> | undefined;

type EngineInternals = {
  state: { activeTape: unknown; profiling: boolean };
  registry: Record<string, unknown>;
  registryFactory: Record<string, { factory: () => unknown } | undefined>;
  pendingBackendInitId: number;
  pendingBackendInit: Promise<boolean> | null;
};
const engine = () => tf.engine() as unknown as EngineInternals;

/**
 * Runs a gradient computation inside another one's backward pass. tfjs's engine has one
 * `activeTape` and clears it when any gradient computation ends, which would break the outer
 * backprop still walking its tape; keep and restore it.
 */
export function nestedGrads<T>(f: () => T): T {
  requireSupportedTfjs();
  const state = engine().state;
  const outer = state.activeTape;
  try {
    return f();
  } finally {
    state.activeTape = outer;
  }
}

/** Switches the engine's profiling off: `tf.profile` leaves it on when the profiled function throws. */
export function stopProfiling(): void {
  requireSupportedTfjs();
  engine().state.profiling = false;
}

/** Whether backend `name` has been initialised (`tf.findBackend` would start initialising it). */
export function isBackendInitialised(name: string): boolean {
  requireSupportedTfjs();
  return name in engine().registry;
}
