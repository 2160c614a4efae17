/**
 * Whether PostgreSQL answers, as `/healthz` reports it. A background ping (`SELECT 1`, one at a
 * time) keeps the answer at most `intervalMs` old, so a probe costs the API no database round
 * trip and no pool connection: a load balancer probing every few milliseconds neither queues behind
 * the requests it is meant to watch nor adds to them. An answer older than twice the interval
 * (the ping hung, or the event loop was blocked) is refreshed before it is given.
 */
export class DatabaseHealth {
  private ok = false;
  private checkedAt = 0;
  private inFlight?: Promise<void>;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly ping: () => Promise<unknown>,
    private readonly intervalMs = 1000,
  ) {}

  /** Pings once now, then every `intervalMs` until `stop()`; the timer does not keep the process alive. */
  async start(): Promise<void> {
    await this.check();
    this.timer = setInterval(() => void this.check(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** The last ping's answer, refreshed first when it is stale. */
  async status(now = Date.now()): Promise<{ ok: boolean; ageMs: number }> {
    if (now - this.checkedAt > 2 * this.intervalMs) await this.check();
    return { ok: this.ok, ageMs: Math.max(0, Date.now() - this.checkedAt) };
  }

  /** A ping that has not answered within twice the interval counts as down. */
  private check(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    let timeout: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timeout = setTimeout(() => reject(new Error('ping timed out')), 2 * this.intervalMs);
      timeout.unref();
    });
    const inFlight = Promise.race([this.ping(), expired])
      .then(
        () => {
          this.ok = true;
        },
        () => {
          this.ok = false;
        },
      )
      .finally(() => {
        clearTimeout(timeout);
        this.checkedAt = Date.now();
        this.inFlight = undefined;
      });
    this.inFlight = inFlight;
    return inFlight;
  }
}
