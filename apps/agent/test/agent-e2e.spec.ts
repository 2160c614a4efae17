import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBuiltinModel, initBackend, loadAdapter } from '@loralab/ml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSweepFile } from '../src/sweep/sweep-file';
import { reportMarkdown, runsCsv } from '@loralab/core';
import { ADMIN_KEY, agentProcess, apiProcess, projectId, ROOT, type ApiProcess } from './harness';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** The example sweep end to end: two agents, the real API and PostgreSQL, real training. */
describe('loralab agent: the example sweep with two agents', () => {
  let api: ApiProcess;
  const tmp = mkdtempSync(join(tmpdir(), 'loralab-e2e-'));

  beforeAll(async () => {
    api = await apiProcess({ leaseSeconds: 5 });
  });
  afterAll(async () => {
    await api?.dispose();
    rmSync(tmp, { recursive: true, force: true });
  });

  // Through the link npm makes for the `loralab` bin, which is what `npx loralab` runs.
  const cli = (...args: string[]) =>
    execFileSync(process.execPath, [join(ROOT, 'node_modules/.bin/loralab'), ...args], {
      cwd: ROOT,
      env: { ...process.env, LORALAB_API_URL: api.url, LORALAB_API_KEY: ADMIN_KEY },
      encoding: 'utf8',
    });

  it('the CLI: --help everywhere, estimate, sweep create/list/show, runs list, report', () => {
    for (const c of [[], ['agent'], ['sweep'], ['runs'], ['estimate'], ['report'], ['artifacts']]) expect(cli(...c, '--help')).toMatch(/Usage: loralab/);
    const est = JSON.parse(cli('estimate', '-f', 'examples/demo-sweep.yaml', '--json'));
    expect(est.runCount).toBe(6);
    const nf4 = est.configurations.find((c: { config: { quantization: string } }) => c.config.quantization === 'NF4');
    const fp32 = est.configurations.find((c: { config: { quantization: string } }) => c.config.quantization === 'FP32');
    expect(nf4.memory.baseWeights).toBeLessThan(fp32.memory.baseWeights);
    expect(cli('estimate', '-f', 'examples/demo-sweep.yaml')).toMatch(/6 configurations/);
    // A bayes sweep plans no runs; its infeasible rows stand for every learning rate (no run has finished yet: no correction).
    const bayes = cli('estimate', '-f', 'examples/search-sweep.yaml');
    expect(bayes).toMatch(/^bayes: no runs are planned up front; up to 10 are proposed as agents claim/);
    expect(bayes).toMatch(/8 infeasible: predicted above the budget of 16\.75 MiB, never proposed/);
    expect(bayes).toMatch(/FP32 +false 32 +q\+k\+v\+o\+gate\+up\+down +any +17\.\d\d MiB/);
    const created = JSON.parse(cli('sweep', 'create', '-f', 'examples/demo-sweep.yaml', '--project', 'cli-test', '--json'));
    expect(created.runCount).toBe(6);
    expect(cli('sweep', 'list')).toContain(created.id);
    expect(cli('sweep', 'show', created.id)).toMatch(/6 queued/);
    expect(cli('runs', 'list', created.id).trim().split('\n')).toHaveLength(6);
    expect(JSON.parse(cli('report', created.id, '--format', 'json')).runs).toHaveLength(6);
    expect(cli('sweep', 'cancel', created.id)).toMatch(/cancelled 6 queued runs/);
  });

  it('every run SUCCEEDED with accuracy, measured memory, prediction and tokens/s; Pareto and comparison filled; adapters load back with the same logits', async () => {
    const { spec } = readSweepFile(join(ROOT, 'examples/demo-sweep.yaml'));
    const sweep = await api.api.createSweep({ ...spec, projectId: await projectId(api.api), name: `${spec.name}-e2e` });
    expect(sweep.runCount).toBe(6);

    const agents = [1, 2].map((i) => agentProcess(api, ['--once', '--name', `e2e-${i}`, '--sweep', sweep.id, '--checkpoint-every', '20']));
    const codes = await Promise.all(agents.map((a) => a.exited));
    expect(codes, agents.map((a) => a.lines.slice(-20).join('\n')).join('\n----\n')).toEqual([0, 0]);
    // Both agents trained (claims are exclusive: together they ran each run once).
    const perAgent = agents.map((a) => a.records().filter((r) => r.msg === 'run succeeded').length);
    expect(perAgent[0] + perAgent[1], agents.map((a) => a.lines.slice(-20).join('\n')).join('\n----\n')).toBe(6);
    expect(perAgent.every((n) => n >= 1)).toBe(true);

    const runs = await api.api.runs(sweep.id);
    expect(runs.map((r) => r.status)).toEqual(Array(6).fill('SUCCEEDED'));
    for (const r of runs) {
      const s = r.summary!;
      expect(s.accuracy).toBeGreaterThan(0.25); // above chance on 4 labels
      expect(s.accuracyMetric).toBe('LABEL_ACCURACY'); // topics.jsonl is text/label
      expect(s.peakMemoryBytes).toBeGreaterThan(0);
      expect(s.memory.baseWeights).toBeGreaterThan(0);
      expect(s.memory.activations).toBeGreaterThan(0);
      expect(s.memory.adapters).toBeGreaterThan(0);
      expect(s.predictedMemoryBytes).toBeGreaterThan(0);
      // The final evaluation's batch (automatic: the config's is 0) and its measured peak, which the run's peak covers.
      expect(r.config.evalBatchSize).toBe(0);
      expect(s.evalBatchSize).toBeGreaterThanOrEqual(1);
      expect(s.evalPeakMemoryBytes).toBeGreaterThan(0);
      expect(s.evalPeakMemoryBytes!).toBeLessThanOrEqual(s.peakMemoryBytes);
      expect(Math.abs(s.predictedMemoryBytes - s.peakMemoryBytes) / s.peakMemoryBytes).toBeLessThan(0.2);
      expect(s.tokensPerSecond).toBeGreaterThan(0);
      const loss = (await api.api.metrics(r.id, ['train/loss']))[0];
      expect(loss.points.map((p) => p.step)).toEqual(Array.from({ length: r.config.steps }, (_, i) => i + 1));
    }
    // Quantized bases take less memory for their weights.
    const base = (q: string) => runs.find((r) => r.config.quantization === q && r.config.rank === 8)!.summary!.memory.baseWeights;
    expect(base('NF4')).toBeLessThan(base('INT8'));
    expect(base('INT8')).toBeLessThan(base('FP32'));

    // The next estimate on this base is corrected by what these q+v runs measured; other sets, which none had, by the base's.
    const corrected = cli('estimate', '-f', 'examples/search-sweep.yaml');
    expect(corrected).toMatch(/^Predictions are the estimator's, scaled by what this team's runs on builtin:tiny-llama measured \(measured ÷ predicted, 90th percentile\): /);
    expect(corrected).toMatch(/: ×\d\.\d{3} for q\+v, ×\d\.\d{3} for other target sets\.\n/);

    const full = await api.api.sweep(sweep.id);
    expect(full.status).toBe('FINISHED');
    expect(full.paretoFront.length).toBeGreaterThan(0);
    expect(full.comparison.length).toBe(4); // INT8 and NF4 against FP32, at ranks 2 and 8
    const md = reportMarkdown({ sweep: full, runs, paretoFront: full.paretoFront, pairs: full.comparison });
    expect(md).toContain('## Pareto front');
    expect(md).toContain('| NF4 |');
    const csv = runsCsv(runs, full.paretoFront);
    expect(csv.trim().split('\n')).toHaveLength(7);

    // Adapters: `loralab artifacts download` (each file checked against its SHA-256), loaded
    // into a fresh base: the same logits as the agent's.
    await initBackend('wasm');
    for (const r of [runs.find((x) => x.config.quantization === 'FP32')!, runs.find((x) => x.config.quantization === 'NF4')!]) {
      const { artifacts: list } = await api.api.runArtifacts(r.id);
      const adapter = list.filter((a) => a.kind === 'adapter');
      expect(adapter.map((a) => a.name).sort()).toEqual(['adapter_config.json', 'adapter_model.safetensors', 'probe_logits.json']);
      expect(cli('artifacts', 'list', r.id)).toContain(adapter[0].sha256);
      const dir = join(tmp, 'adapter-of-run');
      rmSync(dir, { recursive: true, force: true });
      expect(cli('artifacts', 'download', r.id, '-o', dir)).toContain(`PeftModel.from_pretrained(base, "${dir}")`);
      for (const a of adapter) expect(sha256(readFileSync(join(dir, a.name))), a.name).toBe(a.sha256);
      const probe = JSON.parse(readFileSync(join(dir, 'probe_logits.json'), 'utf8')) as { ids: number[]; logits: number[] };
      const model = createBuiltinModel(r.config.baseModel, { quantization: r.config.quantization, doubleQuant: r.config.doubleQuant });
      try {
        loadAdapter(model, dir);
        const logits = model.logits(probe.ids);
        expect(logits.length).toBe(probe.logits.length);
        let maxDiff = 0;
        for (let i = 0; i < logits.length; i++) maxDiff = Math.max(maxDiff, Math.abs(logits[i] - probe.logits[i]));
        expect(maxDiff).toBeLessThan(1e-4);
      } finally {
        model.dispose();
      }
    }
  }, 300_000);
});
