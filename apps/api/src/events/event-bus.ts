import { Client } from 'pg';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';

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

const CHANNELS = { runs: 'loralab_runs', metrics: 'loralab_metrics', keys: 'loralab_keys' } as const;
type Channel = keyof typeof CHANNELS;

/** How long published events wait to be sent together. */
const FLUSH_MS = 20;

/**
 * Change events carried by PostgreSQL LISTEN/NOTIFY, so several API processes on one database see
 * each other's writes.
 *
 * Writers publish after their transaction commits, so an event never announces a change that was
 * rolled back. Events are hints for live views, not data: they are buffered for FLUSH_MS and sent
 * in one statement, coalesced (the same run twice in a window is one event; metric batches of a
 * run are summed). A NOTIFY inside each writing transaction would take PostgreSQL's cluster-wide
 * notification lock at every commit and serialise all writers behind it; batching takes it once
 * per window. An event still in the buffer when the process dies is lost; subscribers refetch
 * when they (re)connect.
 */
export class EventBus {
  private client: Client | null = null;
  private stopped = false;
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();
  private readonly pending = new Map<string, { channel: Channel; event: object }>();
  private readonly keyRevokedListeners: ((keyId: string) => void)[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly url: string,
    private readonly logger: Logger,
    private readonly db: DataSource,
  ) {}

  async start(): Promise<void> {
    const client = new Client({ connectionString: this.url });
    client.on('notification', (n) => {
      const channel = (Object.keys(CHANNELS) as Channel[]).find((c) => CHANNELS[c] === n.channel);
      if (!channel || !n.payload) return;
      const payload = JSON.parse(n.payload);
      if (channel === 'keys') {
        for (const l of this.keyRevokedListeners) l(payload.keyId);
        return;
      }
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
    await client.query(`LISTEN ${CHANNELS.runs}; LISTEN ${CHANNELS.metrics}; LISTEN ${CHANNELS.keys}`);
    this.client = client;
  }

  private reconnect(delay = 500): void {
    if (this.stopped) return;
    setTimeout(() => {
      this.start().catch(() => this.reconnect(Math.min(delay * 2, 10_000)));
    }, delay).unref();
  }

  async stop(): Promise<void> {
    await this.flush();
    this.stopped = true;
    await this.client?.end().catch(() => undefined);
    this.client = null;
  }

  /** Announces, after its commit, that a run (or with runId null, many runs) of a sweep changed. */
  runsChanged(sweepId: string, runId: string | null): void {
    this.enqueue(`runs:${sweepId}:${runId ?? '*'}`, 'runs', { sweepId, runId });
  }

  /** Announces, after its commit, a stored batch of metric points; batches of a run are summed. */
  metricsLogged(event: MetricsLoggedEvent): void {
    const key = `metrics:${event.runId}`;
    const prev = this.pending.get(key)?.event as MetricsLoggedEvent | undefined;
    this.enqueue(
      key,
      'metrics',
      prev
        ? {
            runId: event.runId,
            count: prev.count + event.count,
            // At most 20 keys of at most 200 characters: within NOTIFY's 8000-byte payload limit.
            keys: [...new Set([...prev.keys, ...event.keys])].slice(0, 20),
            lastStep: Math.max(prev.lastStep, event.lastStep),
          }
        : event,
    );
  }

  /** Tells every API process on the database (this one included) that a key was revoked. */
  keyRevoked(keyId: string): void {
    this.enqueue(`keys:${keyId}`, 'keys', { keyId });
  }

  onKeyRevoked(listener: (keyId: string) => void): void {
    this.keyRevokedListeners.push(listener);
  }

  private enqueue(key: string, channel: Channel, event: object): void {
    this.pending.set(key, { channel, event });
    this.flushTimer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  /** Sends every buffered event in one statement (resolves once sent, or dropped with a warning). */
  flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (this.pending.size === 0) return this.flushing;
    const batch = [...this.pending.values()];
    this.pending.clear();
    const channels = batch.map((e) => CHANNELS[e.channel]);
    const payloads = batch.map((e) => JSON.stringify(e.event));
    this.flushing = this.flushing.then(() =>
      this.db
        .query(`SELECT count(pg_notify(c, p)) FROM unnest($1::text[], $2::text[]) AS t(c, p)`, [channels, payloads])
        .then(
          () => undefined,
          (err) => this.logger.warn({ err, events: batch.length }, 'could not send change events'),
        ),
    );
    return this.flushing;
  }

  /** Events of one sweep (runs) or one run (metrics), as an async iterator for a subscription. */
  subscribe<T>(channel: 'runs' | 'metrics', key: string): AsyncIterableIterator<T> {
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
