import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, createSweep, registerAgent, startTestApi, summary, SWEEP_INPUT, type TestApi } from './harness';

let api: TestApi;
let projectId: string;

const CLAIM = `mutation($input: ClaimRunInput!) { claimRun(input: $input) { run { id status attempt } leaseSeconds } }`;
const HEARTBEAT = `mutation($input: HeartbeatInput!) { heartbeat(input: $input) { cancelRequested leaseExpiresAt } }`;
const LOG = `mutation($input: LogMetricsInput!) { logMetrics(input: $input) { received stored } }`;
const COMPLETE = `mutation($input: CompleteRunInput!) { completeRun(input: $input) { run { status summary { accuracy } } } }`;
const FAIL = `mutation($input: FailRunInput!) { failRun(input: $input) { run { status attempt error } } }`;


beforeAll(async () => {
  api = await startTestApi({ leaseSeconds: 1, reaperIntervalMs: 60_000 });
  projectId = await createProject(api);
});
afterAll(() => api.close());

async function claim(agentId: string, sweepId?: string, maxMemoryBytes?: number) {
  const d = await api.ok(CLAIM, { input: { agentId, sweepId, maxMemoryBytes } });
  return d.claimRun.run as { id: string; status: string; attempt: number } | null;
}

describe('claimRun', () => {
  it('hands each of 500 queued runs to exactly one of 32 concurrent claimers', async () => {
    const sweep = await createSweep(api, projectId, {
      ...SWEEP_INPUT,
      name: 'many',
      space: { ...SWEEP_INPUT.space, rank: Array.from({ length: 125 }, (_, i) => i + 1), targetModules: [['Q_PROJ']], quantization: ['FP32', 'INT8', 'NF4', 'FP4'] },
    });
    expect(sweep.runCount).toBe(500);
    const agents = await Promise.all(Array.from({ length: 32 }, (_, i) => registerAgent(api, undefined, `a${i}`)));
    const claimed: string[] = [];
    await Promise.all(
      agents.map(async (agentId) => {
        for (;;) {
          const run = await claim(agentId, sweep.id);
          if (!run) return;
          expect(run.status).toBe('RUNNING');
          claimed.push(run.id);
        }
      }),
    );
    expect(claimed).toHaveLength(500);
    expect(new Set(claimed).size).toBe(500);
    const [row] = await api.db.dataSource.query(
      `SELECT count(*)::int AS n, count(DISTINCT agent_id)::int AS agents FROM run WHERE sweep_id = $1 AND status = 'RUNNING'`,
      [Buffer.from(sweep.id, 'base64url').toString().split(':')[1]],
    );
    expect(row.n).toBe(500);
    expect(row.agents).toBeGreaterThan(1);
  });

  it('hands out only runs predicted to fit, and null when nothing fits', async () => {
    const sweep = await createSweep(api, projectId, { ...SWEEP_INPUT, name: 'fit' });
    const est = await api.ok(`query($id: ID!) { sweep(id: $id) { runs { nodes { predictedMemoryBytes } } } }`, { id: sweep.id });
    const sizes = est.sweep.runs.nodes.map((r: any) => r.predictedMemoryBytes as number).sort((a: number, b: number) => a - b);
    const agentId = await registerAgent(api);
    expect(await claim(agentId, sweep.id, sizes[0] - 1)).toBeNull();
    const run = await claim(agentId, sweep.id, sizes[0]);
    const d = await api.ok(`query($id: ID!) { run(id: $id) { predictedMemoryBytes } }`, { id: run!.id });
    expect(d.run.predictedMemoryBytes).toBe(sizes[0]);
  });
});

