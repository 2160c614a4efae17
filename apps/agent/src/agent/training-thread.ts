import { extname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  DatasetInvalidError,
  MlError,
  isOutOfMemory,
  type BackendChoice,
  type BackendName,
  type MatmulImplementation,
  type MlErrorCode,
  type OomRetry,
  type StepMetrics,
  type TrainCheckpoint,
  type TrainProgress,
  type TrainResult,
} from '@loralab/ml';
import type { RunConfig } from '@loralab/core';

/**
 * Training runs on a worker thread (`training-worker.ts`): a step, loading the model and the final
 * evaluation block the thread that runs them for seconds, and the agent's main thread must keep
 * renewing the lease, flushing metrics and answering signals meanwhile. This is the main thread's
 * side: one long-lived worker (its tfjs backend initialised once), one run at a time.
 */

/** What a finished (or stopped) training sends back: the result without the model, and the adapter's files. */
export interface TrainingOutcome {
  result: Omit<TrainResult, 'model'>;
  /** The PEFT adapter and probe logits (see `adapterFiles`); absent when training was stopped. */
  adapter?: { name: string; data: Uint8Array }[];
}

export interface TrainingRequest {
  config: RunConfig;
  checkpoint?: TrainCheckpoint;
  checkpointEvery?: number;
}

export interface TrainingHandlers {
  onStep(m: StepMetrics): void;
  /** The run's phase (load, train, eval, done) and, while the base loads, how far it is: on each change of phase or loading stage, at each stage's end, else at most once a second. */
  onProgress?(p: TrainProgress): void;
  onOomRetry(r: OomRetry): void;
  /** A checkpoint, encoded (`encodeCheckpoint`); training waits until the returned promise settles. */
  onCheckpoint(step: number, data: Buffer): Promise<void>;
}

/**
 * An error as it crosses threads: enough to rebuild what the agent classifies and reports (MlError
 * codes, out of memory, where a malformed dataset record is). A structured clone keeps an Error's
 * message and stack but not its class or own properties, so these travel as data.
 */
export interface ThreadError {
  message: string;
  code?: MlErrorCode;
  outOfMemory: boolean;
  stack?: string;
  /** DATASET_INVALID: the record's file, line or row, field, and what is wrong with it. */
  dataset?: { file: string; line?: number; row?: number; field?: string; reason: string };
}

/** The worker's side: an error as data (see ThreadError). */
export function threadError(err: unknown): ThreadError {
  const e = err instanceof Error ? err : new Error(String(err));
  const dataset = e instanceof DatasetInvalidError ? { file: e.file, line: e.line, row: e.row, field: e.field, reason: e.reason } : undefined;
  return { message: e.message, code: e instanceof MlError ? e.code : undefined, outOfMemory: isOutOfMemory(err), stack: e.stack, ...(dataset ? { dataset } : {}) };
}

export type ToWorker = { type: 'train'; request: TrainingRequest } | { type: 'checkpoint-stored'; step: number } | { type: 'close' };

export type FromWorker =
  | { type: 'ready'; backend: BackendName; wasmThreads: number; matmul: MatmulImplementation | null }
  | { type: 'step'; metrics: StepMetrics }
  /** Sign of life from the long phases between steps (loading, each evaluation batch); at most about once a second. */
  | { type: 'progress'; progress: TrainProgress }
  | { type: 'oom-retry'; retry: OomRetry }
  | { type: 'checkpoint'; step: number; data: Uint8Array }
  | { type: 'done'; outcome: TrainingOutcome }
  | { type: 'failed'; error: ThreadError };

/** The backend the worker initialised, and the threads of the wasm backend's pool (1 on other backends). */
export interface TrainingBackend {
  backend: BackendName;
  wasmThreads: number;
  /** The wasm backend's matmul (`LORALAB_MATMUL`: OpenBLAS or XNNPACK); null on other backends. */
  matmul: MatmulImplementation | null;
}

export interface WorkerInit {
  backend: BackendChoice;
  /** Int32Array[1] shared with the worker: non-zero asks the run in progress to stop after its step. */
  stop: SharedArrayBuffer;
}

