import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentProcess, apiProcess, projectId, type ApiProcess } from './harness';

/**
 * A run that early termination stops at a rung stops right after it, not at the heartbeat timer:
 * the agent asks (a heartbeat) as soon as the rung's eval loss is stored. Here heartbeats are 30 s
 * apart and each run takes a few seconds, so waiting for the timer, the weak run would finish
 * all its steps (and, before, end SUCCEEDED with its pruning on it).
 */
describe('loralab agent: a run pruned at its rung stops at once (real API and PostgreSQL)', () => {
  let api: ApiProcess;
  beforeAll(async () => {
    api = await apiProcess({ leaseSeconds: 120 });
  });
  afterAll(async () => {
    await api?.dispose();
  });

  it('asks right after the rung: the weak run ends PRUNED a few steps past it, the strong one SUCCEEDED', async () => {
    const STEPS = 150;
    const RUNG = 10;
    const sweep = await api.api.createSweep({
      projectId: await projectId(api.api),
      name: 'prune-now',
      method: 'GRID',
      baseModel: 'builtin:tiny-llama',
      dataset: 'examples/data/topics.jsonl',
      training: { steps: STEPS, batchSize: 8, sequenceLength: 32, evalInterval: RUNG, seed: 3 },
      // Grid order: the strong learning rate runs first and sets the bar at the rung.
      space: { rank: [4], alpha: [16], quantization: ['NF4'], targetModules: [['Q_PROJ', 'V_PROJ']], learningRate: [2e-2, 1e-6] },
      earlyTerminate: { type: 'ASHA', minSteps: RUNG, eta: 2 },
    });
    const a = agentProcess(api, ['--name', 'pruner', '--once', '--sweep', sweep.id, '--checkpoint-every', '0', '--heartbeat-ms', '30000']);
    expect(await a.exited, a.lines.slice(-20).join('\n')).toBe(0);
    const runs = await api.api.runs(sweep.id);
    const [strong, weak] = runs;
    expect(strong.config.learningRate).toBe(2e-2);
    expect(strong).toMatchObject({ status: 'SUCCEEDED', prunedRung: null });
    expect(weak).toMatchObject({ status: 'PRUNED', prunedRung: RUNG });
    const [loss] = await api.api.metrics(weak.id, ['train/loss']);
    const last = Math.max(...loss.points.map((p) => p.step));
    console.info(`prune-now: the weak run stopped at step ${last} of ${STEPS} (rung ${RUNG}; heartbeats every 30 s)`);
    expect(last).toBeGreaterThanOrEqual(RUNG);
    expect(last).toBeLessThan(STEPS / 2);
  }, 300_000);
});
