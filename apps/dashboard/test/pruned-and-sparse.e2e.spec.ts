// Browser tests of a small early-terminated sweep, seeded through the API (real API, PostgreSQL,
// Chromium, the built dashboard): one run succeeds, evaluated once at its end (a one-point eval
// series, a one-point Pareto front), the other is pruned at its first rung. The pages must show
// the pruned run as pruned (its rung and why, no error), count it, export it, draw the single
// points visibly, and say why an NF4-only sweep has no matched pairs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { LoralabClient, graphql, type ResultOf } from '@loralab/client';
import { BUILTIN_DATASETS } from '@loralab/core';
import { drawnSeries, launch, pixelsOfColor, screenshot } from './support/browser';
import { summaryFor } from './support/seed';
import { ADMIN_KEY, buildDashboard, startApi, startDashboard, type Running } from './support/servers';

const SWEEP = 'pruned-and-sparse';
const RUNG = 10;
/** Where the charts' legends end (CSS px from the top of the canvas): below it only the plots draw series colours. */
const BELOW_LEGEND = 32;
const REASON = `pruned at rung step ${RUNG}: dominated by 1 of 1 run at that rung (eval loss and predicted memory)`;

const CreateSweep = graphql(`mutation PrunedE2eSweep($input: CreateSweepInput!) { createSweep(input: $input) { sweep { id } } }`);
const RegisterAgent = graphql(`mutation PrunedE2eAgent($input: RegisterAgentInput!) { registerAgent(input: $input) { agent { id } } }`);
const ClaimRun = graphql(`
  mutation PrunedE2eClaim($input: ClaimRunInput!) { claimRun(input: $input) { run { id ordinal predictedMemoryBytes config { rank quantization targetModules learningRate } } } }
`);
const LogMetrics = graphql(`mutation PrunedE2eLog($input: LogMetricsInput!) { logMetrics(input: $input) { stored } }`);
const Heartbeat = graphql(`mutation PrunedE2eHeartbeat($input: HeartbeatInput!) { heartbeat(input: $input) { cancelRequested } }`);
const FailRun = graphql(`mutation PrunedE2eFail($input: FailRunInput!) { failRun(input: $input) { run { status error prunedReason } } }`);
const CompleteRun = graphql(`mutation PrunedE2eComplete($input: CompleteRunInput!) { completeRun(input: $input) { run { status } } }`);

let api: Awaited<ReturnType<typeof startApi>>;
let dash: Running;
let browser: Awaited<ReturnType<typeof launch>>;
let page: Page;
let sweepId: string;
let kept: { id: string; ordinal: number };
let pruned: { id: string; ordinal: number };

