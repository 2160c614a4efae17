import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, createSweep, startTestApi, SWEEP_INPUT, type TestApi } from './harness';

let api: TestApi;
let projectId: string;

beforeAll(async () => {
  api = await startTestApi();
  projectId = await createProject(api);
});
afterAll(() => api.close());

const CREATE = `mutation($input: CreateSweepInput!) { createSweep(input: $input) { sweep { id runCount } } }`;

async function tableCounts() {
  const [row] = await api.db.dataSource.query(
    `SELECT (SELECT count(*) FROM sweep)::int AS sweeps, (SELECT count(*) FROM run)::int AS runs`,
  );
  return row as { sweeps: number; runs: number };
}

describe('createSweep', () => {
  it('expands a GRID over rank × quantization × targets into exactly 8 queued runs', async () => {
    const sweep = await createSweep(api, projectId);
    expect(sweep.runCount).toBe(8);
    const d = await api.ok(
      `query($id: ID!) { sweep(id: $id) { status progress { total queued } runs(first: 100) { totalCount nodes {
          status attempt predictedMemoryBytes config { rank quantization targetModules alpha learningRate steps baseModel } } } } }`,
      { id: sweep.id },
    );
    const runs = d.sweep.runs.nodes;
    expect(d.sweep.runs.totalCount).toBe(8);
    expect(d.sweep.progress).toEqual({ total: 8, queued: 8 });
    expect(d.sweep.status).toBe('QUEUED');
    expect(runs.every((r: any) => r.status === 'QUEUED' && r.attempt === 1)).toBe(true);
    const combos = new Set(runs.map((r: any) => `${r.config.rank}/${r.config.quantization}/${r.config.targetModules.length}`));
    expect(combos.size).toBe(8);
    expect(runs[0].config).toMatchObject({ alpha: 16, steps: 20, baseModel: 'builtin:tiny-llama' });
    // Predicted memory is the estimator's: NF4 below FP32 for the same rank and targets.
    const mem = (q: string) => runs.find((r: any) => r.config.quantization === q && r.config.rank === 8 && r.config.targetModules.length === 7).predictedMemoryBytes;
    expect(mem('NF4')).toBeGreaterThan(0);
    expect(mem('NF4')).toBeLessThan(mem('FP32'));
  });

  it('draws 5 distinct configurations for RANDOM with maxRuns 5', async () => {
    const sweep = await createSweep(api, projectId, {
      ...SWEEP_INPUT,
      name: 'random',
      method: 'RANDOM',
      maxRuns: 5,
      seed: 3,
      space: { ...SWEEP_INPUT.space, rank: [1, 2, 4, 8, 16, 32], learningRate: [1e-4, 1e-3] },
    });
    expect(sweep.runCount).toBe(5);
    const d = await api.ok(`query($id: ID!) { sweep(id: $id) { runs { nodes { config { rank quantization targetModules learningRate } } } } }`, { id: sweep.id });
    const keys = d.sweep.runs.nodes.map((r: any) => JSON.stringify(r.config));
    expect(keys).toHaveLength(5);
    expect(new Set(keys).size).toBe(5);
  });
});

