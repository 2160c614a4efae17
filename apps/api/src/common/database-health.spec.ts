import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseHealth } from './database-health';

describe('DatabaseHealth', () => {
  let health: DatabaseHealth | undefined;
  afterEach(() => health?.stop());

  it('answers from the last ping without pinging per call, and follows the database down and up', async () => {
    let pings = 0;
    let up = true;
    health = new DatabaseHealth(async () => {
      pings++;
      if (!up) throw new Error('ECONNREFUSED');
    }, 50);
    await health.start();
    expect(pings).toBe(1);
    for (let i = 0; i < 20; i++) expect((await health.status()).ok).toBe(true);
    expect(pings).toBe(1);
    up = false;
    await new Promise((r) => setTimeout(r, 120));
    expect((await health.status()).ok).toBe(false);
    up = true;
    await new Promise((r) => setTimeout(r, 120));
    expect((await health.status()).ok).toBe(true);
  });

  it('counts a ping that hangs as down, and refreshes a stale answer before giving it', async () => {
    let hang = false;
    health = new DatabaseHealth(() => (hang ? new Promise(() => {}) : Promise.resolve()), 40);
    await health.start();
    expect((await health.status()).ok).toBe(true);
    hang = true;
    health.stop(); // no background pings: the answer goes stale
    const t = Date.now();
    const s = await health.status(Date.now() + 1000);
    expect(s.ok).toBe(false);
    expect(Date.now() - t).toBeLessThan(1000);
  });
});

describe('DatabaseHealth under frequent calls', () => {
  it('leaves no timer behind to reject after a check that overlapped another (no unhandled rejection)', async () => {
    const rejections: unknown[] = [];
    const onRejection = (r: unknown) => rejections.push(r);
    process.on('unhandledRejection', onRejection);
    let release!: () => void;
    const health = new DatabaseHealth(() => new Promise<void>((r) => (release = r)), 20);
    const started = health.start();
    // Stale answers ask for checks while the first ping is still in flight.
    const overlapping = [health.status(Date.now() + 1000), health.status(Date.now() + 1000)];
    release();
    await started;
    await Promise.all(overlapping);
    health.stop();
    await new Promise((r) => setTimeout(r, 100));
    process.off('unhandledRejection', onRejection);
    expect(rejections).toEqual([]);
  });
});
