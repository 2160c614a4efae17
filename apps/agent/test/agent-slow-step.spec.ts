import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentProcess, apiProcess, type ApiProcess } from './harness';
import { lossSteps, oneRunSweep, range, smallTopicDataset } from './fixtures';

const LEASE_SECONDS = 2;
const BATCH = 96;
const SEQUENCE = 128;

/**
 * Training runs in a worker thread: the agent's main thread renews the lease while a step runs,
 * however long the step. Here every step of the run (the 4-layer, 256-wide built-in base at 96 ×
 * 128 tokens, one wasm thread and OpenBLAS: 1.3–1.9 s at 32 on a CI host) takes longer than the whole lease; the loading and the final
 * evaluation take seconds too.
 */
describe('loralab agent: a training step longer than the lease (real API and PostgreSQL)', () => {
  let api: ApiProcess;
  const tmp = mkdtempSync(join(tmpdir(), 'loralab-slow-step-'));

  beforeAll(async () => {
    api = await apiProcess({ leaseSeconds: LEASE_SECONDS, reaperIntervalMs: 200 });
  });
  afterAll(async () => {
    await api?.dispose();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('keeps its lease through every step: the run succeeds on its first attempt, every step stored, no lease lost', async () => {
    const dataset = smallTopicDataset(tmp);
    const steps = 2;
    const { sweepId, run } = await oneRunSweep(api.api, 'slow-step', { steps, dataset, baseModel: 'builtin:bench-llama', batchSize: BATCH, sequenceLength: SEQUENCE });
    const a = agentProcess(api, ['--name', 'slow', '--sweep', sweepId, '--max-runs', '1', '--checkpoint-every', '1']);
    expect(await a.exited, a.lines.slice(-20).join('\n')).toBe(0);

    const done = await api.api.run(run.id);
    expect(done.status, `${done.error}\n${a.lines.slice(-20).join('\n')}`).toBe('SUCCEEDED');
    expect(done.attempt).toBe(1);
    expect(a.records().filter((r) => /lease lost/.test(String(r.msg)))).toEqual([]);
    expect(await lossSteps(api.api, run.id)).toEqual(range(steps));

    // The premise: steps really outlasted the lease (seconds per step from the tokens per second the agent measured).
    const [rates] = await api.api.metrics(run.id, ['train/tokens_per_second']);
    const stepSeconds = rates.points.map((p) => (BATCH * SEQUENCE) / p.value);
    console.log(`seconds per step: ${stepSeconds.map((s) => s.toFixed(2)).join(', ')} (lease ${LEASE_SECONDS} s)`);
    expect(Math.max(...stepSeconds), `seconds per step: ${stepSeconds.join(', ')}`).toBeGreaterThan(LEASE_SECONDS);
    const ended = a.records().find((r) => r.msg === 'run ended');
    expect(ended?.eventLoopDelayMs, 'the agent reports its main thread\'s event-loop delay').toBeDefined();
  }, 600_000);
});