describe('leases', () => {
  it('sends a run without heartbeats back to the queue with attempt 2, and FAILED after the last attempt', async () => {
    const sweep = await createSweep(api, projectId, {
      ...SWEEP_INPUT,
      name: 'lease',
      maxAttempts: 2,
      space: { ...SWEEP_INPUT.space, rank: [4], quantization: ['FP32'], targetModules: [['Q_PROJ']] },
    });
    const agentId = await registerAgent(api);
    const first = await claim(agentId, sweep.id);
    expect(first!.attempt).toBe(1);
    await new Promise((r) => setTimeout(r, 1200));
    expect(await api.server.services.lifecycle.requeueExpired()).toBeGreaterThanOrEqual(1);
    const d1 = await api.ok(`query($id: ID!) { run(id: $id) { status attempt error } }`, { id: first!.id });
    expect(d1.run).toMatchObject({ status: 'QUEUED', attempt: 2 });
    expect(d1.run.error).toMatch(/lease expired/);
    // The old holder has lost it: its writes are refused.
    const late = await api.gql(HEARTBEAT, { input: { agentId, runId: first!.id } });
    expect(late.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'LEASE_LOST' });

    const second = await claim(agentId, sweep.id);
    expect(second).toMatchObject({ id: first!.id, attempt: 2 });
    await new Promise((r) => setTimeout(r, 1200));
    await api.server.services.lifecycle.requeueExpired();
    const d2 = await api.ok(`query($id: ID!) { run(id: $id) { status attempt } }`, { id: first!.id });
    expect(d2.run).toEqual({ status: 'FAILED', attempt: 2 });
  });

  it('keeps a run while heartbeats renew its lease, and says when cancellation was asked', async () => {
    const sweep = await createSweep(api, projectId, {
      ...SWEEP_INPUT,
      name: 'heartbeat',
      space: { ...SWEEP_INPUT.space, rank: [4], quantization: ['FP32'], targetModules: [['Q_PROJ']] },
    });
    const agentId = await registerAgent(api);
    const run = await claim(agentId, sweep.id);
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 500));
      const hb = await api.ok(HEARTBEAT, { input: { agentId, runId: run!.id } });
      expect(hb.heartbeat.cancelRequested).toBe(false);
      await api.server.services.lifecycle.requeueExpired();
    }
    await api.ok(`mutation($input: CancelRunInput!) { cancelRun(input: $input) { run { status } } }`, { input: { id: run!.id } });
    const hb = await api.ok(HEARTBEAT, { input: { agentId, runId: run!.id } });
    expect(hb.heartbeat.cancelRequested).toBe(true);
    const failed = await api.ok(FAIL, { input: { runId: run!.id, agentId, error: 'cancelled by request', retryable: true } });
    expect(failed.failRun.run.status).toBe('CANCELLED');
  });

  it('lets only the agent holding the lease write to a run', async () => {
    const sweep = await createSweep(api, projectId, {
      ...SWEEP_INPUT,
      name: 'holder',
      space: { ...SWEEP_INPUT.space, rank: [4], quantization: ['FP32'], targetModules: [['Q_PROJ']] },
    });
    const holder = await registerAgent(api);
    const other = await registerAgent(api);
    const run = await claim(holder, sweep.id);
    for (const [query, input] of [
      [HEARTBEAT, { agentId: other, runId: run!.id }],
      [LOG, { agentId: other, runId: run!.id, points: [{ key: 'loss', step: 0, value: 1 }] }],
      [COMPLETE, { agentId: other, runId: run!.id, summary: summary(0.5, 100) }],
      [FAIL, { agentId: other, runId: run!.id, error: 'x' }],
    ] as const) {
      const r = await api.gql(query, { input });
      expect(r.errors![0].extensions!.code).toBe('FORBIDDEN');
    }
    const done = await api.ok(COMPLETE, { input: { agentId: holder, runId: run!.id, summary: summary(0.75, 100) } });
    expect(done.completeRun.run).toEqual({ status: 'SUCCEEDED', summary: { accuracy: 0.75 } });
    // A finished run takes no more writes, even from its last holder.
    const after = await api.gql(LOG, { input: { agentId: holder, runId: run!.id, points: [{ key: 'loss', step: 1, value: 1 }] } });
    expect(after.errors![0].extensions!.code).toBe('FORBIDDEN');
  });

  it('refuses a summary without its measurements, naming the field, and leaves the run RUNNING', async () => {
    const sweep = await createSweep(api, projectId, {
      ...SWEEP_INPUT,
      name: 'unmeasured',
      space: { ...SWEEP_INPUT.space, rank: [4], quantization: ['FP32'], targetModules: [['Q_PROJ']] },
    });
    const agentId = await registerAgent(api);
    const run = await claim(agentId, sweep.id);
    const zeroMemory = { baseWeights: 0, adapters: 0, gradients: 0, optimizerState: 0, activations: 0 };
    for (const [bad, field] of [
      [{ ...summary(0.5, 100), peakMemoryBytes: 0 }, 'input.summary.peakMemoryBytes'],
      [{ ...summary(0.5, 100), tokensPerSecond: 0 }, 'input.summary.tokensPerSecond'],
      [{ ...summary(0.5, 100), memory: zeroMemory }, 'input.summary.memory'],
      [{ ...summary(0.5, 100), evalBatchSize: 0 }, 'input.summary.evalBatchSize'],
      [{ ...summary(0.5, 100), evalPeakMemoryBytes: 0 }, 'input.summary.evalPeakMemoryBytes'],
    ] as const) {
      const r = await api.gql(COMPLETE, { input: { agentId, runId: run!.id, summary: bad } });
      expect(r.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const d = await api.ok(`query($id: ID!) { run(id: $id) { status summary { accuracy } } }`, { id: run!.id });
    expect(d.run).toEqual({ status: 'RUNNING', summary: null });
    // The final evaluation's batch and measured peak are kept; an agent that omits them gets nulls.
    await api.ok(COMPLETE, { input: { agentId, runId: run!.id, summary: { ...summary(0.5, 100), evalBatchSize: 3, evalPeakMemoryBytes: 77 } } });
    const kept = await api.ok(`query($id: ID!) { run(id: $id) { status summary { evalBatchSize evalPeakMemoryBytes } } }`, { id: run!.id });
    expect(kept.run).toEqual({ status: 'SUCCEEDED', summary: { evalBatchSize: 3, evalPeakMemoryBytes: 77 } });
  });

  it('requeues a retryable failure with attempt + 1 and fails a non-retryable one', async () => {
    const sweep = await createSweep(api, projectId, {
      ...SWEEP_INPUT,
      name: 'failures',
      space: { ...SWEEP_INPUT.space, rank: [4], quantization: ['FP32'], targetModules: [['Q_PROJ']] },
    });
    const agentId = await registerAgent(api);
    const run = await claim(agentId, sweep.id);
    const r1 = await api.ok(FAIL, { input: { runId: run!.id, agentId, error: 'out of memory', retryable: true } });
    expect(r1.failRun.run).toEqual({ status: 'QUEUED', attempt: 2, error: 'out of memory' });
    await claim(agentId, sweep.id);
    const r2 = await api.ok(FAIL, { input: { runId: run!.id, agentId, error: 'dataset unreadable', retryable: false } });
    expect(r2.failRun.run).toEqual({ status: 'FAILED', attempt: 2, error: 'dataset unreadable' });
  });

  it("keeps a failure's detail as data (code, and a dataset record's file, line, field), and refuses a malformed one", async () => {
    const sweep = await createSweep(api, projectId, {
      ...SWEEP_INPUT,
      name: 'failure detail',
      space: { ...SWEEP_INPUT.space, rank: [4], quantization: ['FP32'], targetModules: [['Q_PROJ']] },
    });
    const agentId = await registerAgent(api);
    const run = await claim(agentId, sweep.id);
    const DETAIL_FAIL = `mutation($input: FailRunInput!) { failRun(input: $input) { run { status error errorDetail { code file line row field } } } }`;
    const bad = await api.gql(DETAIL_FAIL, { input: { runId: run!.id, agentId, error: 'x', errorDetail: { code: 'not a code', line: -1 } } });
    expect(bad.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.errorDetail.code' });
    const error = 'DATASET_INVALID: /data/train.jsonl:3: field "text" must be a string (is number)';
    const r = await api.ok(DETAIL_FAIL, {
      input: { runId: run!.id, agentId, error, errorDetail: { code: 'DATASET_INVALID', file: '/data/train.jsonl', line: 3, field: 'text' } },
    });
    expect(r.failRun.run).toEqual({ status: 'FAILED', error, errorDetail: { code: 'DATASET_INVALID', file: '/data/train.jsonl', line: 3, row: null, field: 'text' } });
  });
});

describe('logMetrics', () => {
  it('stores every point once when a batch is sent twice', async () => {
    const sweep = await createSweep(api, projectId, {
      ...SWEEP_INPUT,
      name: 'metrics',
      space: { ...SWEEP_INPUT.space, rank: [4], quantization: ['FP32'], targetModules: [['Q_PROJ']] },
    });
    const agentId = await registerAgent(api);
    const run = await claim(agentId, sweep.id);
    const points = Array.from({ length: 3000 }, (_, i) => ({ key: i % 2 ? 'train/loss' : 'train/lr', step: Math.floor(i / 2), value: i / 10 }));
    const first = await api.ok(LOG, { input: { runId: run!.id, agentId, points } });
    const again = await api.ok(LOG, { input: { runId: run!.id, agentId, points } });
    expect(first.logMetrics).toEqual({ received: 3000, stored: 3000 });
    expect(again.logMetrics).toEqual({ received: 3000, stored: 0 });
    // Half stored before, half new, and one point twice within the batch: the new ones, once.
    const overlapping = [
      ...points.slice(2000),
      ...Array.from({ length: 1000 }, (_, i) => ({ key: 'train/lr', step: 1500 + i, value: -i })),
      { key: 'train/lr', step: 1500, value: 7 },
    ];
    const third = await api.ok(LOG, { input: { runId: run!.id, agentId, points: overlapping } });
    expect(third.logMetrics).toEqual({ received: 2001, stored: 1000 });
    const runUuid = Buffer.from(run!.id, 'base64url').toString().split(':')[1];
    const [row] = await api.db.dataSource.query(`SELECT count(*)::int AS n FROM metric WHERE run_id = $1`, [runUuid]);
    expect(row.n).toBe(4000);
    const d = await api.ok(
      `query($id: ID!) { run(id: $id) { metricKeys metrics(keys: ["train/loss"], maxPoints: 100) { key downsampled points { step value } } } }`,
      { id: run!.id },
    );
    expect(d.run.metricKeys).toEqual(['train/loss', 'train/lr']);
    const series = d.run.metrics[0];
    expect(series.downsampled).toBe(true);
    expect(series.points.length).toBeLessThanOrEqual(100);
    expect(series.points.length).toBeGreaterThan(90);
    expect(series.points[0]).toEqual({ step: 0, value: 0.1 });
    expect(series.points.at(-1)).toEqual({ step: 1499, value: 299.9 });
    const steps = series.points.map((p: any) => p.step);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
    // Deterministic: the same query gives the same points.
    const d2 = await api.ok(`query($id: ID!) { run(id: $id) { metrics(keys: ["train/loss"], maxPoints: 100) { points { step value } } } }`, { id: run!.id });
    expect(d2.run.metrics[0].points).toEqual(series.points);
  });

  it('supersedes the points of steps logged anew (an out-of-memory retry), idempotently, and only for the lease holder', async () => {
    const sweep = await createSweep(api, projectId, {
      ...SWEEP_INPUT,
      name: 'metric-supersede',
      space: { ...SWEEP_INPUT.space, rank: [4], quantization: ['FP32'], targetModules: [['Q_PROJ']] },
    });
    const agentId = await registerAgent(api);
    const run = await claim(agentId, sweep.id);
    const series = async () => {
      const d = await api.ok(`query($id: ID!) { run(id: $id) { metrics(keys: ["train/loss", "memory/peak_bytes", "train/oom_retry"]) { key points { step value } } } }`, { id: run!.id });
      return Object.fromEntries(d.run.metrics.map((m: any) => [m.key, m.points.map((p: any) => [p.step, p.value])]));
    };
    // Steps 1..8 at micro-batch 8; step 9 ran out of memory; the retry resumes from the checkpoint at step 5.
    const before = Array.from({ length: 8 }, (_, i) => [
      { key: 'train/loss', step: i + 1, value: 10 - i },
      { key: 'memory/peak_bytes', step: i + 1, value: 9000 },
    ]).flat();
    await api.ok(LOG, { input: { runId: run!.id, agentId, points: before } });
    const retried = {
      runId: run!.id,
      agentId,
      // The step series after the checkpoint; the peaks (of the larger micro-batch) all of them.
      supersede: [
        { afterStep: 5, keys: ['train/loss'] },
        { afterStep: 0, keys: ['memory/peak_bytes'] },
      ],
      points: [
        { key: 'train/oom_retry', step: 9, value: 8 },
        { key: 'train/loss', step: 6, value: 4.5 },
        { key: 'memory/peak_bytes', step: 6, value: 5000 },
      ],
    };
    expect((await api.ok(LOG, { input: retried })).logMetrics).toEqual({ received: 3, stored: 3 });
    const after = {
      'train/loss': [[1, 10], [2, 9], [3, 8], [4, 7], [5, 6], [6, 4.5]],
      'memory/peak_bytes': [[6, 5000]],
      'train/oom_retry': [[9, 8]],
    };
    expect(await series()).toEqual(after);
    // Sent again (a lost reply): the same result (the two superseded points stored again, the marker kept).
    expect((await api.ok(LOG, { input: retried })).logMetrics).toEqual({ received: 3, stored: 2 });
    expect(await series()).toEqual(after);
    // Bad input names the field and deletes nothing.
    const bad = await api.gql(LOG, { input: { ...retried, supersede: [{ afterStep: 0, keys: ['train/loss'] }, { afterStep: -1, keys: ['ok', 'bad key!'] }] } });
    expect(bad.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(bad.errors![0].extensions!.fields).toEqual([
      { path: 'input.supersede.1.afterStep', message: expect.any(String) },
      { path: 'input.supersede.1.keys.1', message: expect.any(String) },
    ]);
    const none = await api.gql(LOG, { input: { ...retried, supersede: [{ afterStep: 0, keys: [] }] } });
    expect(none.errors![0].extensions!.fields).toEqual([{ path: 'input.supersede.0.keys', message: expect.any(String) }]);
    // Another agent (no lease) deletes nothing.
    const other = await registerAgent(api);
    const foreign = await api.gql(LOG, { input: { ...retried, agentId: other, supersede: [{ afterStep: 0, keys: ['train/loss'] }], points: [] } });
    expect(foreign.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'LEASE_LOST' });
    expect(await series()).toEqual(after);
  });

  it('applies a rewind with an id once: a copy of its batch executed after later batches deletes nothing of theirs', async () => {
    const sweep = await createSweep(api, projectId, {
      ...SWEEP_INPUT,
      name: 'metric-rewind-once',
      space: { ...SWEEP_INPUT.space, rank: [4], quantization: ['FP32'], targetModules: [['Q_PROJ']] },
    });
    const agentId = await registerAgent(api);
    const run = await claim(agentId, sweep.id);
    const losses = async () =>
      (await api.ok(`query($id: ID!) { run(id: $id) { metrics(keys: ["train/loss"]) { points { step value } } } }`, { id: run!.id })).run.metrics[0].points.map((p: any) => [p.step, p.value]);
    const loss = (step: number, value: number) => ({ key: 'train/loss', step, value });
    await api.ok(LOG, { input: { runId: run!.id, agentId, points: [1, 2, 3, 4, 5, 6, 7, 8].map((s) => loss(s, 10 - s)) } });
    // The retry from step 5 (its first batch carries the rewind), then the steps after it.
    const first = { runId: run!.id, agentId, supersede: [{ afterStep: 5, keys: ['train/loss'], id: '5f0c1d9e-9a2b-4c3d-8e7f-0a1b2c3d4e5f' }], points: [loss(6, 4.5)] };
    expect((await api.ok(LOG, { input: first })).logMetrics.stored).toBe(1);
    await api.ok(LOG, { input: { runId: run!.id, agentId, points: [loss(7, 4), loss(8, 3.5)] } });
    const expected = [[1, 9], [2, 8], [3, 7], [4, 6], [5, 5], [6, 4.5], [7, 4], [8, 3.5]];
    expect(await losses()).toEqual(expected);
    // A copy of the first batch, executed now (the client had given up on it and sent it again): steps 7 and 8 stay.
    expect((await api.ok(LOG, { input: first })).logMetrics.stored).toBe(0);
    expect(await losses()).toEqual(expected);
    // An id that is not a UUID: the field named, nothing deleted.
    const bad = await api.gql(LOG, { input: { ...first, supersede: [{ afterStep: 0, keys: ['train/loss'], id: 'not-a-uuid' }] } });
    expect(bad.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.supersede.0.id', message: 'must be a UUID' }] });
    expect(await losses()).toEqual(expected);
  });

  it("gives a series' min and max over all its points, those downsampling leaves out included", async () => {
    const sweep = await createSweep(api, projectId, {
      ...SWEEP_INPUT,
      name: 'metric-extrema',
      space: { ...SWEEP_INPUT.space, rank: [4], quantization: ['FP32'], targetModules: [['Q_PROJ']] },
    });
    const agentId = await registerAgent(api);
    const run = await claim(agentId, sweep.id);
    // A peak and a trough at steps that a 10-point downsample of 1..1000 does not return.
    const points = Array.from({ length: 1000 }, (_, i) => ({ key: 'memory/peak_bytes', step: i + 1, value: i === 556 ? 9e6 : i === 778 ? 1e3 : 5e6 }));
    await api.ok(LOG, { input: { runId: run!.id, agentId, points: [...points, { key: 'eval/loss', step: 10, value: 2.5 }, { key: 'eval/loss', step: 20, value: 1.5 }] } });
    const q = `query($id: ID!, $keys: [String!]) { run(id: $id) { metrics(keys: $keys, maxPoints: 10) { key downsampled min max points { step value } } } }`;
    const d = await api.ok(q, { id: run!.id, keys: ['memory/peak_bytes', 'eval/loss', 'never/logged'] });
    const [peak, loss, none] = d.run.metrics;
    expect(peak.downsampled).toBe(true);
    expect(peak.points.map((p: any) => p.value)).not.toContain(9e6);
    expect(peak.points.map((p: any) => p.value)).not.toContain(1e3);
    expect({ min: peak.min, max: peak.max }).toEqual({ min: 1e3, max: 9e6 });
    expect(loss).toMatchObject({ downsampled: false, min: 1.5, max: 2.5 });
    expect(none).toMatchObject({ points: [], min: null, max: null });
  });

  it('refuses batches over 10,000 points and invalid points, storing nothing', async () => {
    const sweep = await createSweep(api, projectId, {
      ...SWEEP_INPUT,
      name: 'bad-metrics',
      space: { ...SWEEP_INPUT.space, rank: [4], quantization: ['FP32'], targetModules: [['Q_PROJ']] },
    });
    const agentId = await registerAgent(api);
    const run = await claim(agentId, sweep.id);
    const big = Array.from({ length: 10_001 }, (_, i) => ({ key: 'loss', step: i, value: 1 }));
    const r1 = await api.gql(LOG, { input: { runId: run!.id, agentId, points: big } });
    expect(r1.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.points' });
    const r2 = await api.gql(LOG, { input: { runId: run!.id, agentId, points: [{ key: 'ok', step: 1, value: 1 }, { key: 'bad key!', step: -1, value: 1 }] } });
    expect(r2.errors![0].extensions!.fields).toEqual([
      { path: 'input.points.1.key', message: expect.any(String) },
      { path: 'input.points.1.step', message: expect.any(String) },
    ]);
    const runUuid = Buffer.from(run!.id, 'base64url').toString().split(':')[1];
    const [row] = await api.db.dataSource.query(`SELECT count(*)::int AS n FROM metric WHERE run_id = $1`, [runUuid]);
    expect(row.n).toBe(0);
  });
});
