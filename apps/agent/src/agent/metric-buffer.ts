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

/**
 * Buffers a run's metric points and sends them in batches. Until the API stores a batch or refuses
 * it definitely (isDefiniteRefusal: bad input, lease lost), the batch stays at the head of the
 * queue and is retried with backoff — through an unreachable API, INTERNAL_SERVER_ERROR and a
 * database outage alike: points are never dropped, and re-sending is harmless because the API is
 * idempotent on (run, key, step).
 */
export class MetricBuffer {
  private queue: MetricPoint[] = [];
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
    return this.queue.length;
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

  private async sendAll(): Promise<void> {
    while (this.queue.length && !this.rejected) {
      const batch = this.queue.slice(0, MAX_POINTS_PER_REQUEST);
      try {
        await withRetry(() => this.api.logMetrics(this.runId, this.agentId, batch), {
          minDelayMs: this.options.retryBaseMs,
          maxDelayMs: this.options.retryMaxMs,
          onRetry: (err) => this.logger.warn({ err: err.message, pending: this.queue.length }, 'API unreachable, metrics kept for retry'),
        });
        this.queue.splice(0, batch.length);
        this.sent += batch.length;
      } catch (err) {
        this.rejected = err instanceof ApiError ? err : new ApiError((err as Error).message, 'CLIENT_ERROR', { cause: err });
        this.logger.warn({ err: this.rejected.message, code: this.rejected.code, pending: this.queue.length }, 'metrics refused by the API');
        return;
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
    while (this.queue.length && !this.rejected) await this.flush();
  }
}
