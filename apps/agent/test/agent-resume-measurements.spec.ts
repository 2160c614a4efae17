import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCheckpoint } from '../src/agent/checkpoint-codec';
import { ArtifactClient } from '../src/client/artifacts';
import { LoralabClient } from '@loralab/client';
import { ADMIN_KEY, agentProcess, apiProcess, type ApiProcess } from './harness';
import { oneRunSweep } from './fixtures';

describe('loralab agent: killed between the last checkpoint and completeRun', () => {
  let api: ApiProcess;

  beforeAll(async () => {
    // A kill noticed within seconds; long enough that the loaded CI machine's API answers heartbeats in time.
    api = await apiProcess({ leaseSeconds: 8, reaperIntervalMs: 300 });
  });
  afterAll(async () => {
    await api?.dispose();
  });

  it('the resumed run reports the peak memory and throughput the first attempt measured', async () => {
    const steps = 60;
    const { sweepId, run } = await oneRunSweep(api.api, 'resume-measured', { steps });
    const a = agentProcess(api, ['--name', 'first', '--sweep', sweepId, '--max-runs', '1', '--checkpoint-every', String(steps)]);
    // Killed as soon as the checkpoint of the last step is stored: before evaluation and completeRun.
    a.child.stdout!.on('data', (d) => {
      if (/"msg":"checkpoint uploaded"/.test(String(d)) && new RegExp(`"step":${steps}\\b`).test(String(d))) a.child.kill('SIGKILL');
    });
    expect(await a.exited).toBe(null);
    const killed = await api.api.run(run.id);
    expect(killed.status, 'the first agent was killed before completing').not.toBe('SUCCEEDED');

    const b = agentProcess(api, ['--name', 'second', '--sweep', sweepId, '--max-runs', '1']);
    expect(await b.exited, b.lines.slice(-20).join('\n')).toBe(0);
    const resumed = b.records().find((r) => r.msg === 'resuming from checkpoint');
    expect(Number(resumed?.step), 'the second agent had no step left to train').toBe(steps);

    const done = await api.api.run(run.id);
    expect(done.status, b.lines.slice(-20).join('\n')).toBe('SUCCEEDED');
    expect(done.attempt).toBe(2);
    const s = done.summary!;

    // What the first attempt measured, as its checkpoint carries it ...
    const { latestCheckpoint } = await api.api.runArtifacts(run.id);
    const files = new ArtifactClient(new LoralabClient({ url: api.url, apiKey: ADMIN_KEY }));
    const measured = decodeCheckpoint(await files.download(latestCheckpoint!.id)).measurements!;
    expect(s.peakMemoryBytes).toBe(measured.peak!.peakBytes);
    expect(s.memory).toEqual({
      baseWeights: measured.peak!.breakdown.baseWeights,
      adapters: measured.peak!.breakdown.adapters,
      gradients: measured.peak!.breakdown.gradients,
      optimizerState: measured.peak!.breakdown.optimizerState,
      activations: measured.peak!.breakdown.activations,
    });
    expect(s.tokensPerSecond).toBeCloseTo(measured.trainTokens / measured.trainSeconds, 6);
    expect(s.durationSeconds).toBeGreaterThan(measured.durationSeconds);

    // ... and as it streamed it while training: the peak of its measured steps, a throughput within its steps'.
    const [peaks] = await api.api.metrics(run.id, ['memory/peak_bytes']);
    expect(s.peakMemoryBytes).toBe(Math.max(...peaks.points.map((p) => p.value)));
    const [rates] = await api.api.metrics(run.id, ['train/tokens_per_second']);
    const values = rates.points.map((p) => p.value);
    expect(s.tokensPerSecond).toBeGreaterThan(0);
    expect(s.tokensPerSecond).toBeGreaterThanOrEqual(Math.min(...values) * 0.999);
    expect(s.tokensPerSecond).toBeLessThanOrEqual(Math.max(...values) * 1.001);
  });
});
