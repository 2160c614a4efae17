import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentProcess, apiProcess, sleep, type ApiProcess } from './harness';
import { lossSteps, oneRunSweep, range, waitForStep } from './fixtures';

describe('loralab agent: the API restarts while a run is training', () => {
  let api: ApiProcess;

  beforeAll(async () => {
    // A lease long enough to outlive the restart (the embedded PostgreSQL stops and starts too).
    api = await apiProcess({ leaseSeconds: 30 });
  });
  afterAll(async () => {
    await api?.dispose();
  });

  it('the agent buffers, reconnects, and no metric is lost', async () => {
    const steps = 300;
    const { sweepId, run } = await oneRunSweep(api.api, 'api-restart', { steps });
    const a = agentProcess(api, ['--name', 'patient', '--sweep', sweepId, '--max-runs', '1', '--checkpoint-every', '0']);
    const before = await waitForStep(api.api, run.id, 30);
    await api.stop();
    await sleep(3000);
    await api.start();
    expect(await a.exited, a.lines.slice(-10).join('\n')).toBe(0);
    expect(a.records().some((r) => /unreachable/.test(String(r.msg)))).toBe(true);

    const done = await api.api.run(run.id);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.attempt).toBe(1);
    expect(before).toBeLessThan(steps);
    for (const key of ['train/loss', 'train/grad_norm']) {
      const [series] = await api.api.metrics(run.id, [key]);
      expect(series.points.map((p) => p.step), key).toEqual(range(steps));
    }
    expect(await lossSteps(api.api, run.id)).toHaveLength(steps);
  });
});
