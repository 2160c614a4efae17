import { hostname, totalmem } from 'node:os';
import { PEAK_METRIC, RUNG_METRIC } from '@loralab/core';
import { configHash, type BackendChoice, type StepMetrics, type TrainCheckpoint } from '@loralab/ml';
import type { Logger } from 'pino';
import { ApiError, LoralabClient, sleep, withRetry } from '@loralab/client';
import { ArtifactClient } from '../client/artifacts';
import { LoralabApi, type RunDto, type RunSummaryDto } from '../client/operations';
import { allowedRootsFromEnv, checkAllowedPath, type AllowedRoots } from './allowed-roots';
import { decodeCheckpoint } from './checkpoint-codec';
import { Heartbeat } from './heartbeat';
import { watchEventLoop } from './loop-delay';
import { MetricBuffer, type MetricPoint } from './metric-buffer';
import { RunProgress } from './progress';
import { runFailure } from './run-failure';
import { TrainingStalledError, TrainingThread, type TrainingOutcome } from './training-thread';

export interface AgentOptions {
  apiUrl: string;
  apiKey: string;
  name?: string;
  backend?: BackendChoice;
  /** Stop after this many runs. */
  maxRuns?: number;
  /** Exit when the queue is empty instead of polling. */
  once?: boolean;
  /** Only runs of this sweep. */
  sweepId?: string;
  /** Device memory to report and to claim against (default: what the backend can address). */
  deviceMemoryBytes?: number;
  /** Upload a checkpoint every N steps (0: never; default 25). */
  checkpointEvery?: number;
  /** Poll interval while the queue is empty (default 2000 ms). */
  pollMs?: number;
  /** Heartbeat interval (default: a third of the lease). */
  heartbeatMs?: number;
  metricBatchSize?: number;
  metricIntervalMs?: number;
  logger: Logger;
  /** Progress bar on a terminal (default: when stderr is a TTY). */
  tty?: boolean;
  /**
   * Fail a run (retryable) whose training thread reports nothing for this long, and go on with a
   * fresh thread (default 900 000 ms; 0: never).
   */
  stallTimeoutMs?: number;
  /** Where datasets and base models may be read (default: LORALAB_DATA_ROOTS / LORALAB_MODEL_ROOTS). */
  allowedRoots?: AllowedRoots;
}

export interface AgentStats {
  agentId: string;
  succeeded: number;
  failed: number;
  released: number;
  cancelled: number;
  lost: number;
}

type Ending = 'cancel' | 'lease-lost' | 'shutdown' | null;

/**
 * The series a training step logs (`onStep`). An out-of-memory retry that resumes from an earlier
 * checkpoint logs these again for the steps after it, at the smaller micro-batch (another peak
 * memory, slightly other losses), so they replace what was logged before; the retry's own markers
 * (`train/oom_retry`, `train/micro_batch_size`) are kept.
 */
export const STEP_SERIES = ['train/loss', 'train/learning_rate', 'train/grad_norm', 'train/tokens_per_second', 'memory/tensor_bytes', PEAK_METRIC, RUNG_METRIC];

/**
 * After an out-of-memory retry that resumes from `fromStep`: the steps after it are trained and
 * logged again, so the earlier points of the step series there are replaced. The peak is that of
 * the micro-batch training goes on with, as the result's is (the trainer measures anew from
 * fromStep): the larger micro-batch's peaks before fromStep go too, so early termination compares
 * the run at a rung on the new one.
 */
export function rewindForOomRetry(metrics: MetricBuffer, fromStep: number): void {
  metrics.rewind(fromStep, STEP_SERIES);
  metrics.rewind(0, [PEAK_METRIC]);
}

/** The markers of an out-of-memory retry: the step that failed (the micro-batch it had) and the micro-batch training resumed with. */
export const OOM_RETRY_SERIES = ['train/oom_retry', 'train/micro_batch_size'];
/** What a run logs once, at its last step, with the final evaluation's eval loss (RUNG_METRIC): its accuracy. */
export const FINAL_SERIES = ['eval/accuracy'];

