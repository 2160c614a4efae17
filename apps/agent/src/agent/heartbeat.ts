import type { Logger } from 'pino';
import { ApiError } from '@loralab/client';
import type { LoralabApi } from '../client/operations';

/**
 * Heartbeats on their own timer, independent of the training loop (tfjs steps yield to the
 * event loop between steps). Renews the lease of the current run and reports cancellation and
 * lease loss through callbacks.
 */
export class Heartbeat {
  private timer: NodeJS.Timeout | undefined;
  private inFlight = false;
  private again = false;
  runId: string | null = null;
  lastOkAt = 0;

  constructor(
    private readonly api: LoralabApi,
    private readonly agentId: string,
    private readonly logger: Logger,
    /** `sentAt`: when the heartbeat that brought the cancellation was sent (its answer can be read later, after a training step). */
    private readonly handlers: { onCancel(runId: string, sentAt: number): void; onLeaseLost(runId: string): void },
  ) {}

  start(intervalMs: number): void {
    this.stop();
    this.timer = setInterval(() => void this.beat(), intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * One heartbeat now (the timer's, or one asked for after a rung's eval loss is stored). Asked for
   * while one is in flight, it follows that one: the answer in flight may predate what it asks.
   */
  async beat(): Promise<void> {
    if (this.inFlight) {
      this.again = true;
      return;
    }
    this.inFlight = true;
    const runId = this.runId;
    const sentAt = Date.now();
    try {
      const r = await this.api.heartbeat(this.agentId, runId);
      this.lastOkAt = Date.now();
      if (runId && r.cancelRequested && runId === this.runId) this.handlers.onCancel(runId, sentAt);
    } catch (err) {
      if (err instanceof ApiError && err.leaseLost && runId && runId === this.runId) this.handlers.onLeaseLost(runId);
      else this.logger.warn({ err: (err as Error).message }, 'heartbeat failed');
    } finally {
      this.inFlight = false;
    }
    if (this.again && this.timer) {
      this.again = false;
      await this.beat();
    }
  }
}
