import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { ApiError, withRetry } from '@loralab/client';
import type { LoralabApi } from '../client/operations';

export interface MetricPoint {
  key: string;
  step: number;
  value: number;
}

export interface MetricBufferOptions {
  /** Send as soon as this many points wait (default 200). */
  batchSize?: number;
  /** Send what waits at least this often (default 1000 ms). */
  intervalMs?: number;
  /** Backoff bounds while the API is unreachable. */
  retryBaseMs?: number;
  retryMaxMs?: number;
}

const MAX_POINTS_PER_REQUEST = 5_000;

/** Series whose points after a step are logged anew (`MetricBuffer.rewind`). */
export interface Supersede {
  afterStep: number;
  keys: string[];
  /** Applied once by the API, whichever copy of the batch carrying it arrives first (a later one, re-sent or delayed, deletes nothing). */
  id: string;
}

const supersedes = (r: Supersede, p: MetricPoint) => p.step > r.afterStep && r.keys.includes(p.key);

/**
 * Buffers a run's metric points and sends them in batches. Until the API stores a batch or refuses
 * it definitely (isDefiniteRefusal: bad input, lease lost), the batch is retried with backoff —
 * through an unreachable API, INTERNAL_SERVER_ERROR and a database outage alike: points are never
 * dropped, and re-sending is harmless because the API is idempotent on (run, key, step). Training
 * that goes back to an earlier step (an out-of-memory retry) rewinds the buffer: the points it
 * will log again are replaced, not kept from before.
 */
export class MetricBuffer {
  private queue: MetricPoint[] = [];
  /** The batch being sent (out of the queue meanwhile, so that a rewind can filter the queue). */
  private inFlight: MetricPoint[] = [];
  /** Rewinds not yet sent: the next batch carries them, in order. */
  private rewinds: Supersede[] = [];
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> | undefined;
  private closed = false;
  /** The API refused writes for good (lease lost, bad input): points are kept only in memory. */
  rejected: ApiError | undefined;
  sent = 0;

  constructor(
    private readonly api: LoralabApi,
    private readonly runId: string,
    private readonly agentId: string,
    private readonly logger: Logger,
    private readonly options: MetricBufferOptions = {},
  ) {
    this.timer = setInterval(() => void this.flush(), options.intervalMs ?? 1000);
    this.timer.unref();
  }

  get pending(): number {
    return this.inFlight.length + this.queue.length;
  }

  push(...points: MetricPoint[]): void {
    for (const p of points) if (Number.isFinite(p.value)) this.queue.push(p);
    if (this.queue.length >= (this.options.batchSize ?? 200)) void this.flush();
  }

  /** Starts sending what waits (one sender at a time); resolves when the queue is empty. */
  flush(): Promise<void> {
    if (!this.sending) {
      this.sending = this.sendAll().finally(() => (this.sending = undefined));
    }
    return this.sending;
  }

  /**
   * Training went back to `afterStep` and will log the steps after it again: the points of `keys`
   * after it still waiting are dropped, and the next batch asks the API to delete those it stored
   * (a batch in flight meanwhile is stored first, then superseded with the rest).
   */
  rewind(afterStep: number, keys: readonly string[]): void {
    const rewind = { afterStep, keys: [...keys], id: randomUUID() };
    this.queue = this.queue.filter((p) => !supersedes(rewind, p));
    this.rewinds.push(rewind);
  }

  private async sendAll(): Promise<void> {
    while ((this.queue.length || this.rewinds.length) && !this.rejected) {
      const batch = this.queue.splice(0, MAX_POINTS_PER_REQUEST);
      // The batch carries the rewinds made before it was taken; one made while it is in flight waits for the next.
      const rewinds = this.rewinds.splice(0);
      this.inFlight = batch;
      try {
        await withRetry(() => this.api.logMetrics(this.runId, this.agentId, batch, rewinds.length ? rewinds : undefined), {
          minDelayMs: this.options.retryBaseMs,
          maxDelayMs: this.options.retryMaxMs,
          onRetry: (err) => this.logger.warn({ err: err.message, pending: this.pending }, 'API unreachable, metrics kept for retry'),
        });
        this.sent += batch.length;
      } catch (err) {
        // Kept for the count of what was refused, without what a rewind since has dropped.
        this.queue.unshift(...batch.filter((p) => !this.rewinds.some((r) => supersedes(r, p))));
        this.rewinds.unshift(...rewinds);
        this.rejected = err instanceof ApiError ? err : new ApiError((err as Error).message, 'CLIENT_ERROR', { cause: err });
        this.logger.warn({ err: this.rejected.message, code: this.rejected.code, pending: this.pending }, 'metrics refused by the API');
        return;
      } finally {
        this.inFlight = [];
      }
    }
  }

  /**
   * A run whose metrics were not all stored must not end SUCCEEDED: throws the lease loss as it
   * is (the run is someone else's now), any other refusal as an error that fails the attempt.
   */
  throwIfRefused(): void {
    const r = this.rejected;
    if (!r) return;
    if (r.leaseLost) throw r;
    throw new Error(`${this.pending} metric points were refused by the API (${r.code}: ${r.message}); the run cannot succeed without them`);
  }

  /** Sends everything left (retrying until it is stored or refused) and stops the timer. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    while ((this.queue.length || this.rewinds.length) && !this.rejected) await this.flush();
  }
}