describe('createSweep with the settings the old copies of the spec disagreed on', () => {
  const runsOf = async (id: string) =>
    (await api.ok(`query($id: ID!) { sweep(id: $id) { training { steps evalInterval } space { warmupRatio dropout }
       runs(first: 100) { nodes { config { steps evalInterval dropout warmupRatio } } } } }`, { id })).sweep;

  it('accepts training: { steps: 4 } without evalInterval: the defaulted interval is clamped to the steps', async () => {
    const sweep = await createSweep(api, projectId, { ...SWEEP_INPUT, name: 'four steps', training: { steps: 4 } });
    const s = await runsOf(sweep.id);
    expect(s.training).toEqual({ steps: 4, evalInterval: 4 });
    expect(s.runs.nodes[0].config).toMatchObject({ steps: 4, evalInterval: 4 });
  });

  it('accepts evalInterval 0 (only the final evaluation) and dropout just below 1', async () => {
    const sweep = await createSweep(api, projectId, {
      ...SWEEP_INPUT,
      name: 'edges',
      training: { steps: 10, evalInterval: 0 },
      space: { ...SWEEP_INPUT.space, dropout: [0.995] },
    });
    const s = await runsOf(sweep.id);
    expect(s.runs.nodes.every((r: any) => r.config.evalInterval === 0 && r.config.dropout === 0.995)).toBe(true);
  });

  it('searches warmupRatio (default [0.05]) and returns it in every run config', async () => {
    const plain = await runsOf((await createSweep(api, projectId, { ...SWEEP_INPUT, name: 'default warm-up' })).id);
    expect(plain.space.warmupRatio).toEqual([0.05]);
    expect(plain.runs.nodes.every((r: any) => r.config.warmupRatio === 0.05)).toBe(true);
    const sweep = await createSweep(api, projectId, { ...SWEEP_INPUT, name: 'warm-up', space: { ...SWEEP_INPUT.space, warmupRatio: [0, 0.2] } });
    expect(sweep.runCount).toBe(16);
    const s = await runsOf(sweep.id);
    expect(s.space.warmupRatio).toEqual([0, 0.2]);
    expect(s.runs.nodes.filter((r: any) => r.config.warmupRatio === 0.2)).toHaveLength(8);
  });

  it('stores evalBatchSize (default 0: chosen per run) in the sweep and every run config; the estimate counts an explicit one above the training peak', async () => {
    const auto = await createSweep(api, projectId, { ...SWEEP_INPUT, name: 'auto eval batch' });
    const a = (await api.ok(`query($id: ID!) { sweep(id: $id) { training { evalBatchSize } runs(first: 100) { nodes { config { evalBatchSize } predictedMemoryBytes } } } }`, { id: auto.id })).sweep;
    expect(a.training.evalBatchSize).toBe(0);
    expect(a.runs.nodes.every((r: any) => r.config.evalBatchSize === 0)).toBe(true);
    const estimate = async (evalBatchSize: number) =>
      (await api.ok(`query($input: SweepPlanInput!) { estimateMemory(input: $input) { configurations { config { evalBatchSize } memory { total gradients } } } }`, {
        input: { baseModel: SWEEP_INPUT.baseModel, dataset: SWEEP_INPUT.dataset, space: SWEEP_INPUT.space, training: { evalBatchSize } },
      })).estimateMemory.configurations;
    const [atAuto, atHuge] = [await estimate(0), await estimate(4096)];
    expect(atHuge[0].config.evalBatchSize).toBe(4096);
    for (let i = 0; i < atAuto.length; i++) {
      expect(atHuge[i].memory.total).toBeGreaterThan(atAuto[i].memory.total);
      expect(atHuge[i].memory.gradients).toBe(0);
    }
  });

  it('answers sweeps and runs stored before warmupRatio existed with its default', async () => {
    const sweep = await createSweep(api, projectId, { ...SWEEP_INPUT, name: 'old rows' });
    const uuid = Buffer.from(sweep.id, 'base64url').toString().split(':')[1];
    await api.db.dataSource.query(`UPDATE sweep SET space = space - 'warmupRatio' WHERE id = $1`, [uuid]);
    await api.db.dataSource.query(`UPDATE run SET config = config - 'warmupRatio' WHERE sweep_id = $1`, [uuid]);
    const s = await runsOf(sweep.id);
    expect(s.space.warmupRatio).toEqual([0.05]);
    expect(s.runs.nodes.every((r: any) => r.config.warmupRatio === 0.05)).toBe(true);
  });
});

