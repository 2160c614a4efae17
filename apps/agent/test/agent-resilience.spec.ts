import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentProcess, apiProcess, waitFor, type ApiProcess } from './harness';
import { lossSteps, oneRunSweep, range, waitForStep } from './fixtures';

const LEASE_SECONDS = 3; // heartbeat every second

describe('loralab agent: crashes, cancellation, shutdown and bad inputs (real API and PostgreSQL)', () => {
  let api: ApiProcess;
  const tmp = mkdtempSync(join(tmpdir(), 'loralab-resilience-'));

  beforeAll(async () => {
    api = await apiProcess({ leaseSeconds: LEASE_SECONDS, reaperIntervalMs: 300 });
  });
  afterAll(async () => {
    await api?.dispose();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('kill -9 mid-run: the lease lapses, another agent resumes from the last checkpoint, every (run, key, step) stored once, no step missing', async () => {
    const steps = 240;
    const { sweepId, run } = await oneRunSweep(api.api, 'kill-9', { steps });
    const a = agentProcess(api, ['--name', 'victim', '--sweep', sweepId, '--max-runs', '1', '--checkpoint-every', '20']);
    await waitForStep(api.api, run.id, 70);
    await waitFor('a checkpoint', async () => (await api.api.runArtifacts(run.id)).latestCheckpoint);
    a.child.kill('SIGKILL');
    expect(await a.exited).toBe(null);

    const b = agentProcess(api, ['--name', 'rescuer', '--sweep', sweepId, '--max-runs', '1', '--checkpoint-every', '20']);
    expect(await b.exited, b.lines.slice(-20).join('\n')).toBe(0);
    const resumed = b.records().find((r) => r.msg === 'resuming from checkpoint');
    expect(resumed, 'the second agent resumed from a checkpoint').toBeDefined();
    expect(Number(resumed!.step)).toBeGreaterThanOrEqual(60);

    const done = await api.api.run(run.id);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.attempt).toBe(2);
    for (const key of ['train/loss', 'train/learning_rate', 'train/tokens_per_second']) {
      const [series] = await api.api.metrics(run.id, [key]);
      expect(series.points.map((p) => p.step), key).toEqual(range(steps));
    }
  });

  it('cancelRun stops a running run within one heartbeat interval', async () => {
    const { sweepId, run } = await oneRunSweep(api.api, 'cancel', { steps: 5000 });
    const a = agentProcess(api, ['--name', 'cancellee', '--sweep', sweepId, '--max-runs', '1']);
    await waitForStep(api.api, run.id, 10);
    const t0 = Date.now();
    await api.api.cancelRun(run.id);
    await waitFor('CANCELLED', async () => (await api.api.run(run.id)).status === 'CANCELLED', 30_000, 50);
    const elapsed = Date.now() - t0;
    // One heartbeat interval (lease / 3 = 1 s), plus the step in flight and the failRun round trip.
    expect(elapsed).toBeLessThan((LEASE_SECONDS * 1000) / 3 + 1500);
    expect(await a.exited).toBe(0);
    expect(Math.max(...(await lossSteps(api.api, run.id)))).toBeLessThan(5000);
  });

  it('SIGTERM: finishes the step, checkpoints, hands the run back without spending an attempt, exits 0; the next agent finishes it', async () => {
    const steps = 200;
    const { sweepId, run } = await oneRunSweep(api.api, 'sigterm', { steps });
    const a = agentProcess(api, ['--name', 'terminated', '--sweep', sweepId, '--max-runs', '1', '--checkpoint-every', '1000']);
    await waitForStep(api.api, run.id, 40);
    a.child.kill('SIGTERM');
    expect(await a.exited, a.lines.slice(-10).join('\n')).toBe(0);
    const released = await api.api.run(run.id);
    expect(released.status).toBe('QUEUED');
    expect(released.attempt).toBe(1);
    const { latestCheckpoint } = await api.api.runArtifacts(run.id);
    expect(latestCheckpoint).not.toBeNull();
    const stoppedAt = Math.max(...(await lossSteps(api.api, run.id)));
    expect(latestCheckpoint!.name).toBe(`step-${String(stoppedAt).padStart(8, '0')}.llck`);

    const b = agentProcess(api, ['--name', 'successor', '--sweep', sweepId, '--once']);
    expect(await b.exited).toBe(0);
    expect(Number(b.records().find((r) => r.msg === 'resuming from checkpoint')?.step)).toBe(stoppedAt);
    const done = await api.api.run(run.id);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.attempt).toBe(1);
    expect(await lossSteps(api.api, run.id)).toEqual(range(steps));
  });

  it('a corrupt dataset or model fails that run with a clear reason and the agent goes on to the next run', async () => {
    const badData = join(tmp, 'bad.jsonl');
    writeFileSync(badData, '{"text": "ball goal", "label": "sport"}\nthis line is not JSON\n');
    const badModel = join(tmp, 'bad-model');
    mkdirSync(badModel, { recursive: true });
    writeFileSync(
      join(badModel, 'config.json'),
      JSON.stringify({ architectures: ['LlamaForCausalLM'], model_type: 'llama', vocab_size: 256, hidden_size: 64, intermediate_size: 172, num_hidden_layers: 2, num_attention_heads: 4, num_key_value_heads: 2, rms_norm_eps: 1e-6, rope_theta: 10000, max_position_embeddings: 128, tie_word_embeddings: false }),
    );
    writeFileSync(join(badModel, 'model.safetensors'), Buffer.from('\x10\x00\x00\x00\x00\x00\x00\x00{"broken": tru'));
    // A record with a field of the wrong type: the run reports where, as data (trained on the agent's worker thread).
    const badField = join(tmp, 'bad-field.jsonl');
    writeFileSync(badField, '{"text": "ball goal", "label": "sport"}\n{"text": "rain tomorrow", "label": "weather"}\n{"text": 5, "label": "sport"}\n');
    const d = await oneRunSweep(api.api, 'corrupt-dataset', { steps: 20, dataset: badData });
    const f = await oneRunSweep(api.api, 'malformed-field', { steps: 20, dataset: badField });
    const m = await oneRunSweep(api.api, 'corrupt-model', { steps: 20, baseModel: badModel });
    const g = await oneRunSweep(api.api, 'good-after-bad', { steps: 20 });

    const a = agentProcess(api, ['--name', 'survivor', '--once']);
    expect(await a.exited, a.lines.slice(-10).join('\n')).toBe(0);
    const dataRun = await api.api.run(d.run.id);
    expect(dataRun.status).toBe('FAILED');
    expect(dataRun.error).toMatch(/DATASET_INVALID.*not JSON/);
    expect(dataRun.errorDetail).toEqual({ code: 'DATASET_INVALID', file: badData, line: 2, row: null, field: null });
    const fieldRun = await api.api.run(f.run.id);
    expect(fieldRun.status).toBe('FAILED');
    expect(fieldRun.error).toBe(`DATASET_INVALID: ${badField}:3: field "text" must be a string (is number)`);
    expect(fieldRun.errorDetail).toEqual({ code: 'DATASET_INVALID', file: badField, line: 3, row: null, field: 'text' });
    // The agent's log line carries them as fields too.
    const logged = a.lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    const failed = logged.find((l) => l.msg === 'run failed' && l.field === 'text');
    expect(failed).toMatchObject({ code: 'DATASET_INVALID', file: badField, line: 3 });
    const modelRun = await api.api.run(m.run.id);
    expect(modelRun.status).toBe('FAILED');
    expect(modelRun.error).toMatch(/MODEL_UNREADABLE/);
    expect(modelRun.errorDetail).toEqual({ code: 'MODEL_UNREADABLE', file: null, line: null, row: null, field: null });
    expect((await api.api.run(g.run.id)).status).toBe('SUCCEEDED');
  });

  it('refuses datasets and base models outside its allowed roots, the same way whether or not they exist', async () => {
    const exists = await oneRunSweep(api.api, 'host-file', { steps: 5, dataset: '/etc/passwd' });
    const missing = await oneRunSweep(api.api, 'host-missing', { steps: 5, dataset: '/etc/no-such-dataset.jsonl' });
    const model = await oneRunSweep(api.api, 'host-model', { steps: 5, baseModel: '/etc' });
    const a = agentProcess(api, ['--name', 'confined', '--once']);
    expect(await a.exited, a.lines.slice(-10).join('\n')).toBe(0);
    const [e, m, b] = await Promise.all([exists, missing, model].map(async (x) => api.api.run(x.run.id)));
    for (const r of [e, m, b]) expect(r.status).toBe('FAILED');
    expect(e.error).toBe('PATH_NOT_ALLOWED: dataset /etc/passwd is outside the directories this agent may read (LORALAB_DATA_ROOTS)');
    expect(m.error).toBe(e.error!.replace('/etc/passwd', '/etc/no-such-dataset.jsonl'));
    expect(b.error).toBe('PATH_NOT_ALLOWED: baseModel /etc is outside the directories this agent may read (LORALAB_MODEL_ROOTS)');
  });

  it('reports its backend and device memory, and claims only runs whose predicted memory fits', async () => {
    const { sweepId, run } = await oneRunSweep(api.api, 'too-big', { steps: 10 });
    expect(run.predictedMemoryBytes).toBeGreaterThan(1_000_000);
    const small = agentProcess(api, ['--name', 'small-device', '--sweep', sweepId, '--once', '--device-memory', '1000000']);
    expect(await small.exited).toBe(0);
    expect(small.records().find((r) => r.msg === 'agent registered')).toMatchObject({ backend: 'wasm', deviceMemoryBytes: 1_000_000 });
    expect((await api.api.run(run.id)).status).toBe('QUEUED');
    const big = agentProcess(api, ['--name', 'big-device', '--sweep', sweepId, '--once']);
    expect(await big.exited).toBe(0);
    expect((await api.api.run(run.id)).status).toBe('SUCCEEDED');
  });
});
