/**
 * The training thread's entry (started by `TrainingThread`): initialises the tfjs backend once,
 * then trains the runs the main thread sends, one at a time, posting step metrics, out-of-memory
 * retries and encoded checkpoints back. It makes no API call: the main thread owns all of them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { initBackend, matmulImplementation, train, wasmThreadCount, type TrainProgress, type TrainResult } from '@loralab/ml';
import { adapterFiles, encodeCheckpoint } from './checkpoint-codec';
import { threadError, type FromWorker, type ToWorker, type TrainingRequest, type WorkerInit } from './training-thread';

const port = parentPort!;
const init = workerData as WorkerInit;
const stop = new Int32Array(init.stop);
const send = (m: FromWorker) => port.postMessage(m);
/** Checkpoint uploads the main thread has not acknowledged yet, by step. */
const stored = new Map<number, () => void>();

/**
 * Sends progress when the phase (or the stage of loading a base) changes, when loading finishes
 * a stage, else at most once a second (steps are reported on their own).
 */
function progressSender(): (p: TrainProgress) => void {
  let kind: string | undefined;
  let sentAt = 0;
  return (p) => {
    const now = Date.now();
    const pKind = `${p.phase}/${p.load?.stage ?? ''}`;
    const finished = p.load !== undefined && p.load.done === p.load.total;
    if (pKind === kind && !finished && now - sentAt < 1000) return;
    kind = pKind;
    sentAt = now;
    send({ type: 'progress', progress: p });
  };
}

async function run(request: TrainingRequest): Promise<void> {
  let result: TrainResult | undefined;
  try {
    result = await train({
      config: request.config,
      backend: init.backend,
      checkpoint: request.checkpoint,
      keepModel: true,
      shouldStop: () => Atomics.load(stop, 0) !== 0,
      checkpointEvery: request.checkpointEvery,
      onCheckpoint: (ck) =>
        new Promise<void>((resolve) => {
          stored.set(ck.step, resolve);
          send({ type: 'checkpoint', step: ck.step, data: encodeCheckpoint(ck) });
        }),
      onOomRetry: (retry) => send({ type: 'oom-retry', retry }),
      onStep: (metrics) => send({ type: 'step', metrics }),
      onProgress: progressSender(),
    });
    const { model, ...rest } = result;
    send({ type: 'done', outcome: { result: rest, adapter: result.stopped || !model ? undefined : adapterFiles(model) } });
  } catch (err) {
    send({ type: 'failed', error: threadError(err) });
  } finally {
    result?.model?.dispose();
  }
}

port.on('message', (m: ToWorker) => {
  if (m.type === 'train') void run(m.request);
  else if (m.type === 'checkpoint-stored') {
    stored.get(m.step)?.();
    stored.delete(m.step);
  } else if (m.type === 'close') process.exit(0);
});

initBackend(init.backend).then(
  (backend) =>
    send({ type: 'ready', backend, wasmThreads: backend === 'wasm' ? wasmThreadCount() : 1, matmul: backend === 'wasm' ? matmulImplementation() : null }),
  (err) => send({ type: 'failed', error: threadError(err) }),
);