/**
 * At the start of an attempt of a run of `steps` steps that trains from `startStep` (a resumed
 * checkpoint's step; 0 without one): what an earlier attempt logged after it goes, since this
 * attempt logs those steps itself. Left alone, the earlier attempt's points would stay (the API
 * keeps the first point of a step) between the checkpoint and where it died: on another backend
 * other losses and peaks, and an out-of-memory retry this attempt may not repeat. The points up to
 * the checkpoint stay: the checkpoint carries that training, and its measurements. The final
 * evaluation is done anew even from a checkpoint of the last step, so its eval loss and accuracy
 * at that step go too. Harmless on a first attempt (nothing to replace).
 */
export function rewindForAttempt(metrics: MetricBuffer, startStep: number, steps: number): void {
  metrics.rewind(startStep, [...STEP_SERIES, ...OOM_RETRY_SERIES, ...FINAL_SERIES]);
  if (startStep >= steps) metrics.rewind(steps - 1, [RUNG_METRIC, ...FINAL_SERIES]);
}

/** The points a training step logs: of the series STEP_SERIES names, the peak and eval loss on the steps that have them. */
export function stepPoints(m: StepMetrics): MetricPoint[] {
  const points = [
    { key: 'train/loss', step: m.step, value: m.loss },
    { key: 'train/learning_rate', step: m.step, value: m.learningRate },
    { key: 'train/grad_norm', step: m.step, value: m.gradNorm },
    { key: 'train/tokens_per_second', step: m.step, value: m.tokensPerSecond },
    { key: 'memory/tensor_bytes', step: m.step, value: m.memoryBytes },
  ];
  if (m.peakMemoryBytes !== undefined) points.push({ key: PEAK_METRIC, step: m.step, value: m.peakMemoryBytes });
  if (m.evalLoss !== undefined) points.push({ key: RUNG_METRIC, step: m.step, value: m.evalLoss });
  return points;
}

/** 15 minutes: far longer than any step, evaluation batch or model load this agent runs. */
export const DEFAULT_STALL_TIMEOUT_MS = 15 * 60 * 1000;

/** WebAssembly memory is 32-bit: the wasm backend can address at most 4 GiB whatever the host has. */
function defaultDeviceMemory(backend: string): number {
  const host = totalmem();
  return backend === 'wasm' ? Math.min(host, 4 * 1024 ** 3) : host;
}

/** The training agent: register, then claim → train → report until stopped. */
export class Agent {
  readonly api: LoralabApi;
  private readonly artifacts: ArtifactClient;
  private readonly logger: Logger;
  private readonly training: TrainingThread;
  private agentId = '';
  private heartbeat: Heartbeat | undefined;
  private ending: Ending = null;
  private stopRequested = false;
  private readonly stopController = new AbortController();
  readonly stats: AgentStats = { agentId: '', succeeded: 0, failed: 0, released: 0, cancelled: 0, lost: 0 };

  constructor(private readonly options: AgentOptions) {
    const client = new LoralabClient({ url: options.apiUrl, apiKey: options.apiKey });
    this.api = new LoralabApi(client);
    this.artifacts = new ArtifactClient(client);
    this.logger = options.logger;
    this.training = new TrainingThread(options.backend ?? 'auto', { stallTimeoutMs: options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS });
  }

  /** SIGTERM/SIGINT: finish the current step, checkpoint, hand the run back, then `run()` resolves. */
  requestStop(): void {
    if (this.stopRequested) return;
    this.stopRequested = true;
    this.stopController.abort();
    this.training.requestStop();
    this.logger.info('stopping: finishing the current step, then handing the run back');
  }

