import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import workerThreads from 'node:worker_threads';
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

/** What `withWasmThreads` is handed: a BackendWasm (its Emscripten module) that it can discard. */
export interface WasmBackendLike {
  wasm: WasmThreadedModule | null;
  dispose(): void;
}

/** Threaded attempts before the single-threaded build is loaded instead. */
const THREADED_ATTEMPTS = 2;

/** Threads wanted for the wasm backend: `LORALAB_WASM_THREADS`, else one per core. */
export function wasmThreadsWanted(): number {
  const env = Number(process.env.LORALAB_WASM_THREADS);
  if (Number.isInteger(env) && env >= 1) return env;
  return os.availableParallelism?.() ?? os.cpus().length;
}

/** Seconds one attempt to initialise the wasm backend may take: `LORALAB_BACKEND_INIT_TIMEOUT`, else 60 (it takes about 1 s). */
export function wasmInitTimeoutSeconds(): number {
  const env = Number(process.env.LORALAB_BACKEND_INIT_TIMEOUT);
  return Number.isFinite(env) && env > 0 ? env : 60;
}

type Attempt<B> = { backend: B } | { failure: string };

/**
 * Runs `create` (which makes a wasm backend, not yet registered with the engine) within
 * `seconds`. One that has not settled by then is abandoned, and discarded if it ever finishes;
 * `hookFailure` rejects when the threaded build's hooks could not write a script, and
 * `onTimeout` says more of a timed-out attempt.
 */
