// A sweep that searches, end to end: early termination (ASHA) and a memory budget on the built-in
// tiny model, trained by a real `loralab agent` against the real API and PostgreSQL; then the
// sweep page in real Chromium shows the pruned run with its rung, the infeasible configurations
// and the hypervolume of the front.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { LoralabClient, graphql, type VariablesOf } from '@loralab/client';
import { drawnSeries, launch, screenshot, seriousViolations } from './support/browser';
import { ADMIN_KEY, buildDashboard, repoRoot, startApi, startDashboard, type Running } from './support/servers';

/** The agent's heartbeat: a pruned run must end within one of these after its rung decision. */
const HEARTBEAT_MS = 1000;
// Long enough that the weak run is stopped well before its end on a fast machine too (CI once
// finished all 80 steps of it before the decision came).
const STEPS = 400;
const RUNG = 10;

const SweepRuns = graphql(`
  query SearchE2eRuns($id: ID!) {
    sweep(id: $id) {
      status
      progress { succeeded pruned }
      infeasible { predictedMemoryBytes config { quantization learningRate } }
      hypervolume { points { succeededRuns hypervolume } }
      runs(first: 10) { nodes { id ordinal status prunedRung config { learningRate } } }
    }
  }
`);
const EstimateQuery = graphql(`query SearchE2eEstimate($input: SweepPlanInput!) { estimateMemory(input: $input) { configurations { config { quantization } memory { total } } } }`);
const CreateSweep = graphql(`mutation SearchE2eSweep($input: CreateSweepInput!) { createSweep(input: $input) { sweep { id runCount } } }`);
const RunState = graphql(`query SearchE2eRun($id: ID!) { run(id: $id) { status prunedRung leaseExpiresAt } }`);
const RunMetrics = graphql(`query SearchE2eMetrics($id: ID!) { run(id: $id) { metrics(keys: ["train/loss"]) { points { step } } } }`);

let api: Awaited<ReturnType<typeof startApi>>;
let dash: Running;
let client: LoralabClient;
let browser: Awaited<ReturnType<typeof launch>>;
let page: Page;
let agent: ChildProcess;
let agentLog = '';
let sweepId: string;
let budget: number;
/**
 * When polling first saw the run's rung decision, when it first saw the run PRUNED, and when it
 * saw each heartbeat (each renews the lease: a new `leaseExpiresAt`).
 */
const seen: { decidedAt?: number; prunedAt?: number; runId?: string; heartbeats: number[] } = { heartbeats: [] };

