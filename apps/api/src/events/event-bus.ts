import { Client } from 'pg';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';

/** A run (or, with runId null, many runs) of a sweep changed. */
export interface RunsChangedEvent {
  sweepId: string;
  runId: string | null;
}

/** A batch of metric points was stored for a run. */
export interface MetricsLoggedEvent {
  runId: string;
  count: number;
  keys: string[];
  lastStep: number;
}

const CHANNELS = { runs: 'loralab_runs', metrics: 'loralab_metrics' } as const;
type Channel = keyof typeof CHANNELS;

/**
 * Change events carried by PostgreSQL LISTEN/NOTIFY, so several API processes on one database see
 * each other's writes. Notifications are sent inside the writing transaction and are delivered
 * only if it commits.
 */
export class EventBus {
  private client: Client | null = null;
  private stopped = false;
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();

  constructor(
    private readonly url: string,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    const client = new Client({ connectionString: this.url });
    client.on('notification', (n) => {
      const channel = (Object.keys(CHANNELS) as Channel[]).find((c) => CHANNELS[c] === n.channel);
      if (!channel || !n.payload) return;
      const payload = JSON.parse(n.payload);
      const key = channel === 'runs' ? payload.sweepId : payload.runId;
      for (const l of this.listeners.get(`${channel}:${key}`) ?? []) l(payload);
    });
    client.on('error', (err) => {
      this.logger.warn({ err }, 'event listener connection lost; reconnecting');
      void client.end().catch(() => undefined);
      this.client = null;
      this.reconnect();
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNELS.runs}; LISTEN ${CHANNELS.metrics}`);
    this.client = client;
  }

  private reconnect(delay = 500): void {
    if (this.stopped) return;
    setTimeout(() => {
      this.start().catch(() => this.reconnect(Math.min(delay * 2, 10_000)));
    }, delay).unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.client?.end().catch(() => undefined);
    this.client = null;
  }

  runsChanged(m: EntityManager, sweepId: string, runId: string | null): Promise<unknown> {
    const event: RunsChangedEvent = { sweepId, runId };
    return m.query('SELECT pg_notify($1, $2)', [CHANNELS.runs, JSON.stringify(event)]);
  }

  metricsLogged(m: EntityManager, event: MetricsLoggedEvent): Promise<unknown> {
    return m.query('SELECT pg_notify($1, $2)', [CHANNELS.metrics, JSON.stringify(event)]);
  }

  /** Events of one sweep (runs) or one run (metrics), as an async iterator for a subscription. */
  subscribe<T>(channel: Channel, key: string): AsyncIterableIterator<T> {
    const topic = `${channel}:${key}`;
    const queue: T[] = [];
    let wake: ((r: IteratorResult<T>) => void) | null = null;
    let done = false;
    const listener = (payload: unknown) => {
      if (wake) {
        const w = wake;
        wake = null;
        w({ value: payload as T, done: false });
      } else if (queue.length < 10_000) queue.push(payload as T);
    };
    const set = this.listeners.get(topic) ?? new Set();
    set.add(listener);
    this.listeners.set(topic, set);
    const close = () => {
      done = true;
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(topic);
      wake?.({ value: undefined, done: true });
      wake = null;
    };
    return {
      [Symbol.asyncIterator]() {
        return this;
      },
      next() {
        if (queue.length) return Promise.resolve({ value: queue.shift()!, done: false });
        if (done) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => (wake = resolve));
      },
      return() {
        close();
        return Promise.resolve({ value: undefined, done: true });
      },
      throw(err) {
        close();
        return Promise.reject(err);
      },
    };
  }
}