describe('createSweep with dataset settings', () => {
  const Q = `query($id: ID!) { sweep(id: $id) { datasetSettings { format trainOn packing evalDataset evalFraction }
     runs(first: 100) { nodes { config { dataset datasetSettings { format trainOn packing evalDataset evalFraction } } } } } }`;

  it('stores them on the sweep and in every run config; omitted ones take their defaults', async () => {
    const given = { format: 'SHAREGPT', trainOn: 'ALL', packing: true, evalDataset: 'data/chat-eval.jsonl' };
    const sweep = await createSweep(api, projectId, { ...SWEEP_INPUT, name: 'chat', dataset: 'data/chat.jsonl', datasetSettings: given });
    const s = (await api.ok(Q, { id: sweep.id })).sweep;
    expect(s.datasetSettings).toEqual({ ...given, evalFraction: null });
    expect(s.runs.nodes.every((r: any) => r.config.dataset === 'data/chat.jsonl' && JSON.stringify(r.config.datasetSettings) === JSON.stringify(s.datasetSettings))).toBe(true);
    const plain = (await api.ok(Q, { id: (await createSweep(api, projectId, { ...SWEEP_INPUT, name: 'defaults' })).id })).sweep;
    expect(plain.datasetSettings).toEqual({ format: 'AUTO', trainOn: 'COMPLETION', packing: false, evalDataset: null, evalFraction: null });
  });

  it('answers sweeps and runs stored before dataset settings existed with the defaults', async () => {
    const sweep = await createSweep(api, projectId, { ...SWEEP_INPUT, name: 'old data rows' });
    const uuid = Buffer.from(sweep.id, 'base64url').toString().split(':')[1];
    await api.db.dataSource.query(`UPDATE sweep SET dataset_settings = '{}' WHERE id = $1`, [uuid]);
    await api.db.dataSource.query(`UPDATE run SET config = config - 'datasetSettings' WHERE sweep_id = $1`, [uuid]);
    const s = (await api.ok(Q, { id: sweep.id })).sweep;
    expect(s.datasetSettings.format).toBe('AUTO');
    expect(s.runs.nodes.every((r: any) => r.config.datasetSettings.trainOn === 'COMPLETION')).toBe(true);
  });
});

