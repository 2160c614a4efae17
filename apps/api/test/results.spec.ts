import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, createSweep, registerAgent, startTestApi, SWEEP_INPUT, type TestApi } from './harness';

let api: TestApi;
let projectId: string;

beforeAll(async () => {
  api = await startTestApi();
  projectId = await createProject(api);
});
afterAll(() => api.close());

const summary = (accuracy: number, peakMemoryBytes: number) => ({
  accuracy,
  evalLoss: 1 - accuracy,
  peakMemoryBytes,
  memory: { baseWeights: 10, adapters: 10, gradients: 10, optimizerState: 10, activations: peakMemoryBytes - 40 },
  predictedMemoryBytes: peakMemoryBytes,
  trainableParams: 100,
  totalParams: 1000,
  tokensPerSecond: 500,
  durationSeconds: 3,
});

/**
 * A sweep over rank {4, 8} × {FP32, INT8, NF4}, every run finished with hand-chosen results:
 *   r4: FP32 0.80 @ 1000, INT8 0.79 @ 600, NF4 0.70 @ 400
 *   r8: FP32 0.90 @ 1100, INT8 0.90 @ 700, NF4 0.85 @ 450
 * Pareto front (memory up, accuracy up): r4-NF4 (400, 0.70), r8-NF4 (450, 0.85), r8-INT8 (700, 0.90).
 */
const RESULTS: Record<string, [number, number]> = {
  '4/FP32': [0.8, 1000],
  '4/INT8': [0.79, 600],
  '4/NF4': [0.7, 400],
  '8/FP32': [0.9, 1100],
  '8/INT8': [0.9, 700],
  '8/NF4': [0.85, 450],
};

describe('paretoFront and comparison', () => {
  let sweepId: string;
  const byKey = new Map<string, string>();

  beforeAll(async () => {
    sweepId = (
      await createSweep(api, projectId, {
        ...SWEEP_INPUT,
        name: 'fixture',
        space: { rank: [4, 8], quantization: ['FP32', 'INT8', 'NF4'], targetModules: [['Q_PROJ', 'V_PROJ']] },
      })
    ).id;
    const agentId = await registerAgent(api);
    for (;;) {
      const d = await api.ok(
        `mutation($input: ClaimRunInput!) { claimRun(input: $input) { run { id config { rank quantization } } } }`,
        { input: { agentId, sweepId } },
      );
      const run = d.claimRun.run;
      if (!run) break;
      const key = `${run.config.rank}/${run.config.quantization}`;
      byKey.set(key, run.id);
      const [acc, mem] = RESULTS[key];
      await api.ok(`mutation($input: CompleteRunInput!) { completeRun(input: $input) { run { id } } }`, {
        input: { runId: run.id, agentId, summary: summary(acc, mem) },
      });
    }
  });

  it('returns exactly the non-dominated runs, by memory ascending', async () => {
    const d = await api.ok(
      `query($id: ID!) { sweep(id: $id) { status bestAccuracy lowestPeakMemoryBytes progress { succeeded fractionDone }
         paretoFront { id summary { accuracy peakMemoryBytes } } } }`,
      { id: sweepId },
    );
    expect(d.sweep.paretoFront.map((r: any) => r.id)).toEqual([byKey.get('4/NF4'), byKey.get('8/NF4'), byKey.get('8/INT8')]);
    expect(d.sweep).toMatchObject({
      status: 'FINISHED',
      bestAccuracy: 0.9,
      lowestPeakMemoryBytes: 400,
      progress: { succeeded: 6, fractionDone: 1 },
    });
  });

  it('matches each quantized run with the FP32 run of the same settings', async () => {
    const d = await api.ok(
      `query($id: ID!) { sweep(id: $id) { comparison { quantization accuracyDelta memoryRatio baseline { id } quantized { id config { quantization } } } } }`,
      { id: sweepId },
    );
    const pairs = d.sweep.comparison.map((p: any) => ({
      baseline: p.baseline.id,
      quantized: p.quantized.id,
      quantization: p.quantization,
      accuracyDelta: Math.round(p.accuracyDelta * 1000) / 1000,
      memoryRatio: Math.round(p.memoryRatio * 1000) / 1000,
    }));
    expect(pairs).toHaveLength(4);
    // baseline is resolved from its id alone, quantized is loaded in full: both are the right runs.
    for (const p of d.sweep.comparison) expect(p.quantized.config.quantization).toBe(p.quantization);
    expect(pairs).toEqual(
      expect.arrayContaining([
        { baseline: byKey.get('4/FP32'), quantized: byKey.get('4/NF4'), quantization: 'NF4', accuracyDelta: -0.1, memoryRatio: 0.4 },
        { baseline: byKey.get('4/FP32'), quantized: byKey.get('4/INT8'), quantization: 'INT8', accuracyDelta: -0.01, memoryRatio: 0.6 },
        { baseline: byKey.get('8/FP32'), quantized: byKey.get('8/NF4'), quantization: 'NF4', accuracyDelta: -0.05, memoryRatio: 0.409 },
        { baseline: byKey.get('8/FP32'), quantized: byKey.get('8/INT8'), quantization: 'INT8', accuracyDelta: 0, memoryRatio: 0.636 },
      ]),
    );
  });

  it('filters and orders runs', async () => {
    const d = await api.ok(
      `query($id: ID!) { sweep(id: $id) { runs(filter: { quantization: [NF4, INT8], minAccuracy: 0.8 }, orderBy: { field: PEAK_MEMORY, direction: DESC }) {
         totalCount nodes { id } } } }`,
      { id: sweepId },
    );
    expect(d.sweep.runs.nodes.map((r: any) => r.id)).toEqual([byKey.get('8/INT8'), byKey.get('8/NF4')]);
    const page1 = await api.ok(`query($id: ID!) { sweep(id: $id) { runs(first: 4) { pageInfo { hasNextPage endCursor } nodes { id } } } }`, { id: sweepId });
    const page2 = await api.ok(`query($id: ID!, $after: String) { sweep(id: $id) { runs(first: 4, after: $after) { pageInfo { hasNextPage } nodes { id } } } }`, {
      id: sweepId,
      after: page1.sweep.runs.pageInfo.endCursor,
    });
    expect(page1.sweep.runs.pageInfo.hasNextPage).toBe(true);
    expect(page2.sweep.runs.pageInfo.hasNextPage).toBe(false);
    const all = [...page1.sweep.runs.nodes, ...page2.sweep.runs.nodes].map((r: any) => r.id);
    expect(new Set(all).size).toBe(6);
  });
});