/**
 * The worker reported nothing (no step, progress, checkpoint or out-of-memory retry) for the
 * stall timeout: a step or phase that never ends (a deadlock, an endless kernel, a read that
 * never returns). Not an MlError: the same run may well train on another attempt.
 */
export class TrainingStalledError extends Error {
  readonly code = 'TRAINING_STALLED';

  constructor(
    readonly timeoutSeconds: number,
    /** The last thing the worker reported, as words: "after step 12", "while loading the base model (layer 3 of 16)". */
    readonly lastReport: string,
  ) {
    super(`training stalled: no progress for ${timeoutSeconds} s ${lastReport} (--stall-timeout / LORALAB_STALL_TIMEOUT)`);
    this.name = 'TrainingStalledError';
  }
}

/** What the worker last reported, in the words of a stall message. */
function describeReport(m: FromWorker | undefined): string {
  if (!m) return 'before the training thread reported anything';
  switch (m.type) {
    case 'step':
      return `after step ${m.metrics.step}`;
    case 'oom-retry':
      return `after an out-of-memory retry from step ${m.retry.fromStep}`;
    case 'checkpoint':
      return `after the checkpoint of step ${m.step}`;
    case 'progress': {
      const p = m.progress;
      if (p.phase === 'load' && p.load?.stage === 'layers' && p.load.done === p.load.total) return 'after the base model loaded (loading the dataset, attaching the adapters)';
      if (p.phase === 'load' && p.load?.stage === 'layers') return `while loading the base model (${p.load.done} of ${p.load.total} layers built)`;
      if (p.phase === 'load' && p.load) return `while loading the base model (${p.load.done} of ${p.load.total} weights files read)`;
      if (p.phase === 'load') return 'while loading the base model and the dataset';
      if (p.phase === 'eval') return `while evaluating at step ${p.step}`;
      return p.step === 0 ? 'before the first step finished' : `after step ${p.step}`;
    }
    default:
      return `after '${m.type}'`;
  }
}

export interface TrainingThreadOptions {
  /**
   * Fail a run whose worker reports nothing for this long, terminate that worker, and start a
   * fresh one for the next run (0 or absent: never). Time the main thread spends storing a
   * checkpoint (the worker waits for it) does not count.
   */
  stallTimeoutMs?: number;
}

/** Rebuilds a worker's error so that the agent classifies it as it would have on its own thread. */
export function errorFromThread(e: ThreadError): Error {
  const d = e.dataset;
  const err = d
    ? new DatasetInvalidError({ file: d.file, line: d.line, row: d.row }, d.field, d.reason)
    : e.code
      ? new MlError(e.code, e.message)
      : e.outOfMemory
        ? new MlError('OUT_OF_MEMORY', e.message)
        : new Error(e.message);
  if (e.stack) err.stack = e.stack;
  return err;
}

/** The worker's entry: through the repository's SWC hook when this module itself runs as TypeScript. */
function startWorker(workerData: WorkerInit): Worker {
  const ext = extname(__filename);
  const entry = join(__dirname, `training-worker${ext}`);
  if (ext !== '.ts') return new Worker(entry, { workerData });
  const register = resolve(__dirname, '../../../../tools/scripts/register.cjs');
  // The hook's native binding, loaded only by a worker, is unloaded when that worker exits, and
  // loading it again in the next worker crashes the process; loaded here, it stays loaded (the CLI
  // has it already, a test runner may not).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('@swc/core');
  return new Worker(`require(${JSON.stringify(register)}); require(${JSON.stringify(entry)});`, { eval: true, workerData });
}

export class TrainingThread {
  private worker: Worker | undefined;
  private ready: Promise<TrainingBackend> | undefined;
  private readonly stopFlag = new Int32Array(new SharedArrayBuffer(4));
  /** Settles the training in progress (or the start) when the worker dies. */
  private onDeath: ((err: Error) => void) | undefined;

  constructor(
    private readonly backend: BackendChoice,
    private readonly options: TrainingThreadOptions = {},
  ) {}