const space = SWEEP_INPUT.space;
const INVALID: [string, Record<string, unknown>, string][] = [
  ['empty name', { name: '  ' }, 'input.name'],
  ['rank 0', { space: { ...space, rank: [0] } }, 'input.space.rank.0'],
  ['rank above 1024', { space: { ...space, rank: [4, 2048] } }, 'input.space.rank.1'],
  ['duplicate rank', { space: { ...space, rank: [8, 8] } }, 'input.space.rank.1'],
  ['empty rank list', { space: { ...space, rank: [] } }, 'input.space.rank'],
  ['alpha 0', { space: { ...space, alpha: [0] } }, 'input.space.alpha.0'],
  ['negative alpha', { space: { ...space, alpha: [16, -1] } }, 'input.space.alpha.1'],
  ['learning rate 0', { space: { ...space, learningRate: [0] } }, 'input.space.learningRate.0'],
  ['learning rate 1', { space: { ...space, learningRate: [1] } }, 'input.space.learningRate.0'],
  ['dropout 1', { space: { ...space, dropout: [1] } }, 'input.space.dropout.0'],
  ['warmupRatio above 1', { space: { ...space, warmupRatio: [1.5] } }, 'input.space.warmupRatio.0'],
  ['negative evalInterval', { training: { evalInterval: -1 } }, 'input.training.evalInterval'],
  ['empty quantization list', { space: { ...space, quantization: [] } }, 'input.space.quantization'],
  ['duplicate quantization', { space: { ...space, quantization: ['NF4', 'NF4'] } }, 'input.space.quantization.1'],
  ['empty target set', { space: { ...space, targetModules: [[]] } }, 'input.space.targetModules.0'],
  ['duplicate target in a set', { space: { ...space, targetModules: [['Q_PROJ', 'Q_PROJ']] } }, 'input.space.targetModules.0.1'],
  ['duplicate target sets', { space: { ...space, targetModules: [['Q_PROJ', 'V_PROJ'], ['V_PROJ', 'Q_PROJ']] } }, 'input.space.targetModules.1'],
  ['RANDOM without maxRuns', { method: 'RANDOM' }, 'input.maxRuns'],
  ['maxRuns on GRID', { maxRuns: 3 }, 'input.maxRuns'],
  ['more random runs than configurations', { method: 'RANDOM', maxRuns: 9 }, 'input.maxRuns'],
  ['grid over 10,000 runs', { space: { ...space, rank: Array.from({ length: 100 }, (_, i) => i + 1), alpha: Array.from({ length: 60 }, (_, i) => i + 1) } }, 'input.space'],
  ['zero steps', { training: { steps: 0 } }, 'input.training.steps'],
  ['eval interval above steps', { training: { steps: 10, evalInterval: 11 } }, 'input.training.evalInterval'],
  ['negative eval batch', { training: { evalBatchSize: -1 } }, 'input.training.evalBatchSize'],
  ['eval batch above 4096', { training: { evalBatchSize: 4097 } }, 'input.training.evalBatchSize'],
  ['unknown built-in model', { baseModel: 'builtin:gpt-9' }, 'input.baseModel'],
  ['unknown built-in dataset', { dataset: 'builtin:nope' }, 'input.dataset'],
  ['malformed project id', { projectId: 'not-an-id' }, 'input.projectId'],
  ['range with min ≥ max', { method: 'RANDOM', maxRuns: 3, space: { ...space, learningRateRange: { min: 1e-2, max: 1e-3 } } }, 'input.space.learningRateRange.min'],
  ['log range with min 0', { method: 'RANDOM', maxRuns: 3, space: { ...space, dropoutRange: { min: 0, max: 0.5, log: true } } }, 'input.space.dropoutRange.min'],
  ['range end outside the bounds', { method: 'RANDOM', maxRuns: 3, space: { ...space, learningRateRange: { min: 1e-4, max: 1 } } }, 'input.space.learningRateRange.max'],
  ['negative alpha range', { method: 'RANDOM', maxRuns: 3, space: { ...space, alphaRange: { min: -4, max: 4 } } }, 'input.space.alphaRange.min'],
  ['rank range not of powers of two', { space: { ...space, rank: undefined, rankRange: { min: 4, max: 12 } } }, 'input.space.rankRange.max'],
  ['rank range above 1024', { space: { ...space, rank: undefined, rankRange: { min: 512, max: 2048 } } }, 'input.space.rankRange.max'],
  ['both a list and a range', { method: 'RANDOM', maxRuns: 3, space: { ...space, alpha: [8], alphaRange: { min: 1, max: 4 } } }, 'input.space.alphaRange'],
  ['a range on GRID', { space: { ...space, learningRateRange: { min: 1e-4, max: 1e-2, log: true } } }, 'input.space.learningRateRange'],
  ['a zero memory budget', { constraints: { maxPeakMemoryBytes: 0 } }, 'input.constraints.maxPeakMemoryBytes'],
  ['a memory budget nothing fits', { constraints: { maxPeakMemoryBytes: 1000 } }, 'input.constraints.maxPeakMemoryBytes'],
  ['evalFraction 1', { dataset: 'data/chat.jsonl', datasetSettings: { evalFraction: 1 } }, 'input.datasetSettings.evalFraction'],
  ['an eval file and a fraction', { dataset: 'data/chat.jsonl', datasetSettings: { evalDataset: 'e.jsonl', evalFraction: 0.2 } }, 'input.datasetSettings.evalFraction'],
  ['a file format on a built-in task', { datasetSettings: { format: 'ALPACA' } }, 'input.datasetSettings.format'],
];