describe('results as runs finish', () => {
  it('serves a sweep\'s front and pairs fresh after each completion, never a stale copy', async () => {
    const sweep = await createSweep(api, projectId, {
      ...SWEEP_INPUT,
      name: 'growing',
      space: { rank: [4], quantization: ['FP32', 'NF4'], targetModules: [['Q_PROJ']] },
    });
    const agentId = await registerAgent(api);
    const read = () =>
      api.ok(`query($id: ID!) { sweep(id: $id) { paretoFront { id } comparison { memoryRatio baseline { id } quantized { id } } } }`, {
        id: sweep.id,
      });
    const finish = async (accuracy: number, memory: number) => {
      const d = await api.ok(`mutation($i: ClaimRunInput!) { claimRun(input: $i) { run { id } } }`, { i: { agentId, sweepId: sweep.id } });
      const runId = d.claimRun.run.id;
      await api.ok(`mutation($i: CompleteRunInput!) { completeRun(input: $i) { run { id } } }`, {
        i: { runId, agentId, summary: summary(accuracy, memory) },
      });
      return runId as string;
    };
    expect(await read()).toEqual({ sweep: { paretoFront: [], comparison: [] } });
    const fp32 = await finish(0.8, 1000);
    expect(await read()).toEqual({ sweep: { paretoFront: [{ id: fp32 }], comparison: [] } });
    const nf4 = await finish(0.75, 400);
    expect(await read()).toEqual({
      sweep: {
        paretoFront: [{ id: nf4 }, { id: fp32 }],
        comparison: [{ memoryRatio: 0.4, baseline: { id: fp32 }, quantized: { id: nf4 } }],
      },
    });
  });

  it('serves the hypervolume of the front after each finished run, in finish order, up to (accuracy 0, 1.1 × the largest peak)', async () => {
    const sweep = await createSweep(api, projectId, {
      ...SWEEP_INPUT,
      name: 'hypervolume',
      space: { rank: [4], quantization: ['FP32', 'NF4', 'INT8'], targetModules: [['Q_PROJ']] },
    });
    const agentId = await registerAgent(api);
    const read = async () =>
      (await api.ok(`query($id: ID!) { sweep(id: $id) { hypervolume { referenceMemoryBytes points { succeededRuns hypervolume } } } }`, { id: sweep.id }))
        .sweep.hypervolume;
    const finish = async (accuracy: number, memory: number) => {
      const d = await api.ok(`mutation($i: ClaimRunInput!) { claimRun(input: $i) { run { id } } }`, { i: { agentId, sweepId: sweep.id } });
      await api.ok(`mutation($i: CompleteRunInput!) { completeRun(input: $i) { run { id } } }`, {
        i: { runId: d.claimRun.run.id, agentId, summary: summary(accuracy, memory) },
      });
    };
    expect(await read()).toEqual({ referenceMemoryBytes: null, points: [] });
    await finish(0.8, 1000);
    // Reference 1.1 × 1000 = 1100; the box is 1 × 1100. One run: 0.8 × (1100 − 1000) = 80.
    let hv = await read();
    expect(hv.referenceMemoryBytes).toBeCloseTo(1100, 6);
    expect(hv.points.map((p: any) => p.hypervolume)).toEqual([expect.closeTo(80 / 1100, 12)]);
    await finish(0.75, 400);
    await finish(0.7, 500); // dominated by the 400-byte run: the front does not grow
    // 0.75 × (1100 − 400) + (0.8 − 0.75) × (1100 − 1000) = 525 + 5 = 530, by hand.
    hv = await read();
    expect(hv.points).toEqual([
      { succeededRuns: 1, hypervolume: expect.closeTo(80 / 1100, 12) },
      { succeededRuns: 2, hypervolume: expect.closeTo(530 / 1100, 12) },
      { succeededRuns: 3, hypervolume: expect.closeTo(530 / 1100, 12) },
    ]);
  });
});

