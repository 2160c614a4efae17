import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { MlError } from '../util/ml.error';
import { tf } from './tf';

// Written for tfjs-backend-wasm 4.22's loader; `tfjs-runtime.ts` checks the installed version
// and is the only caller.

const MAIN_SCRIPT_HEAD = 'var WasmBackendModuleThreadedSimd';
/** How the pthread worker loads the main script: from a Blob, which Node cannot import synchronously. */
const WORKER_LOADS_BLOB =
  'if(typeof e.data.urlOrBlob=="string"){importScripts(e.data.urlOrBlob)}else{var objectUrl=URL.createObjectURL(e.data.urlOrBlob);importScripts(objectUrl);URL.revokeObjectURL(objectUrl)}';
/**
 * Module-level names of tfjs-backend-wasm's Node bundle that its threaded factory refers to
 * but that a pthread worker, which evaluates the factory's source on its own, does not have.
 */
const BUNDLE_GLOBALS =
  'var require$$0=require("fs"),require$$1=require("path"),require$$3=require("perf_hooks"),require$$4=require("os"),commonjsGlobal=globalThis,_scriptDir=undefined;';

interface WasmThreadedModule {
  PThread?: { runningWorkers: { unref(): void }[]; unusedWorkers: { terminate(): Promise<number> }[] };
  tfjs?: { getThreadsCount(): number };
}

/** Threads wanted for the wasm backend: `LORALAB_WASM_THREADS`, else one per core. */
export function wasmThreadsWanted(): number {
  const env = Number(process.env.LORALAB_WASM_THREADS);
  if (Number.isInteger(env) && env >= 1) return env;
  return os.availableParallelism?.() ?? os.cpus().length;
}

/** Seconds the threaded build may take to initialise: `LORALAB_BACKEND_INIT_TIMEOUT`, else 120. */
export function wasmInitTimeoutSeconds(): number {
  const env = Number(process.env.LORALAB_BACKEND_INIT_TIMEOUT);
  return Number.isFinite(env) && env > 0 ? env : 120;
}

/**
 * Runs `init` (which initialises the wasm backend) so that tfjs-backend-wasm loads its
 * threaded-SIMD build with `threads` threads in Node, where tfjs 4.22 only loads the
 * single-threaded one. Three things stand in the way, all in tfjs's loader, not in the binary:
 *  1. `WASM_HAS_MULTITHREAD_SUPPORT` answers false whenever `IS_NODE` (tfjs issue 3830): set it.
 *  2. The loader hands Emscripten the pthread worker and the main script as Blob URLs; Node's
 *     `worker_threads` cannot start a worker from a Blob URL, and the worker's `importScripts`
 *     shim reads files only. While `init` runs, Blob and `URL.createObjectURL` are wrapped so
 *     that those two scripts are written to a temporary directory and passed as paths; the
 *     main script gets the bundle's module-level names it refers to.
 *  3. The C++ side caps the thread pool at half of `emscripten_num_logical_cores()` (it assumes
 *     two hyper-threads per core), which is `os.cpus().length` in Node: on a 2-core machine
 *     that is one thread. `os.cpus` answers `2 × threads` entries while `init` runs.
 * Returns the threads the backend got (1 when it is not attempted: one thread wanted, no Blob).
 * Emscripten's loader waits on events (its pthread workers reporting in); one that never comes
 * would leave the backend pending forever, and an exception in the hooks above would be thrown
 * into tfjs's loader, far from any promise. Either ends `init` here with BACKEND_UNAVAILABLE
 * (after `wasmInitTimeoutSeconds()` for the first), naming the thread count, instead of a hang.
 */
export async function withWasmThreads(threads: number, init: () => Promise<boolean>): Promise<{ ok: boolean; threads: number }> {
  if (threads <= 1 || typeof Blob === 'undefined') {
    return { ok: await init(), threads: 1 };
  }
  const dir = mkdtempSync(join(os.tmpdir(), 'loralab-wasm-threads-'));
  const mainPath = join(dir, 'main.js');
  const sources = new WeakMap<object, string>();
  const OriginalBlob = globalThis.Blob;
  const originalCreateObjectURL = URL.createObjectURL;
  const originalCpus = os.cpus;
  // A script the hooks cannot write ends `init` (below) instead of only throwing into tfjs's loader.
  let hookFailed: (e: unknown) => void = () => {};
  const hookFailure = new Promise<never>((_, reject) => (hookFailed = reject));
  const write = (path: string, text: string) => {
    try {
      writeFileSync(path, text);
    } catch (e) {
      hookFailed(e);
      throw e;
    }
  };
  class RecordingBlob extends OriginalBlob {
    constructor(parts: ConstructorParameters<typeof Blob>[0] = [], options?: ConstructorParameters<typeof Blob>[1]) {
      super(parts, options);
      if (parts.every((p) => typeof p === 'string')) {
        const text = parts.join('');
        sources.set(this, text);
        if (text.startsWith(MAIN_SCRIPT_HEAD)) write(mainPath, BUNDLE_GLOBALS + text);
      }
    }
  }
  globalThis.Blob = RecordingBlob;
  URL.createObjectURL = (blob: Blob) => {
    const text = sources.get(blob);
    if (text === undefined || !text.includes(WORKER_LOADS_BLOB)) return originalCreateObjectURL(blob);
    const workerPath = join(dir, 'worker.js');
    write(workerPath, text.replace(WORKER_LOADS_BLOB, `importScripts(${JSON.stringify(mainPath)});`));
    return workerPath;
  };
  os.cpus = () => {
    const cpus = originalCpus();
    return Array.from({ length: 2 * threads }, (_, i) => cpus[i % cpus.length]);
  };
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  setThreadsCount(threads);
  const seconds = wasmInitTimeoutSeconds();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new MlError(
            'BACKEND_UNAVAILABLE',
            `the wasm backend's threaded build (${threads} threads) did not initialise within ${seconds} s ` +
              '(LORALAB_BACKEND_INIT_TIMEOUT); LORALAB_WASM_THREADS=1 loads the single-threaded build',
          ),
        ),
      seconds * 1000,
    );
  });
  try {
    const ok = await Promise.race([init(), timeout, hookFailure.catch((e) => {
      throw new MlError('BACKEND_UNAVAILABLE', `the wasm backend's threaded build could not be prepared: ${(e as Error).message}`, { cause: e });
    })]);
    const module = ok ? (tf.findBackend('wasm') as unknown as { wasm: WasmThreadedModule }).wasm : undefined;
    // The pool's threads wait for work forever; unreferenced, they do not keep Node running.
    for (const w of module?.PThread?.runningWorkers ?? []) w.unref();
    // Emscripten pre-starts 8 workers; XNNPACK's pool has taken the ones it needs and tfjs
    // starts no other thread. Each idle one is a Node isolate with its own wasm instance.
    for (const w of module?.PThread?.unusedWorkers.splice(0) ?? []) void w.terminate();
    return { ok, threads: module?.tfjs?.getThreadsCount() ?? 1 };
  } finally {
    clearTimeout(timer);
    globalThis.Blob = OriginalBlob;
    URL.createObjectURL = originalCreateObjectURL;
    os.cpus = originalCpus;
    // Emscripten starts a pool of 8 workers in init; one more (beyond 8 threads) would read
    // the scripts later, so they stay until the process exits.
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
}
