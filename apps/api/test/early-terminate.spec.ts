import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, createSweep, registerAgent, startTestApi, summary, SWEEP_INPUT, type TestApi } from './harness';

let api: TestApi;
let projectId: string;

const CLAIM = `mutation($input: ClaimRunInput!) { claimRun(input: $input) { run { id config { learningRate } } } }`;
const HEARTBEAT = `mutation($input: HeartbeatInput!) { heartbeat(input: $input) { cancelRequested } }`;
const LOG = `mutation($input: LogMetricsInput!) { logMetrics(input: $input) { stored } }`;
const FAIL = `mutation($input: FailRunInput!) { failRun(input: $input) { run { status rung prunedRung prunedReason error } } }`;
const RUN = `query($id: ID!) { node(id: $id) { ... on Run { status rung prunedRung cancelRequested } } }`;

beforeAll(async () => {
  api = await startTestApi({ leaseSeconds: 30, reaperIntervalMs: 60_000 });
  projectId = await createProject(api);
});
afterAll(() => api.close());

describe('early termination (PARETO)', () => {
  it('stops a dominated run at its rung: its next heartbeat says stop, and it ends PRUNED with the rung', async () => {
    // Four configurations with the same predicted memory (only the learning rate differs): domination is by eval loss.
    const sweep = await createSweep(api, projectId, {
      ...SWEEP_INPUT,
      name: 'pareto',
      training: { steps: 40, evalInterval: 10 },
      space: { rank: [4], quantization: ['NF4'], targetModules: [['Q_PROJ', 'V_PROJ']], learningRate: [1e-4, 2e-4, 3e-4, 4e-4] },
      earlyTerminate: { type: 'PARETO', minSteps: 10, eta: 2 },
    });
    const d = await api.ok(`query($id: ID!) { sweep(id: $id) { earlyTerminate { type minSteps eta minRuns } } }`, { id: sweep.id });
    expect(d.sweep.earlyTerminate).toEqual({ type: 'PARETO', minSteps: 10, eta: 2, minRuns: 1 });
    const agents = await Promise.all([0, 1, 2, 3].map((i) => registerAgent(api, undefined, `p${i}`)));
    const runs: string[] = [];
    for (const a of agents) runs.push((await api.ok(CLAIM, { input: { agentId: a, sweepId: sweep.id } })).claimRun.run.id);
    const log = (i: number, step: number, value: number) =>
      api.ok(LOG, { input: { agentId: agents[i], runId: runs[i], points: [{ key: 'eval/loss', step, value }, { key: 'train/loss', step, value }] } });
    const heartbeat = async (i: number) => (await api.ok(HEARTBEAT, { input: { agentId: agents[i], runId: runs[i] } })).heartbeat.cancelRequested;

    // Each of the first three improves on those before it: none is dominated; each passes rung 10.
    await log(0, 10, 1.0);
    await log(1, 10, 0.9);
    await log(2, 10, 0.8);
    for (const i of [0, 1, 2]) {
      expect(await heartbeat(i)).toBe(false);
      expect((await api.ok(RUN, { id: runs[i] })).node).toMatchObject({ status: 'RUNNING', rung: 10, prunedRung: null });
    }
    // Before its rung the fourth runs on; a loss at step 5 is no rung.
    await log(3, 5, 3.0);
    expect(await heartbeat(3)).toBe(false);
    // At its rung all three others dominate it (3 ≥ (1 − 1/2)·3): the very next heartbeat says stop.
    await log(3, 10, 2.0);
    expect(await heartbeat(3)).toBe(true);
    // The agent reports its stop as a failure; a pruned run keeps no error, but the rung and why.
    const failed = await api.ok(FAIL, { input: { agentId: agents[3], runId: runs[3], error: 'cancelled by request', retryable: false } });
    expect(failed.failRun.run).toEqual({
      status: 'PRUNED',
      rung: null,
      prunedRung: 10,
      prunedReason: 'pruned at rung step 10: dominated by 3 of 3 runs at that rung (eval loss and predicted memory)',
      error: null,
    });

    // The others go on; at rung 20 run 0 (worst of the three, same memory) is dominated by both others.
    await log(1, 20, 0.5);
    await log(2, 20, 0.4);
    await log(0, 20, 0.9);
    expect(await heartbeat(0)).toBe(true);
    expect(await heartbeat(1)).toBe(false);
    const SAVED = `query($id: ID!) { sweep(id: $id) { earlyTerminationSavings { prunedRuns endedRuns stepsTrained stepsFull fractionSaved } } }`;
    const p = await api.ok(`query($id: ID!) { sweep(id: $id) { progress { pruned running } } }`, { id: sweep.id });
    expect(p.sweep.progress).toEqual({ pruned: 1, running: 3 });
    // The pruned run trained to step 10 of 40 (its last train/loss step): 75% of the ended runs' steps saved.
    expect((await api.ok(SAVED, { id: sweep.id })).sweep.earlyTerminationSavings).toEqual({ prunedRuns: 1, endedRuns: 1, stepsTrained: 10, stepsFull: 40, fractionSaved: 0.75 });
    // A run that finishes before its next heartbeat delivers the stop has a full result: it succeeds, with no pruning on it.
    const done = await api.ok(`mutation($input: CompleteRunInput!) { completeRun(input: $input) { run { status prunedRung prunedReason } } }`, {
      input: { agentId: agents[0], runId: runs[0], summary: summary(0.5, 100) },
    });
    expect(done.completeRun.run).toEqual({ status: 'SUCCEEDED', prunedRung: null, prunedReason: null });
    const q = await api.ok(`query($id: ID!) { sweep(id: $id) { progress { pruned running succeeded } } }`, { id: sweep.id });
    expect(q.sweep.progress).toEqual({ pruned: 1, running: 2, succeeded: 1 });
    // A SUCCEEDED run counts its 40 steps: 50 of 80 trained.
    expect((await api.ok(SAVED, { id: sweep.id })).sweep.earlyTerminationSavings).toEqual({ prunedRuns: 1, endedRuns: 2, stepsTrained: 50, stepsFull: 80, fractionSaved: 0.375 });
    // A sweep without early termination has none.
    const plain = await createSweep(api, projectId, { ...SWEEP_INPUT, name: 'no-early-termination' });
    expect((await api.ok(SAVED, { id: plain.id })).sweep.earlyTerminationSavings).toBeNull();
  });

  it('without measured peaks, judges every run at a rung on its prediction, also one that finished and measured more', async () => {
    const sweep = await createSweep(api, projectId, {
      ...SWEEP_INPUT,
      name: 'pareto predicted',
      training: { steps: 40, evalInterval: 10 },
      space: { rank: [4], quantization: ['NF4'], targetModules: [['Q_PROJ', 'V_PROJ']], learningRate: [1e-4, 2e-4] },
      earlyTerminate: { type: 'PARETO', minSteps: 10, eta: 2 },
    });
    const agents = await Promise.all([0, 1].map((i) => registerAgent(api, undefined, `m${i}`)));
    const runs: string[] = [];
    for (const a of agents) runs.push((await api.ok(CLAIM, { input: { agentId: a, sweepId: sweep.id } })).claimRun.run.id);
    const predicted = (await api.ok(`query($id: ID!) { node(id: $id) { ... on Run { predictedMemoryBytes } } }`, { id: runs[0] })).node.predictedMemoryBytes;
    // Stored predictions are scaled by the correction learned when each run was made, which differs between a
    // sweep's runs (a BAYES sweep's first run has none): the rung compares the estimator's own, the same for both here.
    const uuid = (globalId: string) => Buffer.from(globalId, 'base64').toString().replace(/^Run:/, '');
    await api.db.dataSource.query(`UPDATE run SET predicted_memory_bytes = predicted_memory_bytes * 10 WHERE id = $1`, [uuid(runs[0])]);
    const log = (i: number, step: number, value: number) => api.ok(LOG, { input: { agentId: agents[i], runId: runs[i], points: [{ key: 'eval/loss', step, value }] } });
    // The first passes rung 10 and finishes, measuring three times its prediction.
    await log(0, 10, 1.0);
    await api.ok(`mutation($input: CompleteRunInput!) { completeRun(input: $input) { run { status } } }`, {
      input: { agentId: agents[0], runId: runs[0], summary: summary(0.8, 3 * predicted) },
    });
    // Same predicted memory, worse loss: dominated (had its measured peak counted, the finished run would look heavier and not dominate it).
    await log(1, 10, 2.0);
    expect((await api.ok(HEARTBEAT, { input: { agentId: agents[1], runId: runs[1] } })).heartbeat.cancelRequested).toBe(true);
    expect((await api.ok(RUN, { id: runs[1] })).node).toMatchObject({ status: 'RUNNING', prunedRung: 10 });
  });

  it('judges on the measured training peaks when every run at the rung has one, not on stored predictions', async () => {
    // One configuration twice: the same prediction, but the runs measure differently.
    const sweep = await createSweep(api, projectId, {
      ...SWEEP_INPUT,
      name: 'pareto measured',
      training: { steps: 40, evalInterval: 10 },
      space: { rank: [4], quantization: ['NF4'], targetModules: [['Q_PROJ', 'V_PROJ']], learningRate: [1e-4, 2e-4, 3e-4] },
      earlyTerminate: { type: 'PARETO', minSteps: 10, eta: 2 },
    });
    const agents = await Promise.all([0, 1, 2].map((i) => registerAgent(api, undefined, `peak${i}`)));
    const runs: string[] = [];
    for (const a of agents) runs.push((await api.ok(CLAIM, { input: { agentId: a, sweepId: sweep.id } })).claimRun.run.id);
    const logAndAsk = async (i: number, loss: number, peak?: number) => {
      const points = [{ key: 'eval/loss', step: 10, value: loss }, ...(peak ? [{ key: 'memory/peak_bytes', step: 1, value: peak }] : [])];
      await api.ok(LOG, { input: { agentId: agents[i], runId: runs[i], points } });
      return (await api.ok(HEARTBEAT, { input: { agentId: agents[i], runId: runs[i] } })).heartbeat.cancelRequested;
    };
    await logAndAsk(0, 1.0, 1_000_000);
    // Worse loss but measured lighter: nothing dominates it (on predictions, equal, it would be stopped).
    expect(await logAndAsk(1, 2.0, 900_000)).toBe(false);
    // Worse and heavier than both: stopped, and the reason says what it was compared on.
    expect(await logAndAsk(2, 3.0, 1_000_000)).toBe(true);
    expect((await api.ok(`query($id: ID!) { node(id: $id) { ... on Run { prunedReason } } }`, { id: runs[2] })).node.prunedReason).toBe(
      'pruned at rung step 10: dominated by 2 of 2 runs at that rung (eval loss and measured peak memory)',
    );
  });

  it('judges the rungs after a rewind again, on the eval losses logged anew (an out-of-memory retry, a resumed attempt)', async () => {
    const sweep = await createSweep(api, projectId, {
      ...SWEEP_INPUT,
      name: 'rewound rungs',
      training: { steps: 40, evalInterval: 10 },
      space: { rank: [4], quantization: ['NF4'], targetModules: [['Q_PROJ', 'V_PROJ']], learningRate: [1e-4, 2e-4] },
      earlyTerminate: { type: 'PARETO', minSteps: 10, eta: 2 },
    });
    const agents = await Promise.all([0, 1].map((i) => registerAgent(api, undefined, `rewound${i}`)));
    const runs: string[] = [];
    for (const a of agents) runs.push((await api.ok(CLAIM, { input: { agentId: a, sweepId: sweep.id } })).claimRun.run.id);
    const logAndAsk = async (i: number, points: { key: string; step: number; value: number }[], supersede?: { afterStep: number; keys: string[] }[]) => {
      await api.ok(LOG, { input: { agentId: agents[i], runId: runs[i], points, supersede } });
      return (await api.ok(HEARTBEAT, { input: { agentId: agents[i], runId: runs[i] } })).heartbeat.cancelRequested;
    };
    const evalAt = (step: number, value: number) => [{ key: 'eval/loss', step, value }];
    await logAndAsk(0, [...evalAt(10, 1.0), ...evalAt(20, 0.8)]);
    // Run 1 passes both rungs (10 and 20) on its first try's losses, better than run 0's.
    expect(await logAndAsk(1, [...evalAt(10, 0.9), ...evalAt(20, 0.7)])).toBe(false);
    expect((await api.ok(RUN, { id: runs[1] })).node).toMatchObject({ rung: 20, prunedRung: null });
    // It trains again from step 10: rung 20 is open again, rung 10 stays passed.
    expect(await logAndAsk(1, [], [{ afterStep: 10, keys: ['eval/loss', 'train/loss'] }])).toBe(false);
    expect((await api.ok(RUN, { id: runs[1] })).node).toMatchObject({ rung: 10, prunedRung: null });
    // Its new eval loss at 20 is worse than run 0's there: judged on it, and stopped.
    expect(await logAndAsk(1, evalAt(20, 0.95))).toBe(true);
    expect((await api.ok(RUN, { id: runs[1] })).node).toMatchObject({ rung: 10, prunedRung: 20 });
    // A rewind of other series leaves the rungs alone.
    await logAndAsk(0, [], [{ afterStep: 0, keys: ['train/loss'] }]);
    expect((await api.ok(RUN, { id: runs[0] })).node).toMatchObject({ rung: 20 });
  });

  it('takes a fractional reduction factor (as Ray Tune does) and minRuns', async () => {
    const sweep = await createSweep(api, projectId, { ...SWEEP_INPUT, name: 'eta-1.25', training: { steps: 40, evalInterval: 4 }, earlyTerminate: { type: 'PARETO', minSteps: 8, eta: 1.25, minRuns: 3 } });
    const d = await api.ok(`query($id: ID!) { sweep(id: $id) { earlyTerminate { type minSteps eta minRuns } } }`, { id: sweep.id });
    expect(d.sweep.earlyTerminate).toEqual({ type: 'PARETO', minSteps: 8, eta: 1.25, minRuns: 3 });
  });

  it('spares a run at a rung until minRuns other runs have reached it', async () => {
    // Same predicted memory for all (only the learning rate differs): the fourth is dominated by every run before it.
    const sweep = await createSweep(api, projectId, {
      ...SWEEP_INPUT,
      name: 'min-runs',
      training: { steps: 40, evalInterval: 10 },
      space: { rank: [4], quantization: ['NF4'], targetModules: [['Q_PROJ', 'V_PROJ']], learningRate: [1e-4, 2e-4, 3e-4, 4e-4] },
      earlyTerminate: { type: 'PARETO', minSteps: 10, eta: 2, minRuns: 3 },
    });
    const agents = await Promise.all([0, 1, 2, 3].map((i) => registerAgent(api, undefined, `m${i}`)));
    const runs: string[] = [];
    for (const a of agents) runs.push((await api.ok(CLAIM, { input: { agentId: a, sweepId: sweep.id } })).claimRun.run.id);
    const logAndAsk = async (i: number, value: number) => {
      await api.ok(LOG, { input: { agentId: agents[i], runId: runs[i], points: [{ key: 'eval/loss', step: 10, value }] } });
      return (await api.ok(HEARTBEAT, { input: { agentId: agents[i], runId: runs[i] } })).heartbeat.cancelRequested;
    };
    await logAndAsk(0, 1.0);
    // Dominated by the one run (and then the two) before it, but judged against fewer than 3: it goes on.
    expect(await logAndAsk(1, 2.0)).toBe(false);
    expect(await logAndAsk(2, 3.0)).toBe(false);
    expect((await api.ok(RUN, { id: runs[2] })).node).toMatchObject({ status: 'RUNNING', rung: 10, prunedRung: null });
    // Three runs before it, all better: stopped.
    expect(await logAndAsk(3, 4.0)).toBe(true);
  });

  it('refuses early termination without evaluations during training, a first rung at the last step, or η below 1.1, and writes nothing', async () => {
    const count = async () => (await api.ok(`query($id: ID!) { project(id: $id) { sweeps(first: 100) { nodes { id } } } }`, { id: projectId })).project.sweeps.nodes.length;
    const before = await count();
    for (const [patch, field] of [
      [{ earlyTerminate: { type: 'PARETO', minSteps: 5, eta: 1.05 } }, 'input.earlyTerminate.eta'],
      [{ earlyTerminate: { type: 'PARETO', minSteps: 5, minRuns: 0 } }, 'input.earlyTerminate.minRuns'],
      [{ training: { steps: 20, evalInterval: 0 }, earlyTerminate: { type: 'ASHA', minSteps: 5 } }, 'input.training.evalInterval'],
      [{ training: { steps: 20 }, earlyTerminate: { type: 'ASHA', minSteps: 20 } }, 'input.earlyTerminate.minSteps'],
    ] as const) {
      const r = await api.gql(`mutation($input: CreateSweepInput!) { createSweep(input: $input) { sweep { id } } }`, {
        input: { projectId, ...SWEEP_INPUT, ...patch },
      });
      expect(r.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(await count()).toBe(before);
  });
});
