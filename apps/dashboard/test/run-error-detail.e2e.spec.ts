// Browser tests of failed runs' error details, seeded through the API (real API, PostgreSQL,
// Chromium, the built dashboard): an agent fails one run on a malformed JSONL record (file, line,
// field), one on a malformed Parquet row whose record as a whole is wrong (file, row, no field),
// and one with an uncoded error. The run page shows each error and, under it, where the record is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { LoralabClient, graphql } from '@loralab/client';
import { BUILTIN_DATASETS } from '@loralab/core';
import { launch, screenshot } from './support/browser';
import { ADMIN_KEY, buildDashboard, startApi, startDashboard, type Running } from './support/servers';

const JSONL = '/data/topics/train.jsonl';
const PARQUET = '/data/chat/train-00000-of-00001.parquet';

const RegisterAgent = graphql(`mutation ErrorDetailE2eAgent($input: RegisterAgentInput!) { registerAgent(input: $input) { agent { id } } }`);
const ClaimRun = graphql(`mutation ErrorDetailE2eClaim($input: ClaimRunInput!) { claimRun(input: $input) { run { id ordinal } } }`);
const FailRun = graphql(`mutation ErrorDetailE2eFail($input: FailRunInput!) { failRun(input: $input) { run { status errorDetail { code } } } }`);

let api: Awaited<ReturnType<typeof startApi>>;
let dash: Running;
let browser: Awaited<ReturnType<typeof launch>>;
let page: Page;
const runs: { id: string; ordinal: number }[] = [];

describe("a failed run's error detail in Chromium", () => {
  beforeAll(async () => {
    const [apiServer] = await Promise.all([startApi(), Promise.resolve(buildDashboard())]);
    api = apiServer;
    const client = new LoralabClient({ url: api.graphqlUrl, apiKey: ADMIN_KEY });
    const { createProject } = await client.request(
      graphql(`mutation ErrorDetailE2eProject($input: CreateProjectInput!) { createProject(input: $input) { project { id } } }`),
      { input: { name: 'error-detail-project' } },
    );
    const { createSweep } = await client.request(
      graphql(`mutation ErrorDetailE2eSweep($input: CreateSweepInput!) { createSweep(input: $input) { sweep { id } } }`),
      {
        input: {
          projectId: createProject.project.id,
          name: 'error-detail',
          baseModel: 'builtin:tiny-llama',
          dataset: BUILTIN_DATASETS[0],
          maxAttempts: 1,
          training: { steps: 10, batchSize: 8, sequenceLength: 32 },
          space: { rank: [4], quantization: ['NF4'], targetModules: [['Q_PROJ', 'V_PROJ']], learningRate: [1e-4, 2e-4, 3e-4] },
        },
      },
    );
    const sweepId = createSweep.sweep.id;
    const { registerAgent } = await client.request(RegisterAgent, { input: { name: 'agent-e', backend: 'cpu', hostname: 'ci', deviceMemoryBytes: 8 * 1024 ** 3 } });
    const agentId = registerAgent.agent.id;
    const failures = [
      { error: `DATASET_INVALID: ${JSONL}:3 field "text": must be a string`, errorDetail: { code: 'DATASET_INVALID', file: JSONL, line: 3, field: 'text' } },
      { error: `DATASET_INVALID: ${PARQUET} row 7: must be an object`, errorDetail: { code: 'DATASET_INVALID', file: PARQUET, row: 7 } },
      { error: 'the training thread exited (code 1)', errorDetail: undefined },
    ];
    for (const f of failures) {
      const run = (await client.request(ClaimRun, { input: { agentId, sweepId } })).claimRun.run!;
      const failed = await client.request(FailRun, { input: { agentId, runId: run.id, error: f.error, retryable: false, errorDetail: f.errorDetail } });
      expect(failed.failRun.run.status).toBe('FAILED');
      runs.push(run);
    }
    dash = await startDashboard(api.graphqlUrl, { LORALAB_LOCAL_API_KEY: ADMIN_KEY });
    browser = await launch();
    page = await browser.context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await dash?.stop();
    await api?.stop();
  });

  /** The failed-run box (Next.js has a role="alert" route announcer of its own). */
  const errorBox = () => page.locator('.card.error[role="alert"]');

  /** The failed-run box's detail list as label → value pairs. */
  async function detailOf(runId: string): Promise<string[][]> {
    await page.goto(`${dash.url}/runs/${encodeURIComponent(runId)}`);
    await errorBox().waitFor();
    const detail = errorBox().getByTestId('error-detail');
    const labels = await detail.locator('dt').allTextContents();
    const values = await detail.locator('dd').allTextContents();
    return labels.map((l, i) => [l, values[i]]);
  }

  it("a malformed JSONL record: the error, then its code, file, line and field under it", async () => {
    expect(await detailOf(runs[0].id)).toEqual([
      ['Code', 'DATASET_INVALID'],
      ['File', JSONL],
      ['Line', '3'],
      ['Field', 'text'],
    ]);
    expect(await errorBox().textContent()).toContain('must be a string');
    await screenshot(page, 'run-error-detail-line');
  });

  it('a malformed Parquet row: its row (from 0), and the record as a whole in place of a field', async () => {
    expect(await detailOf(runs[1].id)).toEqual([
      ['Code', 'DATASET_INVALID'],
      ['File', PARQUET],
      ['Row', '7 (from 0)'],
      ['Field', 'the record as a whole'],
    ]);
  });

  it('an uncoded error: the message alone, no detail', async () => {
    await page.goto(`${dash.url}/runs/${encodeURIComponent(runs[2].id)}`);
    await errorBox().waitFor();
    expect(await errorBox().textContent()).toContain('the training thread exited (code 1)');
    expect(await page.getByTestId('error-detail').count()).toBe(0);
  });
});
