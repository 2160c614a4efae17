import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, agentProcess, apiProcess, waitFor, type ApiProcess } from './harness';
import { oneRunSweep, range, waitForStep } from './fixtures';

describe('loralab agent: PostgreSQL is killed (kill -9) while a run is training', () => {
  let api: ApiProcess;

  beforeAll(async () => {
    // A lease shorter than the outage: the run must survive its agent's missed heartbeats.
    api = await apiProcess({ leaseSeconds: 3, reaperIntervalMs: 300 });
  });
  afterAll(async () => {
    await api?.dispose();
  });

  it('the API answers 503 while it is down and reconnects by itself; every point is stored once; the run succeeds whole', async () => {
    const steps = 300;
    const { sweepId, run } = await oneRunSweep(api.api, 'db-outage', { steps });
    const a = agentProcess(api, ['--name', 'steadfast', '--sweep', sweepId, '--max-runs', '1', '--checkpoint-every', '50']);
    await waitForStep(api.api, run.id, 40);

    const postmasterPid = Number(readFileSync(join(api.dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(postmasterPid, 'SIGKILL');
    // While it is down, the API says so: HTTP 503, a code and Retry-After (not 200 INTERNAL_SERVER_ERROR),
    // for a key it has verified recently (the resolvers meet the outage) and for one it has not (the key lookup does).
    const probe = async (key: string) => {
      const res = await fetch(api.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query: '{ projects { nodes { id } } }' }),
      });
      const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
      return res.status === 503 ? { retryAfter: res.headers.get('retry-after'), code: body.errors?.[0]?.extensions?.code } : undefined;
    };
    const seen: Record<string, unknown> = {};
    await waitFor('503 answers during the outage', async () => {
      const [cached, uncached] = await Promise.all([probe(ADMIN_KEY), probe('llk_a_key_this_api_never_saw_0123')]);
      seen.cached ??= cached;
      seen.uncached ??= uncached;
      return seen.cached && seen.uncached;
    }, 20_000, 20);
    const unavailable = { retryAfter: expect.stringMatching(/^\d+$/), code: 'SERVICE_UNAVAILABLE' };
    expect(seen).toEqual({ cached: unavailable, uncached: unavailable });

    expect(await a.exited, a.lines.slice(-20).join('\n')).toBe(0);
    const records = a.records();
    expect(records.some((r) => r.msg === 'API unreachable, metrics kept for retry'), 'the agent met the outage').toBe(true);
    expect(records.filter((r) => r.msg === 'metrics refused by the API')).toEqual([]);

    const done = await api.api.run(run.id);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.attempt).toBe(1);
    for (const key of ['train/loss', 'train/learning_rate', 'train/grad_norm', 'train/tokens_per_second']) {
      const [series] = await api.api.metrics(run.id, [key]);
      expect(series.points.map((p) => p.step), key).toEqual(range(steps));
    }
  });
});