  /** Calls the API until it answers: an outage is waited out, only a definite refusal is thrown. */
  private retry<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return withRetry(fn, {
      signal,
      onRetry: (err, attempt) => attempt % 5 === 1 && this.logger.warn({ err: err.message, attempt }, 'API unreachable, retrying'),
    });
  }

  async run(): Promise<AgentStats> {
    try {
      return await this.loop();
    } finally {
      await this.training.close();
    }
  }

  /** Ends the run in progress after its current step: cancelled (the first reason is kept) unless its lease is lost. */
  private end(why: Exclude<Ending, null>): void {
    // Losing the lease overrides a cancellation: the run is someone else's, nothing more is reported for it.
    this.ending = why === 'lease-lost' ? why : (this.ending ?? why);
    this.training.requestStop();
  }

  private async loop(): Promise<AgentStats> {
    const { backend, wasmThreads, matmul } = await this.training.start();
    const deviceMemoryBytes = this.options.deviceMemoryBytes ?? defaultDeviceMemory(backend);
    const name = this.options.name ?? `${hostname()}-${process.pid}`;
    const reg = await this.retry(() => this.api.registerAgent({ name, backend, hostname: hostname(), deviceMemoryBytes }));
    this.agentId = reg.agent.id;
    this.stats.agentId = this.agentId;
    this.logger.info({ agentId: this.agentId, name, backend, wasmThreads, matmul, deviceMemoryBytes, leaseSeconds: reg.leaseSeconds }, 'agent registered');
    this.heartbeat = new Heartbeat(this.api, this.agentId, this.logger, {
      onCancel: (runId, heartbeatSentAt) => {
        if (!this.ending) this.logger.info({ runId, heartbeatSentAt }, 'cancellation requested');
        this.end('cancel');
      },
      onLeaseLost: (runId) => {
        this.logger.warn({ runId }, 'lease lost: abandoning the run');
        this.end('lease-lost');
      },
    });
    this.heartbeat.start(this.options.heartbeatMs ?? Math.max(200, (reg.leaseSeconds * 1000) / 3));
    let done = 0;
    try {
      while (!this.stopRequested && (this.options.maxRuns === undefined || done < this.options.maxRuns)) {
        let claimed: { run: RunDto | null };
        try {
          claimed = await this.retry(
            () => this.api.claimRun({ agentId: this.agentId, sweepId: this.options.sweepId ?? null, maxMemoryBytes: deviceMemoryBytes }),
            this.stopController.signal,
          );
        } catch (err) {
          if (this.stopRequested) break;
          throw err;
        }
        if (!claimed.run) {
          if (this.options.once) break;
          await sleep(this.options.pollMs ?? 2000, this.stopController.signal);
          continue;
        }
        await this.runOne(claimed.run, backend);
        done++;
      }
    } finally {
      this.heartbeat.stop();
    }
    this.logger.info(this.stats, 'agent stopped');
    return this.stats;
  }

  private async latestCheckpoint(run: RunDto): Promise<TrainCheckpoint | undefined> {
    try {
      const { latestCheckpoint } = await this.retry(() => this.api.runArtifacts(run.id));
      if (!latestCheckpoint) return undefined;
      const data = await this.retry(() => this.artifacts.download(latestCheckpoint.id));
      const c = decodeCheckpoint(data);
      if (c.configHash !== configHash(run.config)) {
        // Written for another configuration fingerprint (e.g. by a version before a setting was added).
        this.logger.warn({ runId: run.id, artifact: latestCheckpoint.name }, 'checkpoint is of another configuration, starting from step 0');
        return undefined;
      }
      if (!c.measurements && c.step >= run.config.steps) {
        // Written before checkpoints carried measurements, and no step is left to measure again.
        this.logger.warn({ runId: run.id, step: c.step }, 'the last checkpoint carries no measurements; starting from step 0');
        return undefined;
      }
      this.logger.info({ runId: run.id, step: c.step, artifact: latestCheckpoint.name }, 'resuming from checkpoint');
      return c;
    } catch (err) {
      this.logger.warn({ runId: run.id, err: (err as Error).message }, 'no usable checkpoint, starting from step 0');
      return undefined;
    }
  }

  private async runOne(run: RunDto, backend: string): Promise<void> {
    const log = this.logger.child({ runId: run.id, attempt: run.attempt });
    const loop = watchEventLoop();
    this.ending = null;
    // A stop asked for before (SIGTERM while claiming) holds for this run too; heartbeats may end it from here on.
    if (!this.stopRequested) this.training.clearStop();
    this.heartbeat!.runId = run.id;
    const metrics = new MetricBuffer(this.api, run.id, this.agentId, log, {
      batchSize: this.options.metricBatchSize,
      intervalMs: this.options.metricIntervalMs,
    });
    const c = run.config;
    const label = `run ${run.ordinal} ${c.quantization} r${c.rank}`;
    const progress = new RunProgress(run.id, label, log, this.options.tty);
    log.info({ config: c, predictedMemoryBytes: run.predictedMemoryBytes, backend }, 'run claimed');
    const checkpoint = await this.latestCheckpoint(run);
    const startStep = checkpoint?.step ?? 0;
    rewindForAttempt(metrics, startStep, c.steps);
    const every = this.options.checkpointEvery ?? 25;
    let outcome: TrainingOutcome | undefined;
    try {
      const roots = this.options.allowedRoots ?? allowedRootsFromEnv();
      checkAllowedPath(c.dataset, 'dataset', roots.datasets);
      if (c.datasetSettings?.evalDataset) checkAllowedPath(c.datasetSettings.evalDataset, 'datasetSettings.evalDataset', roots.datasets);
      checkAllowedPath(c.baseModel, 'baseModel', roots.models);
      try {
        outcome = await this.training.train({ config: c, checkpoint, checkpointEvery: every > 0 ? every : undefined }, {
          onCheckpoint: async (step, data) => {
            if (this.ending === 'lease-lost' || step === 0) return;
            // The metrics up to the checkpoint's step are stored first: the next attempt resumes
            // after the checkpoint, so one uploaded ahead of them (a kill -9 between the two) would
            // leave their steps missing for good. Refused metrics: no checkpoint to resume past them.
            await metrics.flush();
            if (metrics.rejected) return;
            await this.uploadCheckpoint(run.id, step, data, log);
          },
          onOomRetry: (r) => {
            log.warn(r, `out of memory at step ${r.failedStep}: resuming from step ${r.fromStep} at micro-batch ${r.batchSize} x ${r.gradientAccumulation} accumulation`);
            rewindForOomRetry(metrics, r.fromStep);
            metrics.push(
              { key: 'train/oom_retry', step: r.failedStep, value: r.previousBatchSize },
              { key: 'train/micro_batch_size', step: r.fromStep, value: r.batchSize },
            );
          },
          onProgress: (p) => {
            if (p.load) progress.load(p.load);
          },
          onStep: (m) => {
            metrics.push(...stepPoints(m));
            // Early termination judges a rung on its eval loss: send it now, not a flush interval later,
            // and ask at once whether to stop (a heartbeat), so that a run pruned at a rung stops after
            // its next step, not up to a heartbeat interval later (or never, if it finishes first).
            if (m.evalLoss !== undefined) void metrics.flush().then(() => this.heartbeat?.beat());
            progress.step(m, startStep);
          },
        });
      } finally {
        progress.end();
      }
      const { result } = outcome;
      if (result.stopped) {
        await metrics.close();
        await this.endStopped(run, log);
        return;
      }
      for (const f of outcome.adapter ?? []) {
        const data = Buffer.from(f.data.buffer, f.data.byteOffset, f.data.byteLength);
        await this.retry(() => this.artifacts.upload({ runId: run.id, agentId: this.agentId, kind: 'adapter', name: f.name, data }));
      }
      metrics.push(
        { key: 'eval/accuracy', step: result.stepsCompleted, value: result.accuracy },
        { key: 'eval/loss', step: result.stepsCompleted, value: result.evalLoss },
      );
      await metrics.close();
      metrics.throwIfRefused();
      // Measured by this attempt and the earlier ones whose checkpoint it resumed from.
      const { peakMemoryBytes, memory, tokensPerSecond } = result;
      if (peakMemoryBytes === null || memory === null || tokensPerSecond === null) {
        throw new Error('no attempt of this run measured its peak memory and throughput');
      }
      const summary: RunSummaryDto = {
        accuracy: result.accuracy,
        accuracyMetric: result.accuracyMetric,
        evalLoss: result.evalLoss,
        perplexity: Number.isFinite(result.perplexity) ? result.perplexity : null,
        peakMemoryBytes,
        memory: {
          baseWeights: memory.baseWeights,
          adapters: memory.adapters,
          gradients: memory.gradients,
          optimizerState: memory.optimizerState,
          activations: memory.activations,
        },
        predictedMemoryBytes: result.predictedMemory.total,
        trainableParams: result.trainableParams,
        totalParams: result.totalParams,
        tokensPerSecond,
        durationSeconds: result.durationSeconds,
        evalBatchSize: result.evalBatchSize,
        evalPeakMemoryBytes: result.evalPeakMemoryBytes,
      };
      await this.retry(() => this.api.completeRun(run.id, this.agentId, summary));
      this.stats.succeeded++;
      log.info({ accuracy: summary.accuracy, peakMemoryBytes: summary.peakMemoryBytes, tokensPerSecond: Math.round(summary.tokensPerSecond) }, 'run succeeded');
    } catch (err) {
      await metrics.close().catch(() => undefined);
      if (err instanceof ApiError && err.leaseLost) {
        this.stats.lost++;
        log.warn('lease lost while reporting; the run belongs to someone else now');
        return;
      }
      if (err instanceof TrainingStalledError) {
        log.warn({ stallTimeoutSeconds: err.timeoutSeconds, lastReport: err.lastReport }, 'training thread stalled: terminated; the next run gets a fresh one');
        // A cancellation, a lost lease or a shutdown asked for while it hung ends the run as asked.
        if (this.ending) {
          await this.endStopped(run, log);
          return;
        }
      }
      const { reason, detail, retryable } = runFailure(err);
      log.error({ reason, retryable, ...detail }, 'run failed');
      try {
        await this.retry(() => this.api.failRun(run.id, this.agentId, reason, retryable, detail));
        this.stats.failed++;
      } catch (e) {
        log.warn({ err: (e as Error).message }, 'could not report the failure');
      }
    } finally {
      this.heartbeat!.runId = null;
      log.info({ eventLoopDelayMs: loop.stop() }, 'run ended');
    }
  }

  private async uploadCheckpoint(runId: string, step: number, data: Buffer, log: Logger): Promise<void> {
    const name = `step-${String(step).padStart(8, '0')}.llck`;
    try {
      await this.retry(() => this.artifacts.upload({ runId, agentId: this.agentId, kind: 'checkpoint', name, data }));
      log.debug({ step }, 'checkpoint uploaded');
    } catch (err) {
      if (err instanceof ApiError && err.leaseLost) this.end('lease-lost');
      else log.warn({ err: (err as Error).message, step }, 'checkpoint upload failed');
    }
  }

  /** The training loop stopped early: cancelled, lease lost, or shutting down. */
  private async endStopped(run: RunDto, log: Logger): Promise<void> {
    try {
      if (this.ending === 'lease-lost') {
        this.stats.lost++;
      } else if (this.ending === 'cancel') {
        await this.retry(() => this.api.failRun(run.id, this.agentId, 'cancelled by request', false));
        this.stats.cancelled++;
        log.info('run cancelled');
      } else {
        await this.retry(() => this.api.releaseRun(run.id, this.agentId));
        this.stats.released++;
        log.info('run handed back to the queue');
      }
    } catch (err) {
      if (err instanceof ApiError && err.leaseLost) this.stats.lost++;
      else throw err;
    }
  }
}
