// Browser tests: real headless Chromium against the built dashboard, the real API and PostgreSQL.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { LoralabClient, graphql } from '@loralab/client';
import { launch, screenshot, seriousViolations } from './support/browser';
import { seedFailedRun, seedSweep, summaryFor } from './support/seed';
import { ADMIN_KEY, buildDashboard, startApi, startDashboard, type Running } from './support/servers';

let api: Awaited<ReturnType<typeof startApi>>;
let dash: Running;
let browser: Awaited<ReturnType<typeof launch>>;
let page: Page;
let seeded: Awaited<ReturnType<typeof seedSweep>>;
let failed: Awaited<ReturnType<typeof seedFailedRun>>;
const FAILURE = 'ResourceExhaustedError: OOM when allocating tensor of shape [8,64,2048]';
const a11y: Record<string, string[]> = {};

async function checkA11y(name: string) {
  const v = await seriousViolations(page);
  a11y[name] = v.map((x) => `${x.id} (${x.impact}): ${x.help} at ${x.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

describe('dashboard in Chromium', () => {
  beforeAll(async () => {
    const [apiServer] = await Promise.all([startApi(), Promise.resolve(buildDashboard())]);
    api = apiServer;
    const client = new LoralabClient({ url: api.graphqlUrl, apiKey: ADMIN_KEY });
    // 2 ranks × 3 bases × 2 target sets = 12 runs; 11 finish, one stays queued.
    seeded = await seedSweep(client, {
      projectName: 'seeded-project',
      sweepName: 'seeded-lora-vs-qlora',
      ranks: [4, 8],
      quantization: ['FP32', 'INT8', 'NF4'],
      targetModules: [
        ['Q_PROJ', 'V_PROJ'],
        ['Q_PROJ', 'K_PROJ', 'V_PROJ', 'O_PROJ'],
      ],
      complete: 11,
      metricPoints: 200,
    });
    failed = await seedFailedRun(client, seeded.projectId, seeded.agentId, FAILURE);
    dash = await startDashboard(api.graphqlUrl);
    browser = await launch();
    page = await browser.context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await dash?.stop();
    await api?.stop();
  });

  it('sends visitors to sign in, refuses a bad key and accepts a good one', async () => {
    await page.goto(`${dash.url}/sweeps`);
    await page.waitForURL(/\/login$/);
    await page.getByLabel('API key').fill('llk_not_a_real_key_000000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('#signin-error').textContent()).toMatch(/refused/);
    await screenshot(page, '01-login');
    await checkA11y('login');
    await page.getByLabel('API key').fill(ADMIN_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/sweeps$/);
    const cookies = await browser.context.cookies();
    const key = cookies.find((c) => c.name === 'loralab_key');
    expect(key?.httpOnly).toBe(true);
  });

  it('lists projects and sweeps with status, progress, best accuracy and memory', async () => {
    await page.goto(`${dash.url}/projects`);
    await expect.poll(() => page.getByRole('link', { name: 'seeded-project' }).count()).toBe(1);
    // Creating a project is a server action; an empty name is refused at the field.
    await page.getByRole('button', { name: 'Create project' }).click();
    await expect.poll(() => page.locator('#project-name-error').textContent()).toBe('Name is required');
    await page.getByLabel('New project name').fill('ui-project');
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.getByRole('link', { name: 'ui-project' }).waitFor();
    await screenshot(page, '02-projects');
    await checkA11y('projects');
    await page.goto(`${dash.url}/sweeps?status=RUNNING`);
    const row = page.getByRole('row', { name: /seeded-lora-vs-qlora/ });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/running/);
    expect(await row.textContent()).toMatch(/11\/12/);
    await screenshot(page, '03-sweeps');
    await checkA11y('sweeps');
    await page.goto(`${dash.url}/sweeps?status=FINISHED`);
    await page.getByRole('row', { name: /failing-sweep/ }).waitFor();
    expect(await page.getByRole('row', { name: /seeded-lora-vs-qlora/ }).count()).toBe(0);
    await page.goto(`${dash.url}/sweeps?q=no-such-sweep`);
    await page.getByText('No sweep matches these filters.').waitFor();
  });

  it('builds a sweep: previews runs and memory, shows API errors at their fields, launches it', async () => {
    await page.goto(`${dash.url}/sweeps/new`);
    await page.getByLabel('Sweep name').fill('browser-built-sweep');
    await page.getByLabel('Rank values').fill('4, 8, 16');
    await page.getByRole('checkbox', { name: 'INT8' }).check();
    await page.getByRole('button', { name: 'Preview runs and memory' }).click();
    // 3 ranks × (FP32, NF4, INT8) × 1 target set
    await expect.poll(() => page.getByTestId('run-count').textContent()).toBe('9');
    const firstRow = page.getByRole('table', { name: /Planned runs/ }).locator('tbody tr').first();
    expect(await firstRow.textContent()).toMatch(/(KiB|MiB|GiB)/);
    // The seeded runs' measurements correct the predictions, per target set they had and by the base's for the others.
    expect(await page.getByTestId('correction-note').textContent()).toMatch(
      /^Predictions are the estimator's, scaled by what this team's runs on builtin:tiny-llama measured \(measured ÷ predicted, 90th percentile\): ×\d+\.\d{3} for q\+v, ×\d+\.\d{3} for q\+k\+v\+o, ×\d+\.\d{3} for other target sets\.$/,
    );
    await screenshot(page, '04-builder-estimate');
    await checkA11y('builder');

    // Warm-up ratios are searched like any other dimension: two values, twice the runs.
    await page.getByLabel('Warm-up ratios (fraction of steps)').fill('0.05, 0.1');
    await page.getByRole('button', { name: 'Preview runs and memory' }).click();
    await expect.poll(() => page.getByTestId('run-count').textContent()).toBe('18');
    // The server action applies the core sweep schema: a ratio above 1 is refused at its field.
    await page.getByLabel('Warm-up ratios (fraction of steps)').fill('1.5');
    await page.getByRole('button', { name: 'Preview runs and memory' }).click();
    await expect.poll(() => page.locator('#err-warmupRatio').textContent()).toBe('must be at most 1');
    await page.getByLabel('Warm-up ratios (fraction of steps)').fill('0.05');
    // Dataset settings go through the same schema: a file format on a built-in task is refused at its field.
    await page.getByLabel('Dataset format').selectOption('ALPACA');
    await page.getByRole('button', { name: 'Preview runs and memory' }).click();
    await expect.poll(() => page.locator('#err-format').textContent()).toBe('applies to dataset files, not built-in tasks');
    await page.getByLabel('Dataset format').selectOption('AUTO');

    // Duplicate ranks pass the form's checks but the API refuses them at input.space.rank.N.
    await page.getByLabel('Rank values').fill('4, 4');
    await page.getByRole('button', { name: 'Launch sweep' }).click();
    await expect.poll(() => page.locator('#err-rank').textContent()).not.toBe('');
    await screenshot(page, '05-builder-field-error');

    // The YAML tab carries the same sweep file as the CLI.
    await page.getByLabel('Rank values').fill('4, 8, 16');
    await page.getByRole('tab', { name: 'YAML' }).click();
    const yaml = await page.getByLabel(/Sweep file/).inputValue();
    expect(yaml).toMatch(/name: browser-built-sweep/);
    expect(yaml).toMatch(/quantization:\s*\n\s*values:/);
    expect(yaml).toMatch(/warmupRatio:\s*\n\s*values:\s*\n\s*- 0.05/);
    expect(yaml).toMatch(/datasetSettings:\s*\n\s*format: AUTO/);
    await screenshot(page, '06-builder-yaml');
    await page.getByRole('button', { name: 'Launch sweep' }).click();
    await page.waitForURL(/\/sweeps\/[^/]+$/);
    await page.getByRole('heading', { name: /browser-built-sweep/ }).waitFor();

    await page.goto(`${dash.url}/sweeps?q=browser-built`);
    const row = page.getByRole('row', { name: /browser-built-sweep/ });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/0\/9/);

    // Cancelling it (a server action) cancels its nine queued runs.
    await row.getByRole('link', { name: 'browser-built-sweep' }).click();
    // Cancel one queued run from its page, then the rest of the sweep.
    await page.getByRole('link', { name: '#0', exact: true }).click();
    await page.getByRole('button', { name: 'Cancel run' }).click();
    await page.getByRole('heading', { name: 'Run #0 cancelled' }).waitFor();
    await page.getByRole('link', { name: /browser-built-sweep/ }).click();
    await page.getByText('0 ok · 0 running · 8 queued · 0 failed · 1 cancelled').waitFor();
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Cancel sweep' }).click();
    // The action revalidates the page: the sweep now reads cancelled, with its nine runs.
    await page.getByRole('heading', { name: /browser-built-sweep cancelled/ }).waitFor();
    await page.getByText('0 ok · 0 running · 0 queued · 0 failed · 9 cancelled').waitFor();
  });

  it('shows a sweep with finished runs: Pareto chart, parallel coordinates, comparison table, runs table', async () => {
    await page.goto(`${dash.url}/sweeps/${encodeURIComponent(seeded.sweepId)}`);
    await page.getByRole('heading', { name: /seeded-lora-vs-qlora/ }).waitFor();
    const pareto = page.getByRole('img', { name: /Accuracy against peak memory for 11 runs/ });
    await pareto.waitFor();
    // ECharts draws into a canvas it creates once the chart has mounted, a moment after its frame.
    await pareto.locator('canvas').first().waitFor();
    await page.getByRole('img', { name: /Parallel coordinates of 11/ }).waitFor();
    const pairs = page.getByRole('table', { name: /LoRA against QLoRA/ }).locator('tbody tr');
    await expect.poll(() => pairs.count()).toBeGreaterThanOrEqual(6);
    const runs = page.getByRole('table', { name: 'Runs' }).locator('tbody tr');
    await expect.poll(() => runs.count()).toBe(12);
    await page.waitForTimeout(500);
    await screenshot(page, '07-sweep');
    await checkA11y('sweep');

    // Sorting and filtering live in the URL.
    await page.getByRole('link', { name: /^Accuracy/ }).click();
    await page.waitForURL(/sort=accuracy/);
    await page.getByRole('link', { name: /^Accuracy/ }).click();
    await page.waitForURL(/dir=desc/);
    const firstAcc = await page.getByRole('table', { name: 'Runs' }).locator('tbody tr').first().locator('td').nth(7).textContent();
    const accs = await page.getByRole('table', { name: 'Runs' }).locator('tbody tr td:nth-child(8)').allTextContents();
    const nums = accs.filter((a) => a.endsWith('%')).map(parseFloat);
    expect(parseFloat(firstAcc!)).toBe(Math.max(...nums));
    await page.goto(`${dash.url}/sweeps/${encodeURIComponent(seeded.sweepId)}?quant=NF4`);
    await expect.poll(() => page.getByRole('table', { name: 'Runs' }).locator('tbody tr').count()).toBe(4);
  });

  it('compare report: recommendation, chart, CSV and Markdown exports', async () => {
    await page.goto(`${dash.url}/sweeps/${encodeURIComponent(seeded.sweepId)}/compare`);
    const rec = page.getByTestId('recommendation');
    await rec.waitFor();
    expect(await rec.textContent()).toMatch(/^Use run #\d+/);
    await page.getByRole('img', { name: /Memory saved against accuracy change/ }).waitFor();
    await page.waitForTimeout(500);
    await screenshot(page, '08-compare');
    await checkA11y('compare');

    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'CSV' }).click()]);
    const csv = readFileSync((await csvDownload.path())!, 'utf8').trim().split('\n');
    expect(csv[0]).toMatch(/^quantization,rank,alpha,targets/);
    expect(csv.length).toBeGreaterThanOrEqual(7);
    expect(csv.slice(1).every((l) => /^(INT8|NF4),/.test(l))).toBe(true);

    const [mdDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Markdown' }).click()]);
    const md = readFileSync((await mdDownload.path())!, 'utf8');
    expect(md).toMatch(/# LoRA vs QLoRA: seeded-lora-vs-qlora/);
    expect(md).toMatch(/\| NF4 \|/);

    const [pngDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export PNG' }).click()]);
    const png = readFileSync((await pngDownload.path())!);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });

  it('run page: curves, memory measured against predicted, configuration, agent', async () => {
    await page.goto(`${dash.url}/runs/${encodeURIComponent(seeded.runIds[0])}`);
    await page.getByRole('heading', { name: /Run #\d+/ }).waitFor();
    await page.getByRole('img', { name: /Training curves: train\/loss, eval\/accuracy|Training curves: eval\/accuracy, train\/loss/ }).waitFor();
    await page.getByRole('img', { name: /Measured memory by component/ }).waitFor();
    expect(await page.getByRole('table', { name: 'Execution' }).textContent()).toMatch(/test-agent \(cpu on ci/);
    expect(await page.getByRole('table', { name: 'Configuration' }).textContent()).toMatch(/builtin:tiny-llama/);
    expect(await page.getByRole('table', { name: 'Configuration' }).textContent()).toMatch(/format AUTO · trainOn COMPLETION · packing false/);
    // The summary says which metric "accuracy" is.
    expect(await page.getByTestId('accuracy-metric').textContent()).toBe('label accuracy (most likely label)');
    // The final evaluation's batch, and why it is that one (the config's evalBatchSize is 0).
    expect(await page.getByTestId('eval-batch').textContent()).toBe("4 sequences per forward pass (chosen automatically: the config's evalBatchSize is 0)");
    expect(await page.getByRole('table', { name: 'Execution' }).textContent()).toMatch(/Evaluation peak \(measured\)/);
    await page.waitForTimeout(500);
    await screenshot(page, '09-run');
    await checkA11y('run');
  });

  it('run page of a failed run shows its error', async () => {
    await page.goto(`${dash.url}/runs/${encodeURIComponent(failed.runId)}`);
    await page.getByText(FAILURE).waitFor();
    expect(await page.getByRole('heading', { name: /Run #0/ }).textContent()).toMatch(/failed/);
    await page.getByText('Measured once the run succeeds.').waitFor();
    await screenshot(page, '09b-run-failed');
    await checkA11y('run-failed');
  });

  it('local mode: with LORALAB_LOCAL_API_KEY nobody has to sign in', async () => {
    const local = await startDashboard(api.graphqlUrl, { LORALAB_LOCAL_API_KEY: ADMIN_KEY });
    try {
      const p = await browser.context.browser()!.newContext();
      const fresh = await p.newPage();
      await fresh.goto(`${local.url}/sweeps`);
      await fresh.getByRole('row', { name: /seeded-lora-vs-qlora/ }).waitFor();
      expect(fresh.url()).toMatch(/\/sweeps$/);
      await p.close();
    } finally {
      await local.stop();
    }
  });

  it('agents page: online, backend, device memory, last heartbeat', async () => {
    await page.goto(`${dash.url}/agents`);
    const row = page.getByRole('row', { name: /test-agent/ });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/cpu/);
    expect(await row.textContent()).toMatch(/8\.0 GiB/);
    await screenshot(page, '10-agents');
    await checkA11y('agents');
  });

  it('updates the sweep and run pages live through the subscriptions', async () => {
    const sweepUrl = `${dash.url}/sweeps/${encodeURIComponent(seeded.sweepId)}`;
    await page.goto(sweepUrl);
    await page.locator('[data-live="live"]').waitFor({ timeout: 20_000 });
    const client = new LoralabClient({ url: api.graphqlUrl, apiKey: ADMIN_KEY });
    const { claimRun } = await client.request(
      graphql(`mutation LiveTestClaimRun($input: ClaimRunInput!) { claimRun(input: $input) { run { id predictedMemoryBytes config { rank quantization targetModules learningRate } } } }`),
      { input: { agentId: seeded.agentId, sweepId: seeded.sweepId } },
    );
    // runUpdated: the claim shows without a reload.
    await page.getByText('11 ok · 1 running · 0 queued').waitFor({ timeout: 20_000 });

    // metricsLogged: the running run's curves appear as the agent logs them.
    const run = claimRun.run!;
    await page.goto(`${dash.url}/runs/${encodeURIComponent(run.id)}`);
    await page.locator('[data-live="live"]').waitFor({ timeout: 20_000 });
    await page.getByText('No metrics logged yet.').waitFor();
    await client.request(graphql(`mutation LiveTestLogMetrics($input: LogMetricsInput!) { logMetrics(input: $input) { stored } }`), {
      input: { runId: run.id, agentId: seeded.agentId, points: Array.from({ length: 50 }, (_, i) => ({ key: 'train/loss', step: i, value: 2 / (i + 1) })) },
    });
    await page.getByRole('img', { name: 'Training curves: train/loss' }).waitFor({ timeout: 20_000 });
    await screenshot(page, '11-run-live');

    await page.goto(sweepUrl);
    await page.locator('[data-live="live"]').waitFor({ timeout: 20_000 });
    await client.request(graphql(`mutation LiveTestCompleteRun($input: CompleteRunInput!) { completeRun(input: $input) { run { id } } }`), {
      input: { runId: run.id, agentId: seeded.agentId, summary: summaryFor(run, 0) },
    });
    await page.getByText('12 ok · 0 running · 0 queued').waitFor({ timeout: 20_000 });
    await screenshot(page, '12-sweep-live-finished');
  });

  it('has no serious or critical axe-core violations on any page', () => {
    expect(Object.keys(a11y).length).toBeGreaterThanOrEqual(8);
    expect(a11y).toEqual(Object.fromEntries(Object.keys(a11y).map((k) => [k, []])));
  });
});