describe('a pruned run and one-point series in Chromium', () => {
  beforeAll(async () => {
    const [apiServer] = await Promise.all([startApi(), Promise.resolve(buildDashboard())]);
    api = apiServer;
    const client = new LoralabClient({ url: api.graphqlUrl, apiKey: ADMIN_KEY });
    const { createProject } = await client.request(
      graphql(`mutation PrunedE2eProject($input: CreateProjectInput!) { createProject(input: $input) { project { id } } }`),
      { input: { name: 'pruned-project' } },
    );
    // Two configurations with the same predicted memory (only the learning rate differs): at the rung, the lower loss dominates.
    const { createSweep } = await client.request(CreateSweep, {
      input: {
        projectId: createProject.project.id,
        name: SWEEP,
        baseModel: 'builtin:tiny-llama',
        dataset: BUILTIN_DATASETS[0],
        training: { steps: 40, batchSize: 8, sequenceLength: 32, evalInterval: RUNG },
        space: { rank: [4], quantization: ['NF4'], targetModules: [['Q_PROJ', 'V_PROJ']], learningRate: [1e-4, 2e-4] },
        earlyTerminate: { type: 'PARETO', minSteps: RUNG, eta: 2 },
      },
    });
    sweepId = createSweep.sweep.id;
    const agents: string[] = [];
    for (const name of ['agent-a', 'agent-b']) {
      const { registerAgent } = await client.request(RegisterAgent, { input: { name, backend: 'cpu', hostname: 'ci', deviceMemoryBytes: 8 * 1024 ** 3 } });
      agents.push(registerAgent.agent.id);
    }
    const runs: NonNullable<ResultOf<typeof ClaimRun>['claimRun']['run']>[] = [];
    for (const agentId of agents) runs.push((await client.request(ClaimRun, { input: { agentId, sweepId } })).claimRun.run!);
    const log = (i: number, points: { key: string; step: number; value: number }[]) => client.request(LogMetrics, { input: { agentId: agents[i], runId: runs[i].id, points } });
    // The first: a loss curve, its eval loss at the rung, and accuracy evaluated once, at the end.
    await log(0, [
      ...Array.from({ length: 40 }, (_, s) => ({ key: 'train/loss', step: s, value: 2.5 * Math.exp(-s / 10) + 0.3 })),
      { key: 'eval/loss', step: RUNG, value: 1.0 },
      { key: 'eval/accuracy', step: 40, value: 0.8 },
    ]);
    // The second is worse at the rung: pruned; its agent hears it at the next heartbeat and reports the stop.
    // With the peak of its first training steps, as the agent logs it (the first run logged none: the rung compares predictions).
    await log(1, [{ key: 'memory/peak_bytes', step: 1, value: 3 * 2 ** 20 }, { key: 'eval/loss', step: RUNG, value: 2.0 }]);
    expect((await client.request(Heartbeat, { input: { agentId: agents[1], runId: runs[1].id } })).heartbeat.cancelRequested).toBe(true);
    const failed = await client.request(FailRun, { input: { agentId: agents[1], runId: runs[1].id, error: 'cancelled by request', retryable: false } });
    expect(failed.failRun.run).toEqual({ status: 'PRUNED', error: null, prunedReason: REASON });
    await client.request(CompleteRun, { input: { agentId: agents[0], runId: runs[0].id, summary: summaryFor(runs[0], 0) } });
    kept = runs[0];
    pruned = runs[1];
    // Local mode: signed in as the admin key, no login page.
    dash = await startDashboard(api.graphqlUrl, { LORALAB_LOCAL_API_KEY: ADMIN_KEY });
    browser = await launch();
    page = await browser.context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await dash?.stop();
    await api?.stop();
  });

  it("the pruned run's page says its rung and why, and shows no error", async () => {
    await page.goto(`${dash.url}/runs/${encodeURIComponent(pruned.id)}`);
    await page.getByRole('heading', { name: `Run #${pruned.ordinal} pruned at step ${RUNG}` }).waitFor();
    expect(await page.getByTestId('pruned-note').textContent()).toContain(REASON);
    // No final peak, but the measured peak of its training steps.
    const peakCard = page.locator('.card', { hasText: 'Peak memory (measured)' });
    expect(await peakCard.locator('.value').textContent()).toBe('3.0 MiB');
    expect(await page.getByTestId('training-peak-note').textContent()).toContain('training steps');
    // The failed-run box (a role="alert" card) is not there.
    expect(await page.locator('.card.error').count()).toBe(0);
    expect(await page.content()).not.toContain('cancelled by request');
    await screenshot(page, 'pruned-run');
  });

  it('the sweeps list counts the pruned run among the finished ones', async () => {
    await page.goto(`${dash.url}/sweeps?q=${SWEEP}`);
    const row = page.getByRole('row', { name: new RegExp(SWEEP) });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/2\/2/);
    expect(await row.textContent()).toContain('1 ok · 1 pruned');
    await screenshot(page, 'pruned-sweeps-list');
  });

  it("the compare report's Markdown export lists the pruned run with its rung and why", async () => {
    // The export link's address, fetched with the browser's session.
    const res = await page.request.get(`${dash.url}/sweeps/${encodeURIComponent(sweepId)}/compare/export?format=md`);
    expect(res.status()).toBe(200);
    const md = await res.text();
    expect(md).toContain('## Pruned (stopped at a rung by early termination; no accuracy)');
    expect(md).toMatch(new RegExp(`\\| #${pruned.ordinal} \\| NF4 \\| 4 \\| q\\+v \\| [\\d.e-]+ \\| ${RUNG} \\| [\\d.]+ MiB \\| dominated by 1 of 1 run at that rung`));
     // An NF4-only sweep can never pair: the report says why instead of 'yet'.
    expect(md).toContain('No matched pairs: this sweep has no FP32 base, so no LoRA run to compare a QLoRA run with.');
  });

  it('the run page draws an eval series of one point (evaluated only at the end) as a visible symbol', async () => {
    await page.goto(`${dash.url}/runs/${encodeURIComponent(kept.id)}`);
    const chart = page.getByRole('img', { name: /Training curves/ });
    const series = await drawnSeries(chart);
    const accuracy = series.find((s) => s.name === 'eval/accuracy')!;
    expect(accuracy).toMatchObject({ type: 'line', points: 1 });
    // Its colour in the plot (not only in the legend): a one-point line without a symbol draws nothing.
    // (Polled: the chart may still be animating its series in.)
    await expect.poll(() => pixelsOfColor(chart, accuracy.color!, BELOW_LEGEND)).toBeGreaterThan(20);
    await page.waitForTimeout(300);
    await screenshot(page, 'one-point-eval');
  });

  it("the sweep page's Pareto chart draws a front of one run visibly", async () => {
    await page.goto(`${dash.url}/sweeps/${encodeURIComponent(sweepId)}`);
    const chart = page.getByRole('img', { name: /Accuracy against peak memory for 1 runs, with the Pareto front of 1 runs/ });
    const series = await drawnSeries(chart);
    const front = series.find((s) => s.name === 'Pareto front')!;
    expect(front).toMatchObject({ type: 'line', points: 1 });
    // A ring in the front's colour around the run's point (polled: the chart animates its series in).
    await expect.poll(() => pixelsOfColor(chart, front.color!, BELOW_LEGEND)).toBeGreaterThan(20);
    await page.waitForTimeout(300);
    await screenshot(page, 'one-point-front');
    // The pruned run trained to its rung (its last eval, step 10), the other its 40 steps: 50 of 80.
    expect(await page.getByTestId('steps-saved').textContent()).toBe('Steps saved37.5%50 of 80 steps trained');
    expect(await page.getByText('No matched LoRA/QLoRA pairs').textContent()).toBe(
      'No matched LoRA/QLoRA pairs: this sweep has no FP32 base, so no LoRA run to compare a QLoRA run with.',
    );
  });
});
