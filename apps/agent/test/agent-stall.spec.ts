import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentProcess, apiProcess, sleep, waitFor, type ApiProcess } from './harness';
import { oneRunSweep } from './fixtures';

const LEASE_SECONDS = 3;
const STALL_SECONDS = 2;

/**
 * A training thread that really hangs: its run's dataset is a FIFO nobody writes, so the worker
 * blocks in open(2) and posts nothing, while the agent's main thread heartbeats on (the lease
 * alone would never lapse). The stall watchdog frees the run.
 */
describe('loralab agent: a hung training thread (real API and PostgreSQL)', () => {
  let api: ApiProcess;
  const tmp = mkdtempSync(join(tmpdir(), 'loralab-stall-'));
  const fifo = join(tmp, 'never.jsonl');

  beforeAll(async () => {
    execFileSync('mkfifo', [fifo]);
    api = await apiProcess({ leaseSeconds: LEASE_SECONDS, reaperIntervalMs: 300 });
  });
  afterAll(async () => {
    await api?.dispose();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('fails the run as retryable after --stall-timeout, naming the timeout and the last report; retries it on a fresh thread; goes on with the next run', async () => {
    const hung = await oneRunSweep(api.api, 'stall-hung', { steps: 20, dataset: fifo, maxAttempts: 2 });
    const next = await oneRunSweep(api.api, 'stall-next', { steps: 20 });
    const a = agentProcess(api, ['--name', 'staller', '--max-runs', '3', '--stall-timeout', String(STALL_SECONDS)]);
    try {
      // Both attempts stall (the FIFO still delivers nothing): requeued once, then FAILED.
      const failed = await waitFor('the hung run to fail', async () => {
        const r = await api.api.run(hung.run.id);
        return r.status === 'FAILED' ? r : undefined;
      }, 120_000);
      expect(failed.attempt).toBe(2);
      expect(failed.error).toBe(
        `TRAINING_STALLED: training stalled: no progress for ${STALL_SECONDS} s after the base model loaded (loading the dataset, attaching the adapters) (--stall-timeout / LORALAB_STALL_TIMEOUT)`,
      );
      expect(failed.errorDetail).toEqual({ code: 'TRAINING_STALLED', file: null, line: null, row: null, field: null });
    } finally {
      // Lets the hung open(2) calls return (EOF): a terminated thread blocked in a system call ends only then, and the process with it.
      closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
    }
    expect(await a.exited, a.lines.slice(-20).join('\n')).toBe(0);
    expect((await api.api.run(next.run.id)).status).toBe('SUCCEEDED');
    const records = a.records();
    const stalls = records.filter((r) => r.msg === 'training thread stalled: terminated; the next run gets a fresh one');
    expect(stalls.map((r) => [r.runId, r.attempt, r.lastReport])).toEqual([
      [hung.run.id, 1, 'after the base model loaded (loading the dataset, attaching the adapters)'],
      [hung.run.id, 2, 'after the base model loaded (loading the dataset, attaching the adapters)'],
    ]);
    const failures = records.filter((r) => r.msg === 'run failed');
    expect(failures.map((r) => [r.runId, r.code, r.retryable])).toEqual([
      [hung.run.id, 'TRAINING_STALLED', true],
      [hung.run.id, 'TRAINING_STALLED', true],
    ]);
    expect(records.find((r) => r.msg === 'agent stopped')).toMatchObject({ succeeded: 1, failed: 2 });
  }, 300_000);

  it('the premise: without the watchdog (--stall-timeout 0) the hung run keeps its lease, lease after lease', async () => {
    const forever = join(tmp, 'forever.jsonl');
    execFileSync('mkfifo', [forever]);
    const { run } = await oneRunSweep(api.api, 'stall-unwatched', { steps: 20, dataset: forever, maxAttempts: 2 });
    const a = agentProcess(api, ['--name', 'unwatched', '--max-runs', '1', '--stall-timeout', '0']);
    try {
      await waitFor('the run to be claimed', async () => (await api.api.run(run.id)).status === 'RUNNING');
      await sleep(3 * LEASE_SECONDS * 1000);
      expect(await api.api.run(run.id)).toMatchObject({ status: 'RUNNING', attempt: 1 });
      expect(a.records().filter((r) => /stalled|lease lost/.test(String(r.msg)))).toEqual([]);
    } finally {
      // The hung thread's agent ends only this way (or when the FIFO delivers).
      a.child.kill('SIGKILL');
      await a.exited;
    }
  }, 120_000);
});
