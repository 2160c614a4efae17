import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rewindForOomRetry } from '../src/agent/agent';
import { MetricBuffer } from '../src/agent/metric-buffer';
import { oneRunSweep } from './fixtures';
import { apiProcess, type ApiProcess } from './harness';

/**
 * An out-of-memory retry resumes from the last checkpoint at a smaller micro-batch and logs the
 * steps after it again. The agent rewinds its metric buffer there (`rewindForOomRetry`): the
 * run's stored series then hold the retried steps' values, not the first try's, whether those
 * were still queued, in flight or already stored; its peaks are only the new micro-batch's (what
 * early termination compares at a rung, and the result reports).
 */
describe('MetricBuffer.rewind: steps logged again after an out-of-memory retry (real API and PostgreSQL)', () => {
  let api: ApiProcess;
  beforeAll(async () => {
    api = await apiProcess({ leaseSeconds: 120 });
  });
  afterAll(async () => {
    await api?.dispose();
  });

  const claimed = async (name: string) => {
    const { sweepId } = await oneRunSweep(api.api, name, { steps: 20 });
    const { agent } = await api.api.registerAgent({ name, backend: 'cpu' });
    const { run } = await api.api.claimRun({ agentId: agent.id, sweepId });
    return { runId: run!.id, agentId: agent.id };
  };
  const stored = async (runId: string) =>
    Object.fromEntries((await api.api.metrics(runId, ['train/loss', 'memory/peak_bytes', 'train/oom_retry'])).map((m) => [m.key, m.points.map((p) => [p.step, p.value])]));
  const step = (s: number, loss: number, peak: number) => [
    { key: 'train/loss', step: s, value: loss },
    { key: 'memory/peak_bytes', step: s, value: peak },
  ];
  const expected = {
    'train/loss': [[1, 9], [2, 8], [3, 7], [4, 6], [5, 5], [6, 4.5], [7, 4]],
    // Only the peaks of the micro-batch it goes on with, as the result's peak: what a rung compares.
    'memory/peak_bytes': [[6, 5000], [7, 5000]],
    'train/oom_retry': [[9, 8]],
  };

  it('replaces the points after the step training resumed from: those stored, those queued and those in flight', async () => {
    const logger = pino({ level: 'silent' });
    // Stored before the retry: steps 1–5; in flight when it happens: 6–7; still queued: 8.
    const a = await claimed('rewind-stored');
    const buffer = new MetricBuffer(api.api, a.runId, a.agentId, logger, { intervalMs: 60_000 });
    for (let s = 1; s <= 5; s++) buffer.push(...step(s, 10 - s, 9000));
    await buffer.flush();
    buffer.push(...step(6, 4, 9000), ...step(7, 3, 9000));
    const inFlight = buffer.flush();
    buffer.push(...step(8, 2, 9000));
    // Step 9 ran out of memory; the retry resumes from the checkpoint at step 5 at half the micro-batch.
    rewindForOomRetry(buffer, 5);
    buffer.push({ key: 'train/oom_retry', step: 9, value: 8 }, ...step(6, 4.5, 5000), ...step(7, 4, 5000));
    await inFlight;
    await buffer.close();
    expect(buffer.rejected).toBeUndefined();
    expect(await stored(a.runId)).toEqual(expected);

    // All of it still queued when the retry happens: nothing stale is sent at all.
    const b = await claimed('rewind-queued');
    const queued = new MetricBuffer(api.api, b.runId, b.agentId, logger, { intervalMs: 60_000 });
    for (let s = 1; s <= 8; s++) queued.push(...step(s, 10 - s, 9000));
    rewindForOomRetry(queued, 5);
    queued.push({ key: 'train/oom_retry', step: 9, value: 8 }, ...step(6, 4.5, 5000), ...step(7, 4, 5000));
    await queued.close();
    expect(await stored(b.runId)).toEqual(expected);
  }, 120_000);
});
