import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oneRunSweep, waitForStep } from './fixtures';
import { agentProcess, apiProcess, type ApiProcess } from './harness';

/**
 * A new attempt of a run logs the steps after its checkpoint itself, so whatever an earlier
 * attempt logged there goes (`rewindForAttempt`): the API keeps the first point of a step, and
 * would otherwise keep the earlier attempt's losses and peaks (another backend's), an
 * out-of-memory retry it had and a final evaluation it logged before it died.
 */
describe('loralab agent: a resumed attempt replaces what an earlier attempt logged after the checkpoint (real API and PostgreSQL)', () => {
  let api: ApiProcess;
  beforeAll(async () => {
    api = await apiProcess({ leaseSeconds: 120 });
  });
  afterAll(async () => {
    await api?.dispose();
  });

  const series = async (runId: string) =>
    Object.fromEntries((await api.api.metrics(runId)).map((m) => [m.key, m.points.map((p) => [p.step, p.value] as [number, number])]));

  it('keeps the points up to the checkpoint, and only this attempt’s after it', async () => {
    const steps = 120;
    const { sweepId, run } = await oneRunSweep(api.api, 'attempt-rewind', { steps });
    // The first attempt: stopped after a few steps, it checkpoints where it stopped and hands the run back.
    const a = agentProcess(api, ['--name', 'first', '--sweep', sweepId, '--max-runs', '1', '--checkpoint-every', '1000']);
    await waitForStep(api.api, run.id, 10);
    a.child.kill('SIGTERM');
    expect(await a.exited, a.lines.slice(-10).join('\n')).toBe(0);
    const before = await series(run.id);
    const checkpointStep = Math.max(...before['train/loss'].map(([s]) => s));
    expect((await api.api.runArtifacts(run.id)).latestCheckpoint!.name).toBe(`step-${String(checkpointStep).padStart(8, '0')}.llck`);

    // Another attempt, on another host, got further past the checkpoint before its agent was lost:
    // other values (999) than training here gives, an out-of-memory retry, and a final evaluation.
    const { agent } = await api.api.registerAgent({ name: 'lost-host', backend: 'cpu' });
    const claimed = await api.api.claimRun({ agentId: agent.id, sweepId });
    expect(claimed.run?.id).toBe(run.id);
    const stale = [];
    for (let s = checkpointStep + 1; s <= steps; s++) {
      stale.push({ key: 'train/loss', step: s, value: 999 }, { key: 'memory/peak_bytes', step: s, value: 999e9 }, { key: 'train/tokens_per_second', step: s, value: 999 });
    }
    stale.push({ key: 'train/oom_retry', step: checkpointStep + 3, value: 8 }, { key: 'eval/loss', step: steps, value: 999 }, { key: 'eval/accuracy', step: steps, value: 0.999 });
    await api.api.logMetrics(run.id, agent.id, stale);
    await api.api.releaseRun(run.id, agent.id);

    const b = agentProcess(api, ['--name', 'resumed', '--sweep', sweepId, '--max-runs', '1']);
    expect(await b.exited, b.lines.slice(-20).join('\n')).toBe(0);
    expect(Number(b.records().find((r) => r.msg === 'resuming from checkpoint')?.step)).toBe(checkpointStep);
    const done = await api.api.run(run.id);
    expect(done.status).toBe('SUCCEEDED');
    const after = await series(run.id);

    // Every step once: up to the checkpoint as the first attempt logged it, after it this attempt's values.
    const losses = after['train/loss'];
    expect(losses.map(([s]) => s)).toEqual(Array.from({ length: steps }, (_, i) => i + 1));
    expect(losses.slice(0, checkpointStep)).toEqual(before['train/loss']);
    expect(losses.filter(([, v]) => v === 999)).toEqual([]);
    expect(after['train/tokens_per_second'].filter(([, v]) => v === 999)).toEqual([]);
    // The peaks and the final evaluation are those the run reports; no retry this attempt did not have.
    const s = done.summary!;
    expect(Math.max(...after['memory/peak_bytes'].map(([, v]) => v))).toBe(s.peakMemoryBytes);
    expect(after['eval/accuracy']).toEqual([[steps, s.accuracy]]);
    expect(after['eval/loss']).toEqual([[steps, s.evalLoss]]);
    expect(after['train/oom_retry'] ?? []).toEqual([]);
  }, 240_000);
});