async function attempt<B extends WasmBackendLike>(
  create: () => Promise<B>,
  seconds: number,
  hookFailure?: Promise<never>,
  onTimeout: () => string = () => '',
): Promise<Attempt<B>> {
  let timer: NodeJS.Timeout | undefined;
  let pending: Promise<B> | undefined;
  try {
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), seconds * 1000)));
    pending = create();
    const r = await Promise.race([pending.then((backend) => ({ backend })), timedOut, ...(hookFailure ? [hookFailure] : [])]);
    if (r !== 'timeout') return r;
    pending.then(discard, () => {});
    return { failure: `did not initialise within ${seconds} s${onTimeout()}` };
  } catch (e) {
    pending?.catch(() => {});
    return { failure: `failed: ${(e as { message?: string })?.message ?? String(e)}` };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Disposes a backend whose attempt was abandoned but finished after all. Emscripten's dispose
 * (tfjs-backend-wasm 4.22, both builds) removes every `uncaughtException` and
 * `unhandledRejection` listener that was present when its factory ran, not only its own (its
 * filter keeps them all): those still wanted are put back.
 */
function discard(late: WasmBackendLike): void {
  const uncaught = process.listeners('uncaughtException');
  const unhandled = process.listeners('unhandledRejection');
  late.dispose();
  for (const l of uncaught) if (!process.listeners('uncaughtException').includes(l)) process.on('uncaughtException', l);
  for (const l of unhandled) if (!process.listeners('unhandledRejection').includes(l)) process.on('unhandledRejection', l);
}

/**
 * Creates the wasm backend with `create` (tfjs-backend-wasm's registered factory) using its
 * threaded-SIMD build and `threads` threads in Node, where tfjs 4.22 only loads the
 * single-threaded one. Three things stand in the way, all in tfjs's loader, not in the binary:
 *  1. `WASM_HAS_MULTITHREAD_SUPPORT` answers false whenever `IS_NODE` (tfjs issue 3830): set it.
 *  2. The loader hands Emscripten the pthread worker and the main script as Blob URLs; Node's
 *     `worker_threads` cannot start a worker from a Blob URL, and the worker's `importScripts`
 *     shim reads files only. While an attempt runs, Blob and `URL.createObjectURL` are wrapped
 *     so that those two scripts are written to a temporary directory and passed as paths; the
 *     main script gets the bundle's module-level names it refers to.
 *  3. The C++ side caps the thread pool at half of `emscripten_num_logical_cores()` (it assumes
 *     two hyper-threads per core), which is `os.cpus().length` in Node: on a 2-core machine
 *     that is one thread. `os.cpus` answers `2 × threads` entries while an attempt runs.
 * Emscripten's loader waits for each of the 8 pthread workers it pre-starts to report in; one
 * that never does leaves the backend pending forever (seen on loaded CI hosts, rarely). Each
 * attempt therefore has `wasmInitTimeoutSeconds()`; the workers of one that times out are
 * recorded (to say how many reported in) and terminated, and a fresh attempt starts from
 * tfjs's factory, which the engine never saw. After THREADED_ATTEMPTS the single-threaded build
 * is loaded, with a warning on stderr; when that fails too, BACKEND_UNAVAILABLE lists every
 * attempt. Returns the backend and the threads it got (1 single-threaded).
 */
export async function withWasmThreads<B extends WasmBackendLike>(
  threads: number,
  create: () => Promise<B>,
): Promise<{ backend: B; threads: number }> {
  const seconds = wasmInitTimeoutSeconds();
  const failures: string[] = [];
  const got = (backend: B) => ({ backend, threads: backend.wasm?.tfjs?.getThreadsCount() ?? 1 });
  if (threads > 1 && typeof Blob !== 'undefined') {
    for (let k = 1; k <= THREADED_ATTEMPTS; k++) {
      const r = await threadedAttempt(threads, create, seconds);
      if ('backend' in r) {
        if (failures.length) warn(`the wasm backend's threaded build initialised on attempt ${k} (${failures.join('; ')})`);
        return got(r.backend);
      }
      failures.push(`threaded attempt ${k} (${threads} threads) ${r.failure}`);
    }
  }
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  const r = await attempt(create, seconds);
  if ('backend' in r) {
    if (failures.length) {
      warn(`the wasm backend runs single-threaded: ${failures.join('; ')}. LORALAB_WASM_THREADS=1 skips the threaded build`);
    }
    return got(r.backend);
  }
  failures.push(`single-threaded attempt ${r.failure}`);
  throw new MlError(
    'BACKEND_UNAVAILABLE',
    `the wasm backend did not initialise: ${failures.join('; ')} (LORALAB_BACKEND_INIT_TIMEOUT is the seconds each attempt may take)`,
  );
}

function warn(message: string): void {
  process.stderr.write(`loralab: ${message}\n`);
}

/** One attempt at the threaded build, with the hooks of `withWasmThreads` installed while it runs. */
async function threadedAttempt<B extends WasmBackendLike>(threads: number, create: () => Promise<B>, seconds: number): Promise<Attempt<B>> {
  let dir: string;
  try {
    dir = mkdtempSync(join(os.tmpdir(), 'loralab-wasm-threads-'));
  } catch (e) {
    return { failure: `failed: could not be prepared: ${(e as Error).message}` };
  }
  // Emscripten starts a pool of 8 workers in init; one more (beyond 8 threads) would read the
  // scripts later, so they stay until the process exits.
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const mainPath = join(dir, 'main.js');
  const sources = new WeakMap<object, string>();
  const OriginalBlob = globalThis.Blob;
  const originalCreateObjectURL = URL.createObjectURL;
  const originalCpus = os.cpus;
  const OriginalWorker = workerThreads.Worker;
  // A script the hooks cannot write ends the attempt instead of only throwing into tfjs's loader.
  let hookFailed: (e: unknown) => void = () => {};
  const hookFailure = new Promise<never>((_, reject) => (hookFailed = reject)).catch((e: Error) => {
    throw new Error(`could not be prepared: ${e.message}`);
  });
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
  // Emscripten takes `Worker` from `require("worker_threads")` when its factory runs and starts
  // its pool there and then: record the workers, to tell a pool that never reported in.
  const workers: (InstanceType<typeof OriginalWorker> & { loaded?: boolean })[] = [];
  class RecordingWorker extends OriginalWorker {
    constructor(...args: ConstructorParameters<typeof OriginalWorker>) {
      super(...args);
      workers.push(this);
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
  workerThreads.Worker = RecordingWorker;
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  setThreadsCount(threads);
  try {
    const r = await attempt(
      create,
      seconds,
      hookFailure,
      () => ` (${workers.length} pool workers started, ${workers.filter((w) => w.loaded).length} reported in)`,
    );
    if (!('backend' in r)) {
      // Its workers are stopped: an isolate each, they would stay for the life of the process,
      // and the attempt, which waits for them, can then never finish.
      for (const w of workers) void w.terminate();
      return r;
    }
    const module = r.backend.wasm;
    // The pool's threads wait for work forever; unreferenced, they do not keep Node running.
    for (const w of module?.PThread?.runningWorkers ?? []) w.unref();
    // Emscripten pre-starts 8 workers; XNNPACK's pool has taken the ones it needs and tfjs
    // starts no other thread. Each idle one is a Node isolate with its own wasm instance.
    for (const w of module?.PThread?.unusedWorkers.splice(0) ?? []) void w.terminate();
    return r;
  } finally {
    globalThis.Blob = OriginalBlob;
    URL.createObjectURL = originalCreateObjectURL;
    os.cpus = originalCpus;
    workerThreads.Worker = OriginalWorker;
    const g = globalThis as { Worker?: unknown };
    if (g.Worker === RecordingWorker) g.Worker = OriginalWorker;
  }
}
