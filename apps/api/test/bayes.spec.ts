import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, createSweep, registerAgent, startTestApi, summary, SWEEP_INPUT, type TestApi } from './harness';

let api: TestApi;
let projectId: string;

const CLAIM = `mutation($input: ClaimRunInput!) { claimRun(input: $input) { run { id config { rank quantization targetModules learningRate } } } }`;
const COMPLETE = `mutation($input: CompleteRunInput!) { completeRun(input: $input) { run { status } } }`;
const FAIL = `mutation($input: FailRunInput!) { failRun(input: $input) { run { status } } }`;


beforeAll(async () => {
  api = await startTestApi({ leaseSeconds: 30, reaperIntervalMs: 60_000 });
  projectId = await createProject(api);
});
afterAll(() => api.close());

const BAYES = {
  ...SWEEP_INPUT,
  name: 'bayes',
  method: 'BAYES',
  maxRuns: 14,
  seed: 11,
  space: {
    ...SWEEP_INPUT.space,
    rank: undefined,
    rankRange: { min: 2, max: 16 },
    quantization: ['FP32', 'INT8', 'NF4'],
    learningRateRange: { min: 1e-4, max: 1e-2, log: true },
  },
};

type Claimed = { id: string; config: { rank: number; quantization: string; targetModules: string[]; learningRate: number } } | null;
const claim = async (agentId: string, sweepId: string) => (await api.ok(CLAIM, { input: { agentId, sweepId } })).claimRun.run as Claimed;

describe('BAYES sweeps', () => {
  it('creates no runs up front; concurrent claimers get distinct proposals; maxRuns is the budget; it learns from results', async () => {
    const sweep = await createSweep(api, projectId, BAYES);
    expect(sweep.runCount).toBe(0);
    const status = async () => (await api.ok(`query($id: ID!) { sweep(id: $id) { status progress { fractionDone } } }`, { id: sweep.id })).sweep;
    expect(await status()).toEqual({ status: 'QUEUED', progress: { fractionDone: 0 } });
    const agents = await Promise.all(Array.from({ length: 6 }, (_, i) => registerAgent(api, undefined, `b${i}`)));
    // Six agents claim at the same moment: six runs, six different configurations.
    const first = await Promise.all(agents.map((a) => claim(a, sweep.id)));
    expect(first.every(Boolean)).toBe(true);
    const keys = first.map((r) => JSON.stringify(r!.config));
    expect(new Set(keys).size).toBe(6);
    for (const r of first) {
      expect([2, 4, 8, 16]).toContain(r!.config.rank);
      expect(r!.config.learningRate).toBeGreaterThanOrEqual(1e-4);
      expect(r!.config.learningRate).toBeLessThanOrEqual(1e-2);
    }
    // Results come back (one out of memory); the next claims propose from them, up to maxRuns in all.
    await Promise.all(
      first.map((r, i) =>
        i === 0
          ? api.ok(FAIL, { input: { agentId: agents[i], runId: r!.id, error: 'RangeError: Array buffer allocation failed (out of memory)', retryable: false } })
          : api.ok(COMPLETE, { input: { agentId: agents[i], runId: r!.id, summary: summary(0.5 + 0.05 * i, 1e6 * (i + 1)) } }),
      ),
    );
    const later: Claimed[] = [];
    await Promise.all(
      agents.map(async (a) => {
        for (;;) {
          const r = await claim(a, sweep.id);
          if (!r) return;
          later.push(r);
        }
      }),
    );
    expect(later).toHaveLength(8);
    expect((await status()).status).toBe('RUNNING');
    const [row] = await api.db.dataSource.query(
      `SELECT count(*)::int AS n, count(DISTINCT ordinal)::int AS ordinals, count(DISTINCT config::text)::int AS configs FROM run WHERE sweep_id = $1`,
      [Buffer.from(sweep.id, 'base64url').toString().split(':')[1]],
    );
    expect(row).toEqual({ n: 14, ordinals: 14, configs: 14 });
    const d = await api.ok(`query($id: ID!) { sweep(id: $id) { runCount method randomSeed } }`, { id: sweep.id });
    expect(d.sweep).toEqual({ runCount: 14, method: 'BAYES', randomSeed: 11 });
  });

  it('never proposes a configuration predicted above the memory budget', async () => {
    const est = await api.ok(
      `query($input: SweepPlanInput!) { estimateMemory(input: $input) { configurations { config { quantization } memory { total } } } }`,
      { input: { baseModel: SWEEP_INPUT.baseModel, dataset: SWEEP_INPUT.dataset, training: SWEEP_INPUT.training,
                 space: { rank: [2], targetModules: [['Q_PROJ', 'V_PROJ']], quantization: ['FP32', 'NF4'] } } },
    );
    const mem = (q: string) => est.estimateMemory.configurations.find((c: any) => c.config.quantization === q).memory.total;
    expect(mem('NF4')).toBeLessThan(mem('FP32'));
    // The smallest FP32 configuration is just over the budget: no FP32 run may be proposed.
    const sweep = await createSweep(api, projectId, { ...BAYES, name: 'bayes budget', maxRuns: 8, constraints: { maxPeakMemoryBytes: mem('FP32') - 1 } });
    const agent = await registerAgent(api, undefined, 'budget');
    const runs: Claimed[] = [];
    for (let r = await claim(agent, sweep.id); r; r = await claim(agent, sweep.id)) runs.push(r);
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.every((r) => r!.config.quantization !== 'FP32')).toBe(true);
  });

  it('refuses BAYES without maxRuns, at the field', async () => {
    const r = await api.gql(`mutation($input: CreateSweepInput!) { createSweep(input: $input) { sweep { id } } }`, {
      input: { projectId, ...BAYES, maxRuns: undefined },
    });
    expect(r.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.maxRuns' });
  });
});