async function until<T>(what: string, fn: () => Promise<T | undefined | false | null>, timeoutMs: number, everyMs = 100): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const v = await fn().catch(() => undefined);
    if (v) return v;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}; agent log:\n${agentLog.slice(-3000)}`);
}

describe('a searching sweep: a real agent prunes a run at its rung; the sweep page shows it', () => {
  beforeAll(async () => {
    const [apiServer] = await Promise.all([startApi(), Promise.resolve(buildDashboard())]);
    api = apiServer;
    client = new LoralabClient({ url: api.graphqlUrl, apiKey: ADMIN_KEY });
    dash = await startDashboard(api.graphqlUrl);

    const plan = {
      baseModel: 'builtin:tiny-llama',
      dataset: 'builtin:topic',
      training: { steps: STEPS, batchSize: 4, sequenceLength: 16, evalInterval: RUNG, seed: 1 },
      // Grid order: NF4 at lr 2e-2 (learns), NF4 at lr 1e-6 (hardly moves), then the same on FP32.
      space: { rank: [2], quantization: ['NF4', 'FP32'] as const, targetModules: [['Q_PROJ', 'V_PROJ'] as const], learningRate: [2e-2, 1e-6] },
    };
    // The budget sits between the NF4 and FP32 predictions: the two FP32 configurations are infeasible.
    const est = await client.request(EstimateQuery, { input: structuredClone(plan) as never });
    const predicted = (q: string) => est.estimateMemory.configurations.filter((c) => c.config.quantization === q).map((c) => c.memory!.total);
    budget = Math.round((Math.max(...predicted('NF4')) + Math.min(...predicted('FP32'))) / 2);
    expect(Math.max(...predicted('NF4'))).toBeLessThan(Math.min(...predicted('FP32')));

    const { createProject } = await client.request(
      graphql(`mutation SearchE2eProject($input: CreateProjectInput!) { createProject(input: $input) { project { id } } }`),
      { input: { name: 'search-e2e' } },
    );
    const { createSweep } = await client.request(
      CreateSweep,
      {
        input: {
          ...(structuredClone(plan) as unknown as Pick<VariablesOf<typeof CreateSweep>['input'], 'baseModel' | 'dataset' | 'training' | 'space'>),
          projectId: createProject.project.id,
          name: 'asha-on-tiny',
          // ASHA, η 2: at a rung a run survives only among the best ⌊n/2⌋ (at least 1) of the n runs that reached it.
          earlyTerminate: { type: 'ASHA', minSteps: RUNG, eta: 2 },
          constraints: { maxPeakMemoryBytes: budget },
        },
      },
    );
    sweepId = createSweep.sweep.id;
    expect(createSweep.sweep.runCount).toBe(2);

    agent = spawn(
      process.execPath,
      [join(repoRoot, 'apps/agent/bin/loralab.js'), 'agent', '--log-format', 'json', '--once', '--sweep', sweepId, '--checkpoint-every', '0', '--heartbeat-ms', String(HEARTBEAT_MS)],
      {
        cwd: repoRoot,
        env: {
          ...process.env,
          LORALAB_API_URL: api.graphqlUrl,
          LORALAB_API_KEY: ADMIN_KEY,
          LORALAB_BACKEND: 'wasm',
          LORALAB_WASM_THREADS: '1',
          LORALAB_DATA_ROOTS: [repoRoot, tmpdir()].join(delimiter),
          LORALAB_MODEL_ROOTS: [repoRoot, tmpdir()].join(delimiter),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    agent.stdout!.on('data', (d) => (agentLog += d));
    agent.stderr!.on('data', (d) => (agentLog += d));
    const exited = new Promise<number | null>((r) => agent.once('exit', r));

    // Watch the second run (the weak learning rate) from the moment it runs: when its rung decision lands, when it ends.
    const weak = await until('the weak run to start', async () => {
      const d = await client.request(SweepRuns, { id: sweepId });
      const r = d.sweep.runs.nodes.find((n) => n.config.learningRate === 1e-6);
      return r?.status === 'RUNNING' ? r : undefined;
    }, 300_000, 250);
    seen.runId = weak.id;
    let lease: string | null = null;
    await until('the weak run to end', async () => {
      const { run } = await client.request(RunState, { id: weak.id });
      const now = Date.now();
      if (run.leaseExpiresAt && run.leaseExpiresAt !== lease) {
        if (lease) seen.heartbeats.push(now);
        lease = run.leaseExpiresAt;
      }
      if (run.prunedRung != null) seen.decidedAt ??= now;
      if (run.status === 'PRUNED') seen.prunedAt ??= now;
      return run.status !== 'RUNNING' && run.status !== 'QUEUED';
    }, 300_000, 50);
    expect(await exited, agentLog.slice(-3000)).toBe(0);

    browser = await launch();
    page = await browser.context.newPage();
  }, 900_000);

  afterAll(async () => {
    if (agent && agent.exitCode === null) agent.kill('SIGKILL');
    await browser?.close();
    await dash?.stop();
    await api?.stop();
  });

  it('the weak run ends PRUNED at its rung, within one heartbeat of the decision, long before its last step', async () => {
    const d = await client.request(SweepRuns, { id: sweepId });
    const byLr = new Map(d.sweep.runs.nodes.map((r) => [r.config.learningRate, r]));
    expect(byLr.get(2e-2)).toMatchObject({ status: 'SUCCEEDED', prunedRung: null });
    expect(byLr.get(1e-6)).toMatchObject({ status: 'PRUNED', prunedRung: RUNG });
    expect(d.sweep).toMatchObject({ status: 'FINISHED', progress: { succeeded: 1, pruned: 1 } });
    // Decision to end: the agent's next heartbeat says stop, it finishes the step it is on and reports.
    expect(seen.decidedAt).toBeDefined();
    // Heard at the first heartbeat after the decision (the agent logs it): no heartbeat passed
    // between them. Counted in heartbeats, which a loaded machine delays like everything else.
    // The agent logs when the heartbeat that brought the stop was sent: it may read the answer only
    // after the training step or evaluation it started meanwhile.
    const records = agentLog.split('\n').flatMap((l) => (l.startsWith('{') ? [JSON.parse(l) as { msg: string; runId?: string; heartbeatSentAt?: number }] : []));
    const heardAt = records.find((r) => r.runId === seen.runId && r.msg === 'cancellation requested')?.heartbeatSentAt;
    expect(heardAt, 'the agent logged "cancellation requested"').toBeDefined();
    // Polling sees a decision or a heartbeat up to one poll (~50 ms, more on a busy machine) late.
    const SLACK_MS = 150;
    const missed = seen.heartbeats.filter((t) => t > seen.decidedAt! + SLACK_MS && t < heardAt! - SLACK_MS);
    // Seen from the one that brought the stop until the run ended PRUNED.
    const after = seen.heartbeats.filter((t) => t > heardAt! - SLACK_MS && t < seen.prunedAt!);
    console.info(
      `search e2e: decision visible → the heartbeat that brought it sent ${heardAt! - seen.decidedAt!} ms later, heartbeats between: ${missed.length} → PRUNED ${seen.prunedAt! - heardAt!} ms after it was sent, heartbeats from it to the end: ${after.length} (heartbeat every ${HEARTBEAT_MS} ms; ${seen.heartbeats.length} seen while the run ran)`,
    );
    expect(missed, 'heartbeats between the decision and the one that stopped the run').toEqual([]);
    // The same in the agent's own clock, which does not depend on polling seeing a renewal (a run
    // stopped within its first second renews no lease the poll can see): the heartbeat that
    // brought the stop was sent within one interval of the decision. A skipped heartbeat would
    // make it at least two intervals; the slack is for timers firing late on a busy machine.
    expect(heardAt! - seen.decidedAt!, 'the stopping heartbeat was sent within one interval of the decision').toBeLessThan(HEARTBEAT_MS + 4 * SLACK_MS);
    // Then it finished the step it was on and reported: by the next heartbeat at the latest.
    expect(after.length).toBeLessThanOrEqual(2);
    // It trained on only a little past its rung, not to the end.
    const { run } = await client.request(RunMetrics, { id: seen.runId! });
    const lastStep = Math.max(...run.metrics[0].points.map((p) => p.step));
    console.info(`search e2e: it trained to step ${lastStep} of ${STEPS} (rung ${RUNG})`);
    expect(lastStep).toBeGreaterThanOrEqual(RUNG);
    expect(lastStep).toBeLessThan(STEPS);
    expect(records.filter((r) => r.runId === seen.runId).map((r) => r.msg)).toEqual(expect.arrayContaining(['cancellation requested', 'run cancelled']));
    // The FP32 configurations were predicted above the budget and never queued.
    expect(d.sweep.infeasible.map((c) => c.config.quantization)).toEqual(['FP32', 'FP32']);
    for (const c of d.sweep.infeasible) expect(c.predictedMemoryBytes).toBeGreaterThan(budget);
    expect(d.sweep.hypervolume.points).toEqual([{ succeededRuns: 1, hypervolume: expect.any(Number) }]);
    expect(d.sweep.hypervolume.points[0].hypervolume).toBeGreaterThan(0);
  });

  it('`loralab report` lists the pruned run with its rung, the infeasible configurations and the hypervolume', () => {
    const cli = (...args: string[]) =>
      execFileSync(process.execPath, [join(repoRoot, 'node_modules/.bin/loralab'), ...args], {
        cwd: repoRoot,
        env: { ...process.env, LORALAB_API_URL: api.graphqlUrl, LORALAB_API_KEY: ADMIN_KEY },
        encoding: 'utf8',
      });
    const md = cli('report', sweepId);
    expect(md).toMatch(/## Hypervolume of the front\n\n\d\.\d{3} after 1 finished run:/);
    expect(md).toMatch(new RegExp(`## Pruned \\(stopped at a rung by early termination; no accuracy\\)\\n\\n.*\\n.*\\n\\| #1 \\| NF4 \\| 2 \\| q\\+v \\| 0\\.000001 \\| ${RUNG} \\|`));
    expect(md).toMatch(/## Infeasible \(predicted above the memory budget, never queued\)\n\n.*\n.*\n\| FP32 \| 2 \| q\+v \| 0\.02 \| 4\.\d MiB \|/);
    expect(md).toContain(`| #1 | PRUNED at step ${RUNG} |`);
    const json = JSON.parse(cli('report', sweepId, '--format', 'json'));
    // Why, in words (ASHA: the cut-off it missed), and no error: the agent's stop is not a failure.
    const why = `pruned at rung step ${RUNG}: eval loss [\\d.]+ outside the best \\d+ of \\d+ runs at that rung \\(cut-off [\\d.]+\\)`;
    expect(json.pruned).toEqual([expect.objectContaining({ run: 1, status: 'PRUNED', pruned_rung: RUNG, pruned_reason: expect.stringMatching(new RegExp(`^${why}$`)), error: null })]);
    expect(md).toMatch(/\| eval loss [\d.]+ outside the best \d+ of \d+ runs at that rung \(cut-off [\d.]+\) \|/);
    expect(json.infeasible).toHaveLength(2);
    expect(json.hypervolume.points).toHaveLength(1);
    // What early termination saved: the strong run's STEPS, the pruned run's steps to where it stopped (its rung or a step or a few past it).
    const saved = json.earlyTerminationSavings;
    expect(saved).toMatchObject({ prunedRuns: 1, endedRuns: 2, stepsFull: 2 * STEPS });
    expect(saved.stepsTrained - STEPS).toBeGreaterThanOrEqual(RUNG);
    expect(saved.stepsTrained - STEPS).toBeLessThan(STEPS / 2);
    expect(saved.fractionSaved).toBeCloseTo(1 - saved.stepsTrained / saved.stepsFull, 12);
    expect(md).toContain(`Early termination saved ${(saved.fractionSaved * 100).toFixed(1)}% of the training steps of the 2 runs ended so far: ${saved.stepsTrained} of ${2 * STEPS} steps trained, 1 run stopped at a rung.`);
    // The CLI's sweep summary counts the pruned run, and the list counts it as finished.
    expect(cli('sweep', 'show', sweepId)).toMatch(/ 1 pruned\n/);
    const line = cli('sweep', 'list').split('\n').find((l) => l.startsWith(sweepId));
    expect(line).toMatch(/ FINISHED +(\d+)\/\1 finished /);
  });

  it('the sweep page draws the pruned run and the infeasible configurations on the chart, lists them, and shows the hypervolume', async () => {
    await page.goto(`${dash.url}/login`);
    await page.getByLabel('API key').fill(ADMIN_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => !u.pathname.endsWith('/login'));
    await page.goto(`${dash.url}/sweeps/${encodeURIComponent(sweepId)}`);
    await page.getByRole('heading', { name: /asha-on-tiny/ }).waitFor();

    const series = await drawnSeries(page.getByRole('img', { name: /Accuracy against peak memory for 1 runs.*1 pruned, 2 infeasible/ }));
    expect(series.filter((s) => s.type === 'scatter').map((s) => [s.name, s.points])).toEqual([
      ['NF4', 1],
      ['Pruned', 1],
      ['Infeasible', 2],
    ]);
    const { sweep } = await client.request(SweepRuns, { id: sweepId });
    const hv = sweep.hypervolume.points[0].hypervolume;
    expect(await page.getByTestId('hypervolume').textContent()).toBe(hv.toFixed(3));
    const hvSeries = await drawnSeries(page.getByRole('img', { name: /Hypervolume of the Pareto front after each of 1 finished runs/ }));
    // The origin (no run: 0) and one point per finished run.
    expect(hvSeries).toEqual([expect.objectContaining({ name: 'Hypervolume', type: 'line', points: 2 })]);

    const infeasible = page.getByRole('table', { name: 'Infeasible configurations' }).locator('tbody tr');
    expect(await infeasible.count()).toBe(2);
    expect(await infeasible.first().textContent()).toMatch(/FP32.*MiB\+\d+\.\d%/);
    expect(await page.getByTestId('search-settings').textContent()).toMatch(/ASHA, rungs at 10, 20, 40, 80, 160, 320 steps \(η 2\).*2 configurations over it/);

    const weakRow = page.getByRole('table', { name: 'Runs' }).locator('tbody tr', { hasText: 'pruned' });
    expect(await weakRow.textContent()).toContain(`pruned at step ${RUNG}`);
    await page.waitForTimeout(300);
    await screenshot(page, 'search-sweep');
    expect((await seriousViolations(page)).map((v) => v.id)).toEqual([]);

    await weakRow.getByRole('link').first().click();
    await page.getByTestId('pruned-note').waitFor();
    expect(await page.getByTestId('pruned-note').textContent()).toMatch(new RegExp(`pruned at rung step ${RUNG}: eval loss [\\d.]+ outside the best`));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(new RegExp(`pruned at step ${RUNG}`));
    await screenshot(page, 'search-pruned-run');
  });
  it('the builder: method, budget, early termination and memory budget; the preview tells what BAYES will do and lists infeasible configurations', async () => {
    await page.goto(`${dash.url}/sweeps/new`);
    await page.getByLabel('Sweep name').fill('builder-search');
    await page.getByLabel('Base model').fill('builtin:tiny-llama');
    await page.getByLabel('Rank values').fill('2');
    await page.locator('input[name="steps"]').fill(String(STEPS));
    await page.locator('input[name="evalInterval"]').fill('10');
    // GRID over FP32 and NF4 (the form's defaults) with a budget between their predictions, in MiB: the FP32 configuration is infeasible.
    const est = await client.request(EstimateQuery, {
      input: {
        baseModel: 'builtin:tiny-llama',
        dataset: 'builtin:topic',
        training: { steps: STEPS, batchSize: 8, evalInterval: 10 },
        space: { rank: [2], quantization: ['FP32', 'NF4'], targetModules: [['Q_PROJ', 'V_PROJ']], learningRate: [2e-4] },
      },
    });
    const [fp32, nf4] = ['FP32', 'NF4'].map((q) => est.estimateMemory.configurations.find((c) => c.config.quantization === q)!.memory!.total);
    const builderBudget = (fp32 + nf4) / 2 / 2 ** 20;
    await page.getByLabel(/^Memory budget \(/).fill(builderBudget.toFixed(3));
    await page.getByLabel('Learning rates (or a range such as 1e-5..1e-2 log; RANDOM and BAYES)').fill('0.0002');
    await page.getByRole('button', { name: 'Preview runs and memory' }).click();
    await expect.poll(() => page.getByTestId('run-count').textContent()).toBe('1');
    expect(await page.getByTestId('infeasible-count').textContent()).toBe('1');
    const infeasibleRow = page.getByRole('table', { name: 'Infeasible configurations and predicted peak memory' }).locator('tbody tr');
    expect(await infeasibleRow.count()).toBe(1);
    expect(await infeasibleRow.first().textContent()).toMatch(/FP32.*MiB/);

    // Early termination: a first rung at the last step is refused at its field.
    await page.locator('select[name="earlyTerminate"]').selectOption('PARETO');
    await page.getByLabel('First rung (min steps)').fill(String(STEPS));
    await page.getByRole('button', { name: 'Preview runs and memory' }).click();
    await expect.poll(() => page.locator('#err-minSteps').textContent()).toBe(`must be below training.steps (${STEPS})`);
    await page.getByLabel('First rung (min steps)').fill('10');
    await page.getByLabel('Reduction factor η').fill('2');

    // BAYES: no runs up front; the preview gives the budget and what the search does.
    await page.locator('select[name="method"]').selectOption('BAYES');
    await page.getByLabel('Max runs (the budget)').fill('12');
    await page.getByLabel('Learning rates (or a range such as 1e-5..1e-2 log; RANDOM and BAYES)').fill('1e-5..1e-2 log');
    await page.getByRole('button', { name: 'Preview runs and memory' }).click();
    await expect.poll(() => page.getByTestId('run-budget').textContent()).toBe('12');
    expect(await page.getByRole('heading', { name: /Up to 12 runs, proposed as results arrive/ }).count()).toBe(1);
    expect(await page.getByTestId('bayes-explainer').textContent()).toMatch(/never proposed/);
    expect(await page.getByTestId('early-termination-explainer').textContent()).toMatch(/rungs at steps 10, 20, 40, 80, 160, 320 of 400; .*at least 50% of the other runs/);
    await screenshot(page, 'search-builder-bayes');
    expect((await seriousViolations(page)).map((v) => v.id)).toEqual([]);

    // The YAML tab carries the same settings as the CLI's sweep file, and back.
    await page.getByRole('tab', { name: 'YAML' }).click();
    const yaml = await page.getByLabel(/Sweep file/).inputValue();
    expect(yaml).toMatch(/method: bayes/);
    expect(yaml).toMatch(/earlyTerminate:\s*\n\s*type: PARETO\s*\n\s*minSteps: 10\s*\n\s*eta: 2/);
    expect(yaml).toMatch(new RegExp(`maxPeakMemoryBytes: ${Math.round(Number(builderBudget.toFixed(3)) * 2 ** 20)}`));
    await page.getByRole('tab', { name: 'Form' }).click();
    expect(await page.getByLabel('First rung (min steps)').inputValue()).toBe('10');
    await page.getByRole('button', { name: 'Launch sweep' }).click();
    await page.waitForURL(/\/sweeps\/[^/]+$/);
    await page.getByRole('heading', { name: /builder-search/ }).waitFor();
    expect(await page.getByText(/bayes \(up to 12 runs, proposed as results arrive\)/).count()).toBe(1);
    expect(await page.getByTestId('search-settings').textContent()).toMatch(/Pareto, rungs at 10, 20, 40, 80, 160, 320 steps \(η 2\)/);
  });
});