describe('createSweep with invalid input', () => {
  it.each(INVALID)('%s: BAD_USER_INPUT at the field, nothing written', async (_name, patch, field) => {
    const before = await tableCounts();
    const r = await api.gql(CREATE, { input: { projectId, ...SWEEP_INPUT, ...patch } });
    expect(r.data).toBeFalsy();
    expect(r.errors).toHaveLength(1);
    const ext = r.errors![0].extensions!;
    expect(ext.code).toBe('BAD_USER_INPUT');
    expect((ext.fields as { path: string }[]).map((f) => f.path)).toContain(field);
    expect(r.errors![0].message).toContain(field);
    expect(await tableCounts()).toEqual(before);
  });

  it('rejects values of the wrong GraphQL type before any resolver runs', async () => {
    const before = await tableCounts();
    const r = await api.gql(CREATE, { input: { projectId, ...SWEEP_INPUT, space: { ...space, rank: ['x'] } } });
    expect(r.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(r.errors![0].message).toMatch(/rank/);
    expect(await tableCounts()).toEqual(before);
  });

  it('answers NOT_FOUND for a project of no one, writing nothing', async () => {
    const before = await tableCounts();
    const ghost = Buffer.from('Project:00000000-0000-4000-8000-000000000000').toString('base64url');
    const r = await api.gql(CREATE, { input: { projectId: ghost, ...SWEEP_INPUT } });
    expect(r.errors![0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.projectId' });
    expect(await tableCounts()).toEqual(before);
  });
});

describe('createSweep with ranges', () => {
  it('RANDOM samples a log learning-rate range and a power-of-two rank range; the sweep returns the range', async () => {
    const sweep = await createSweep(api, projectId, {
      ...SWEEP_INPUT,
      name: 'ranges',
      method: 'RANDOM',
      maxRuns: 12,
      seed: 5,
      space: { ...space, rank: undefined, rankRange: { min: 2, max: 16 }, learningRateRange: { min: 1e-5, max: 1e-2, log: true } },
    });
    expect(sweep.runCount).toBe(12);
    const d = await api.ok(
      `query($id: ID!) { sweep(id: $id) { space { rank learningRate learningRateRange { min max log } alphaRange { min } }
         runs(first: 100) { nodes { config { rank learningRate } } } } }`,
      { id: sweep.id },
    );
    expect(d.sweep.space).toEqual({ rank: [2, 4, 8, 16], learningRate: [], learningRateRange: { min: 1e-5, max: 1e-2, log: true }, alphaRange: null });
    const configs = d.sweep.runs.nodes.map((r: any) => r.config);
    expect(configs.every((c: any) => [2, 4, 8, 16].includes(c.rank) && c.learningRate >= 1e-5 && c.learningRate <= 1e-2)).toBe(true);
    expect(new Set(configs.map((c: any) => c.learningRate)).size).toBe(12);
  });
});

describe('createSweep with a memory budget', () => {
  it('never queues configurations predicted above constraints.maxPeakMemoryBytes; lists them as infeasible', async () => {
    const est = await api.ok(
      `query($input: SweepPlanInput!) { estimateMemory(input: $input) { configurations { config { rank quantization targetModules } memory { total } } } }`,
      { input: { baseModel: SWEEP_INPUT.baseModel, dataset: SWEEP_INPUT.dataset, space } },
    );
    const totals = est.estimateMemory.configurations.map((c: any) => c.memory.total).sort((a: number, b: number) => a - b);
    const budget = totals[4]; // five fit (ties count as fitting)
    const fitting = totals.filter((t: number) => t <= budget).length;
    const before = await tableCounts();
    const sweep = await createSweep(api, projectId, { ...SWEEP_INPUT, name: 'budget', constraints: { maxPeakMemoryBytes: budget } });
    expect(sweep.runCount).toBe(fitting);
    expect((await tableCounts()).runs - before.runs).toBe(fitting);
    const d = await api.ok(
      `query($id: ID!) { sweep(id: $id) { constraints { maxPeakMemoryBytes } infeasible { predictedMemoryBytes config { rank quantization } }
         runs(first: 100) { nodes { predictedMemoryBytes } } } }`,
      { id: sweep.id },
    );
    expect(d.sweep.constraints).toEqual({ maxPeakMemoryBytes: budget });
    expect(d.sweep.runs.nodes.every((r: any) => r.predictedMemoryBytes <= budget)).toBe(true);
    expect(d.sweep.infeasible).toHaveLength(8 - fitting);
    expect(d.sweep.infeasible.every((c: any) => c.predictedMemoryBytes > budget)).toBe(true);
    // The same split as estimateMemory's, which queues nothing.
    const split = await api.ok(
      `query($input: SweepPlanInput!) { estimateMemory(input: $input) { runCount infeasible { memory { total } } } }`,
      { input: { baseModel: SWEEP_INPUT.baseModel, dataset: SWEEP_INPUT.dataset, space, constraints: { maxPeakMemoryBytes: budget } } },
    );
    expect(split.estimateMemory.runCount).toBe(fitting);
    expect(split.estimateMemory.infeasible.map((c: any) => c.memory.total).sort()).toEqual(d.sweep.infeasible.map((c: any) => c.predictedMemoryBytes).sort());
  });

  it('lists what a BAYES sweep will never propose: each memory above the budget once, its learning rate a range', async () => {
    const est = await api.ok(
      `query($input: SweepPlanInput!) { estimateMemory(input: $input) { configurations { memory { total } } } }`,
      { input: { baseModel: SWEEP_INPUT.baseModel, dataset: SWEEP_INPUT.dataset, space } },
    );
    const totals = est.estimateMemory.configurations.map((c: any) => c.memory.total).sort((a: number, b: number) => a - b);
    const budget = totals[4];
    const above = totals.filter((t: number) => t > budget).length;
    const bayesSpace = { ...space, learningRateRange: { min: 1e-4, max: 1e-2, log: true } };
    const before = await tableCounts();
    const sweep = await createSweep(api, projectId, { ...SWEEP_INPUT, name: 'bayes-budget', method: 'BAYES', maxRuns: 6, space: bayesSpace, constraints: { maxPeakMemoryBytes: budget } });
    expect((await tableCounts()).runs).toBe(before.runs);
    const d = await api.ok(`query($id: ID!) { sweep(id: $id) { runCount infeasible { predictedMemoryBytes config { rank quantization targetModules learningRate } } } }`, { id: sweep.id });
    expect(d.sweep.runCount).toBe(0);
    expect(d.sweep.infeasible).toHaveLength(above);
    expect(d.sweep.infeasible.every((c: any) => c.predictedMemoryBytes > budget && c.config.learningRate === 1e-4)).toBe(true);
    const split = await api.ok(`query($input: SweepPlanInput!) { estimateMemory(input: $input) { runCount infeasible { memory { total } } } }`, {
      input: { baseModel: SWEEP_INPUT.baseModel, dataset: SWEEP_INPUT.dataset, method: 'BAYES', maxRuns: 6, space: bayesSpace, constraints: { maxPeakMemoryBytes: budget } },
    });
    expect(split.estimateMemory.runCount).toBe(0);
    expect(split.estimateMemory.infeasible.map((c: any) => c.memory.total).sort()).toEqual(d.sweep.infeasible.map((c: any) => c.predictedMemoryBytes).sort());
    // Nothing fits: refused at the budget, nothing written.
    const tooSmall = await api.gql(
      `mutation($input: CreateSweepInput!) { createSweep(input: $input) { sweep { id } } }`,
      { input: { ...SWEEP_INPUT, projectId, name: 'bayes-nothing', method: 'BAYES', maxRuns: 6, space: bayesSpace, constraints: { maxPeakMemoryBytes: totals[0] - 1 } } },
    );
    expect(tooSmall.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect((tooSmall.errors![0].extensions!.fields as { path: string }[]).map((f) => f.path)).toEqual(['input.constraints.maxPeakMemoryBytes']);
    expect((await tableCounts()).sweeps).toBe(before.sweeps + 1);
  });
});

describe('estimateMemory', () => {
  it('predicts every configuration before anything is created, labelled as an estimate', async () => {
    const before = await tableCounts();
    const d = await api.ok(
      `query($input: SweepPlanInput!) { estimateMemory(input: $input) { runCount configurations {
         config { rank quantization } memory { baseWeights adapters gradients optimizerState activations total } } } }`,
      { input: { baseModel: SWEEP_INPUT.baseModel, dataset: SWEEP_INPUT.dataset, space } },
    );
    expect(d.estimateMemory.runCount).toBe(8);
    for (const c of d.estimateMemory.configurations) {
      const m = c.memory;
      expect(m.total).toBe(m.baseWeights + m.adapters + m.gradients + m.optimizerState + m.activations);
    }
    expect(await tableCounts()).toEqual(before);
  });
});
