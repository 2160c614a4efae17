// What a user meets first: `npm start` (tools/scripts/start.mjs, unchanged but for ports and a
// temporary data directory), a tiny sweep through the README's `loralab sweep create`, trained by
// the local agent that `npm start` runs, then the dashboard it serves in real Chromium.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { LoralabClient, graphql } from '@loralab/client';
import { drawnSeries, launch, screenshot } from './support/browser';
import { freePort, repoRoot } from './support/servers';

const RUNS = 2;
let child: ChildProcess;
let output = '';
let dataDir: string;
let dashboardUrl: string;
let client: LoralabClient;
let sweepId: string;
let browser: Awaited<ReturnType<typeof launch>>;
let page: Page;
const consoleErrors: string[] = [];

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}) while waiting for ${what}:\n${output.slice(-3000)}`);
    const v = await fn().catch(() => undefined);
    if (v) return v;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${what}:\n${output.slice(-3000)}`);
}

describe('npm start in Chromium', () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'loralab-npm-start-'));
    const [apiPort, dashboardPort, pgPort] = [await freePort(), await freePort(), await freePort()];
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(apiPort),
      DASHBOARD_PORT: String(dashboardPort),
      LORALAB_PG_PORT: String(pgPort),
      LORALAB_DATA_DIR: dataDir,
      LORALAB_WASM_THREADS: '1',
    };
    delete env.DATABASE_URL;
    delete env.LORALAB_ADMIN_KEY;
    delete env.NODE_ENV; // vitest sets "test"; a user's shell has none
    child = spawn(process.execPath, [join(repoRoot, 'tools/scripts/start.mjs')], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    // The first start builds the dashboard (about a minute on 2 cores); later ones reuse the build.
    await until('"ready" from npm start', async () => output.includes('[start] ready:'), 480_000);
    dashboardUrl = `http://localhost:${dashboardPort}`;
    await until('the dashboard', async () => (await fetch(`${dashboardUrl}/sweeps`)).ok, 60_000);

    // The README's commands: the admin key from the data directory, then `loralab sweep create`.
    const apiKey = readFileSync(join(dataDir, 'admin-key'), 'utf8').trim();
    const apiUrl = `http://localhost:${apiPort}/graphql`;
    const sweepFile = join(dataDir, 'tiny-sweep.yaml');
    writeFileSync(
      sweepFile,
      [
        'name: npm-start-tiny',
        'project: first-run',
        'baseModel: builtin:tiny-llama',
        `dataset: ${join(repoRoot, 'examples/data/topics.jsonl')}`,
        // Enough steps for one checkpoint (the agent's default: every 25) and a curve.
        'training: { steps: 30, batchSize: 4, sequenceLength: 16, evalInterval: 10, seed: 1 }',
        'parameters:',
        '  quantization: { values: [FP32, NF4] }',
        '  rank: { values: [2] }',
        '  targetModules: { values: [[Q_PROJ, V_PROJ]] }',
      ].join('\n'),
    );
    const created = spawnSync(process.execPath, [join(repoRoot, 'node_modules/.bin/loralab'), 'sweep', 'create', '-f', sweepFile, '--json'], {
      cwd: repoRoot,
      env: { ...process.env, LORALAB_API_URL: apiUrl, LORALAB_API_KEY: apiKey },
      encoding: 'utf8',
    });
    expect(created.status, created.stderr).toBe(0);
    sweepId = (JSON.parse(created.stdout) as { id: string; runCount: number }).id;
    client = new LoralabClient({ url: apiUrl, apiKey });
    await until(
      'the local agent to finish the sweep',
      async () =>
        (await client.request(graphql(`query NpmStartSweepStatus($id: ID!) { sweep(id: $id) { status } }`), { id: sweepId })).sweep.status ===
        'FINISHED',
      300_000,
    );

    browser = await launch();
    page = await browser.context.newPage();
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(`${page.url()}: ${m.text()}`));
    page.on('pageerror', (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
    // Names the resource behind a console's bare "Failed to load resource".
    page.on('response', (r) => r.status() >= 400 && consoleErrors.push(`${r.status()} ${r.url()}`));
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 60_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the production build, signed in (local mode), with the Pareto chart and parallel coordinates of every run', async () => {
    // The production build: its pages carry the BUILD_ID of apps/dashboard/.next (the dev server's is "development").
    const buildId = readFileSync(join(repoRoot, 'apps/dashboard/.next/BUILD_ID'), 'utf8').trim();
    expect(await (await fetch(`${dashboardUrl}/sweeps`)).text()).toContain(buildId);
    await page.goto(`${dashboardUrl}/sweeps/${encodeURIComponent(sweepId)}`);
    await page.getByRole('heading', { name: /npm-start-tiny/ }).waitFor();
    const pareto = await drawnSeries(page.getByRole('img', { name: /Accuracy against peak memory/ }));
    expect(pareto.filter((s) => s.type === 'scatter').reduce((n, s) => n + s.points, 0)).toBe(RUNS);
    expect(pareto.filter((s) => s.type === 'scatter').map((s) => s.name).sort()).toEqual(['FP32', 'NF4']);
    const parallel = await drawnSeries(page.getByRole('img', { name: /Parallel coordinates/ }));
    expect(parallel.reduce((n, s) => n + s.points, 0)).toBe(RUNS);
    await screenshot(page, 'npm-start-sweep');
  });

  it("a run page draws its curves and lists its adapter and checkpoint with size and SHA-256; the adapter downloads as one tar", async () => {
    const { sweep } = await client.request(
      graphql(`query NpmStartRunArtifacts($id: ID!) { sweep(id: $id) { runs(first: 10) { nodes { id artifacts { kind name sha256 } } } } }`),
      { id: sweepId },
    );
    const run = sweep.runs.nodes[0];
    await page.goto(`${dashboardUrl}/runs/${encodeURIComponent(run.id)}`);
    await page.getByRole('heading', { name: /Run #\d+/ }).waitFor();
    const curves = await drawnSeries(page.getByRole('img', { name: /Training curves/ }));
    expect(curves.find((s) => s.name === 'train/loss')?.points).toBe(30);
    const table = page.getByRole('table', { name: 'Artifacts' });
    for (const a of run.artifacts) {
      const row = table.locator('tr', { hasText: a.name });
      expect(await row.textContent()).toContain(a.sha256);
    }
    expect(run.artifacts.map((a) => a.kind).sort()).toEqual(['adapter', 'adapter', 'adapter', 'checkpoint']);
    await screenshot(page, 'npm-start-run');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download adapter' }).click()]);
    const listing = spawnSync('tar', ['-tf', (await download.path())!], { encoding: 'utf8' });
    expect(listing.status, listing.stderr).toBe(0);
    expect(listing.stdout.trim().split('\n').map((p) => p.split('/').pop()).sort()).toEqual(['adapter_config.json', 'adapter_model.safetensors', 'probe_logits.json']);
    const config = table.getByRole('link', { name: 'adapter_config.json' });
    const [file] = await Promise.all([page.waitForEvent('download'), config.click()]);
    expect(JSON.parse(readFileSync((await file.path())!, 'utf8'))).toMatchObject({ peft_type: 'LORA', r: 2 });
  });

  it('no console errors in the browser; no warning or error in the API, agent and dashboard logs', () => {
    const noisy = output.split('\n').filter((l) => /warn|error|fetch failed/i.test(l));
    expect({ consoleErrors, noisy }).toEqual({ consoleErrors: [], noisy: [] });
  });
});