describe('subscriptions', () => {
  it('pushes runUpdated and metricsLogged over graphql-ws', async () => {
    const sweep = await createSweep(api, projectId, {
      ...SWEEP_INPUT,
      name: 'live',
      space: { rank: [4], quantization: ['FP32'], targetModules: [['Q_PROJ']] },
    });
    const client = createClient({
      url: api.url.replace('http', 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${api.adminKey}` },
    });
    const received: any[] = [];
    const metrics: any[] = [];
    const subscribed = (query: string, variables: Record<string, unknown>, sink: any[]) =>
      new Promise<() => void>((resolve, reject) => {
        const unsubscribe = client.subscribe({ query, variables }, {
          next: (v) => sink.push(v),
          error: reject,
          complete: () => undefined,
        });
        // graphql-ws acknowledges subscriptions implicitly; give the server a moment to LISTEN.
        setTimeout(() => resolve(unsubscribe), 300);
      });
    const stop1 = await subscribed(`subscription($s: ID!) { runUpdated(sweepId: $s) { run { id status } sweep { progress { running } } } }`, { s: sweep.id }, received);
    const agentId = await registerAgent(api);
    const claim = await api.ok(`mutation($a: ID!, $s: ID!) { claimRun(input: { agentId: $a, sweepId: $s }) { run { id } } }`, { a: agentId, s: sweep.id });
    const runId = claim.claimRun.run.id;
    const stop2 = await subscribed(`subscription($r: ID!) { metricsLogged(runId: $r) { runId count keys lastStep } }`, { r: runId }, metrics);
    await api.ok(`mutation($input: LogMetricsInput!) { logMetrics(input: $input) { stored } }`, {
      input: { runId, agentId, points: [{ key: 'train/loss', step: 7, value: 1.5 }, { key: 'train/loss', step: 8, value: 1.4 }] },
    });
    // Events are sent after their commit, batched: the sweep's own creation event may come first.
    const claimed = () => received.find((e) => e.data.runUpdated.run);
    for (let i = 0; i < 50 && (!claimed() || metrics.length < 1); i++) await new Promise((r) => setTimeout(r, 100));
    stop1();
    stop2();
    await client.dispose();
    // Each event is read fresh, even after earlier events of the same subscription.
    expect(claimed().data.runUpdated).toEqual({ run: { id: runId, status: 'RUNNING' }, sweep: { progress: { running: 1 } } });
    expect(metrics[0].data.metricsLogged).toEqual({ runId, count: 2, keys: ['train/loss'], lastStep: 8 });
  });

  it('refuses a subscription without a valid key', async () => {
    const client = createClient({
      url: api.url.replace('http', 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: 'Bearer llk_wrong' },
      retryAttempts: 0,
    });
    const outcome = await new Promise<unknown>((resolve) => {
      client.subscribe({ query: `subscription { metricsLogged(runId: "x") { count } }` }, {
        next: () => resolve('data'),
        error: (e) => resolve(e),
        complete: () => resolve('complete'),
      });
    });
    await client.dispose();
    expect(outcome).not.toBe('data');
  });
});

describe('the estimator learns a per-model correction from finished runs', () => {
  const oneRun = (name: string, baseModel: string) => ({
    ...SWEEP_INPUT,
    name,
    baseModel,
    space: { rank: [4], quantization: ['NF4'], targetModules: [['Q_PROJ', 'V_PROJ']] },
  });
  const predicted = async (sweepId: string) =>
    (await api.ok(`query($id: ID!) { sweep(id: $id) { runs { nodes { predictedMemoryBytes } } } }`, { id: sweepId })).sweep.runs.nodes[0].predictedMemoryBytes as number;

  it('predicts the next sweep on a base by the measured ÷ predicted of its finished runs, and leaves other bases alone', async () => {
    const first = await createSweep(api, projectId, oneRun('small-1', 'builtin:small-llama'));
    const raw = await predicted(first.id);
    const otherBefore = await predicted((await createSweep(api, projectId, oneRun('bench-1', 'builtin:bench-llama'))).id);
    const agentId = await registerAgent(api);
    const d = await api.ok(`mutation($i: ClaimRunInput!) { claimRun(input: $i) { run { id } } }`, { i: { agentId, sweepId: first.id } });
    // The trainer predicted 1000 bytes for this run and measured 1250: the estimator's error is 1.25.
    await api.ok(`mutation($i: CompleteRunInput!) { completeRun(input: $i) { run { id } } }`, {
      i: { runId: d.claimRun.run.id, agentId, summary: { ...summary(0.5, 1250), predictedMemoryBytes: 1000 } },
    });
    const second = await predicted((await createSweep(api, projectId, oneRun('small-2', 'builtin:small-llama'))).id);
    expect(second).toBe(Math.round(raw * 1.25));
    const { name: _name, ...plan } = oneRun('x', 'builtin:small-llama');
    const est = await api.ok(`query($i: SweepPlanInput!) { estimateMemory(input: $i) { configurations { memory { total } } } }`, { i: plan });
    expect(est.estimateMemory.configurations[0].memory.total).toBe(second);
    expect(await predicted((await createSweep(api, projectId, oneRun('bench-2', 'builtin:bench-llama'))).id)).toBe(otherBefore);
  });

  it('takes the 90th percentile of the ratios, so a budget holds for nine runs in ten, not the median', async () => {
    const base = 'builtin:wide-llama'; // no other test finishes runs on it
    const raw = await predicted((await createSweep(api, projectId, oneRun('wide-0', base))).id);
    const agentId = await registerAgent(api, undefined, 'quantile');
    // Measured ÷ predicted 0.9, 1.0 and 1.1: the median is 1.0; the 90th percentile (interpolated, as percentile_cont) 1.08.
    for (const [i, measured] of [900, 1000, 1100].entries()) {
      const sweep = await createSweep(api, projectId, oneRun(`wide-${i + 1}`, base));
      const d = await api.ok(`mutation($i: ClaimRunInput!) { claimRun(input: $i) { run { id } } }`, { i: { agentId, sweepId: sweep.id } });
      await api.ok(`mutation($i: CompleteRunInput!) { completeRun(input: $i) { run { id } } }`, {
        i: { runId: d.claimRun.run.id, agentId, summary: { ...summary(0.5, measured), predictedMemoryBytes: 1000 } },
      });
    }
    expect(await predicted((await createSweep(api, projectId, oneRun('wide-4', base))).id)).toBe(Math.round(raw * 1.08));
  });

  it('learns it per set of target modules, which moves the error; a set no run measured takes the base\'s', async () => {
    // A team of its own: no other test's runs in its corrections.
    const team = await api.ok(`mutation { createTeam(input: { name: "per-targets" }) { secret } }`);
    const key = team.createTeam.secret as string;
    const project = await createProject(api, 'targets', key);
    const agentId = await registerAgent(api, key, 'targets');
    const run = (name: string, targets: string[]) => ({ ...oneRun(name, 'builtin:small-llama'), space: { rank: [4], quantization: ['NF4'], targetModules: [targets] } });
    const QV = ['Q_PROJ', 'V_PROJ'];
    const ALL = ['Q_PROJ', 'K_PROJ', 'V_PROJ', 'O_PROJ', 'GATE_PROJ', 'UP_PROJ', 'DOWN_PROJ'];
    const QKVO = ['Q_PROJ', 'K_PROJ', 'V_PROJ', 'O_PROJ'];
    const predictedFor = async (name: string, targets: string[]) => {
      const sweep = await createSweep(api, project, run(name, targets), key);
      return (await api.ok(`query($id: ID!) { sweep(id: $id) { runs { nodes { predictedMemoryBytes } } } }`, { id: sweep.id }, key)).sweep.runs.nodes[0].predictedMemoryBytes as number;
    };
    const raw = { qv: await predictedFor('raw-qv', QV), all: await predictedFor('raw-all', ALL), qkvo: await predictedFor('raw-qkvo', QKVO) };
    {
      const { name: _n, ...plan } = run('x', QV);
      const est = await api.ok(`query($i: SweepPlanInput!) { estimateMemory(input: $i) { configurations { correction correctionSource } } }`, { i: plan }, key);
      expect(est.estimateMemory.configurations[0]).toEqual({ correction: 1, correctionSource: 'NONE' });
    }
    // q+v runs measure 0.9× the estimate, seven-target runs 1.3× (the order of the modules in a run's config does not matter).
    for (const [i, [targets, measured]] of ([[QV, 900], [['V_PROJ', 'Q_PROJ'], 900], [ALL, 1300], [ALL, 1300]] as const).entries()) {
      const sweep = await createSweep(api, project, run(`measured-${i}`, [...targets]), key);
      const d = await api.ok(`mutation($i: ClaimRunInput!) { claimRun(input: $i) { run { id } } }`, { i: { agentId, sweepId: sweep.id } }, key);
      await api.ok(`mutation($i: CompleteRunInput!) { completeRun(input: $i) { run { id } } }`, {
        i: { runId: d.claimRun.run.id, agentId, summary: { ...summary(0.5, measured), predictedMemoryBytes: 1000 } },
      }, key);
    }
    expect(await predictedFor('next-qv', QV)).toBe(Math.round(raw.qv * 0.9));
    expect(await predictedFor('next-all', ALL)).toBe(Math.round(raw.all * 1.3));
    // No q+k+v+o run measured: the base's 90th percentile of 0.9, 0.9, 1.3, 1.3 (interpolated: 1.3).
    expect(await predictedFor('next-qkvo', QKVO)).toBe(Math.round(raw.qkvo * 1.3));
    // estimateMemory corrects the same way, and says by what and from which runs.
    const estimate = async (targets: string[]) => {
      const { name: _n, ...plan } = run('x', targets);
      const est = await api.ok(`query($i: SweepPlanInput!) { estimateMemory(input: $i) { configurations { memory { total } correction correctionSource } } }`, { i: plan }, key);
      return est.estimateMemory.configurations[0];
    };
    expect(await estimate(ALL)).toEqual({ memory: { total: Math.round(raw.all * 1.3) }, correction: 1.3, correctionSource: 'TARGETS' });
    expect(await estimate(QKVO)).toEqual({ memory: { total: Math.round(raw.qkvo * 1.3) }, correction: 1.3, correctionSource: 'BASE' });
    expect(await estimate(['V_PROJ', 'Q_PROJ'])).toMatchObject({ correction: 0.9, correctionSource: 'TARGETS' });
  });
});
