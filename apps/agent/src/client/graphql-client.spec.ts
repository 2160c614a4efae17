import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { sleep } from './graphql-client';

describe('sleep', () => {
  it('removes its abort listener when the wait ends (an idle agent polls on one signal: MaxListenersExceededWarning)', async () => {
    const stop = new AbortController();
    for (let i = 0; i < 12; i++) await sleep(1, stop.signal);
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0);
  });

  it('ends early when the signal aborts', async () => {
    const stop = new AbortController();
    const started = Date.now();
    const waiting = sleep(60_000, stop.signal);
    stop.abort();
    await waiting;
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});
