/** Claims served by one statement at most. */
const MAX_BATCH = 256;

interface Waiter<T> {
  agentId: string;
  resolve(value: T): void;
  reject(err: unknown): void;
}

/**
 * Coalesces concurrent claims that share their filters (team, sweep, memory cap) into one
 * statement, as a database's group commit does for transactions: while a batch is in flight, the
 * claims that arrive wait and go together in the next one. A lone claim goes out at the end of
 * the event-loop turn it arrived in, so it waits for nothing. Each batch is a transaction of its
 * own; claims of a batch that fails all get its error.
 */
export class ClaimBatcher<T> {
  private waiting: Waiter<T>[] = [];
  private draining = false;

  constructor(
    /** Claims one run for each agent id, in order; null where nothing is left. */
    private readonly claimMany: (agentIds: string[]) => Promise<T[]>,
    /** Called when the batcher has nothing queued or in flight. */
    private readonly onIdle: () => void,
  ) {}

  claim(agentId: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ agentId, resolve, reject });
      if (!this.draining) {
        this.draining = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.waiting.length) {
      const batch = this.waiting.splice(0, MAX_BATCH);
      try {
        const results = await this.claimMany(batch.map((w) => w.agentId));
        batch.forEach((w, i) => w.resolve(results[i]));
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
    this.draining = false;
    this.onIdle();
  }
}