  /** Starts the worker (once; again after it died) and initialises its backend. */
  start(): Promise<TrainingBackend> {
    if (this.ready) return this.ready;
    const worker = startWorker({ backend: this.backend, stop: this.stopFlag.buffer as SharedArrayBuffer });
    this.worker = worker;
    const ready = new Promise<TrainingBackend>((res, rej) => {
      this.onDeath = rej;
      worker.once('message', (m: FromWorker) => {
        if (m.type === 'ready') res({ backend: m.backend, wasmThreads: m.wasmThreads, matmul: m.matmul });
        else if (m.type === 'failed') rej(errorFromThread(m.error));
      });
    });
    const died = (err: Error) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.ready = undefined;
      this.onDeath?.(err);
    };
    worker.on('error', (err) => died(new Error(`the training thread failed: ${err.message}`, { cause: err })));
    worker.on('exit', (code) => died(new Error(`the training thread exited (code ${code})`)));
    this.ready = ready;
    ready.catch(() => {
      if (this.worker === worker) void worker.terminate();
    });
    return ready;
  }

  /** Asks the run in progress, or the next one, to stop after its current step (read by the worker between steps). */
  requestStop(): void {
    Atomics.store(this.stopFlag, 0, 1);
  }

  /** Withdraws a stop request: call before a run's stop conditions can arise (it does not outlive its run). */
  clearStop(): void {
    Atomics.store(this.stopFlag, 0, 0);
  }

  /** Trains one run on the worker; its callbacks run here, on the main thread. */
  async train(request: TrainingRequest, handlers: TrainingHandlers): Promise<TrainingOutcome> {
    await this.start();
    const worker = this.worker;
    if (!worker) throw new Error('the training thread exited before training started');
    return new Promise<TrainingOutcome>((res, rej) => {
      let settled = false;
      let last: FromWorker | undefined;
      let stallTimer: NodeJS.Timeout | undefined;
      const timeoutMs = this.options.stallTimeoutMs ?? 0;
      /** (Re)starts the stall watchdog; `false` pauses it (the worker waits on the main thread). */
      const watch = (on = true) => {
        clearTimeout(stallTimer);
        stallTimer = on && timeoutMs > 0 && !settled ? setTimeout(stalled, timeoutMs) : undefined;
      };
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(stallTimer);
        worker.off('message', onMessage);
        this.onDeath = undefined;
        fn();
      };
      const stalled = () =>
        settle(() => {
          // This worker is given up: the next run starts a fresh one. A thread blocked inside a
          // system call ends only when that call returns (see docs/agent.md, Known limits).
          if (this.worker === worker) {
            this.worker = undefined;
            this.ready = undefined;
          }
          void worker.terminate().catch(() => undefined);
          rej(new TrainingStalledError(Math.round(timeoutMs / 100) / 10, describeReport(last)));
        });
      const onMessage = (m: FromWorker) => {
        last = m;
        watch();
        switch (m.type) {
          case 'step':
            return handlers.onStep(m.metrics);
          case 'progress':
            return handlers.onProgress?.(m.progress);
          case 'oom-retry':
            return handlers.onOomRetry(m.retry);
          case 'checkpoint':
            // The worker waits for this upload, which waits out an API outage: not a stall.
            watch(false);
            // Acknowledged whether or not the upload succeeded: as before, a failed upload is logged and training goes on.
            void handlers
              .onCheckpoint(m.step, Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength))
              .catch(() => undefined)
              .then(() => {
                if (this.worker !== worker || settled) return;
                worker.postMessage({ type: 'checkpoint-stored', step: m.step } satisfies ToWorker);
                watch();
              });
            return;
          case 'done':
            return settle(() => res(m.outcome));
          case 'failed':
            return settle(() => rej(errorFromThread(m.error)));
        }
      };
      worker.on('message', onMessage);
      this.onDeath = (err) => settle(() => rej(err));
      worker.postMessage({ type: 'train', request } satisfies ToWorker);
      watch();
    });
  }

  /** Lets the worker exit by itself (its exit handlers remove its temporary files); terminates it after `graceMs`. */
  async close(graceMs = 5000): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    this.ready = undefined;
    const exited = new Promise<void>((r) => worker.once('exit', () => r()));
    worker.postMessage({ type: 'close' } satisfies ToWorker);
    const timer = setTimeout(() => void worker.terminate(), graceMs);
    await exited;
    clearTimeout(timer);
  }
}
