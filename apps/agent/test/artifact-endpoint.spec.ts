import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY as ADMIN, apiProcess, type ApiProcess } from './harness';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * The API's artifact endpoint and releaseRun (the API as a child process on a real PostgreSQL:
 * in-process, vitest loads graphql twice, ESM and CJS): SHA-256 checked, lease holder only, team-scoped.
 */
describe('artifact endpoint', () => {
  let api: ApiProcess;
  let dir: string;
  let origin: string;
  const gql = async (key: string, query: string, variables: Record<string, unknown> = {}) => {
    const r = await fetch(`${origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await r.json()) as { data: Record<string, any>; errors?: { message: string }[] };
    if (body.errors) throw new Error(body.errors[0].message);
    return body.data;
  };
  const put = (key: string, runId: string, agentId: string, name: string, data: Buffer, hash = sha(data)) =>
    fetch(`${origin}/artifacts/${runId}/checkpoint/${name}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${key}`, 'x-agent-id': agentId, 'x-content-sha256': hash },
      body: data,
    });
  let runId = '';
  let agentId = '';
  let otherAgentId = '';

  beforeAll(async () => {
    api = await apiProcess({ leaseSeconds: 60 });
    dir = api.dataDir;
    origin = `http://127.0.0.1:${api.port}`;
    const project = (await gql(ADMIN, `mutation { createProject(input: { name: "p" }) { project { id } } }`)).createProject.project.id;
    await gql(ADMIN, `mutation($p: ID!) { createSweep(input: { projectId: $p, name: "s", baseModel: "builtin:tiny-llama", dataset: "builtin:reverse",
      training: { steps: 5, evalInterval: 5 }, space: { rank: [2], quantization: [FP32], targetModules: [[Q_PROJ]] } }) { sweep { id } } }`, { p: project });
    const reg = `mutation($n: String!) { registerAgent(input: { name: $n, backend: "cpu" }) { agent { id } } }`;
    agentId = (await gql(ADMIN, reg, { n: 'holder' })).registerAgent.agent.id;
    otherAgentId = (await gql(ADMIN, reg, { n: 'other' })).registerAgent.agent.id;
    runId = (await gql(ADMIN, `mutation($a: ID!) { claimRun(input: { agentId: $a }) { run { id } } }`, { a: agentId })).claimRun.run.id;
  });
  afterAll(async () => {
    await api?.dispose();
  });

  it('stores an upload whose SHA-256 matches, lists it as the latest checkpoint, and downloads the same bytes', async () => {
    const data = Buffer.from(Array.from({ length: 100_000 }, (_, i) => i % 251));
    const r = await put(ADMIN, runId, agentId, 'step-00000010.llck', data);
    expect(r.status).toBe(201);
    await put(ADMIN, runId, agentId, 'step-00000005.llck', Buffer.from('older'));
    const run = (await gql(ADMIN, `query($id: ID!) { run(id: $id) { artifacts { id name sizeBytes sha256 } latestCheckpoint { id name } } }`, { id: runId })).run;
    expect(run.artifacts).toHaveLength(2);
    expect(run.latestCheckpoint.name).toBe('step-00000010.llck');
    const dl = await fetch(`${origin}/artifacts/${run.latestCheckpoint.id}`, { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(dl.status).toBe(200);
    expect(dl.headers.get('x-content-sha256')).toBe(sha(data));
    expect(Buffer.from(await dl.arrayBuffer()).equals(data)).toBe(true);
  });

  it('rejects a body that does not match its X-Content-SHA256 and keeps nothing', async () => {
    const r = await put(ADMIN, runId, agentId, 'step-00000020.llck', Buffer.from('tampered'), sha(Buffer.from('original')));
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: unknown }).error).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'SHA256_MISMATCH' });
    expect(readdirSync(join(dir, 'artifacts', 'tmp'))).toEqual([]);
    const run = (await gql(ADMIN, `query($id: ID!) { run(id: $id) { artifacts { name } } }`, { id: runId })).run;
    expect(run.artifacts.map((a: { name: string }) => a.name)).not.toContain('step-00000020.llck');
  });

  it('accepts uploads only from the lease holder, with an API key, and plain file names', async () => {
    const other = await put(ADMIN, runId, otherAgentId, 'step-00000030.llck', Buffer.from('x'));
    expect(other.status).toBe(403);
    expect(((await other.json()) as { error: unknown }).error).toMatchObject({ code: 'FORBIDDEN', reason: 'LEASE_LOST' });
    expect((await put('llk_not_a_key_000000000000', runId, agentId, 'a.llck', Buffer.from('x'))).status).toBe(401);
    expect((await put(ADMIN, runId, agentId, '.hidden', Buffer.from('x'))).status).toBe(400);
    expect(existsSync(join(dir, 'artifacts'))).toBe(true);
  });

  it('downloads are scoped to the team', async () => {
    const team = (await gql(ADMIN, `mutation { createTeam(input: { name: "other-team" }) { secret } }`)).createTeam.secret;
    const run = (await gql(ADMIN, `query($id: ID!) { run(id: $id) { latestCheckpoint { id } } }`, { id: runId })).run;
    const r = await fetch(`${origin}/artifacts/${run.latestCheckpoint.id}`, { headers: { authorization: `Bearer ${team}` } });
    expect(r.status).toBe(404);
  });

  it('serves the adapter as one tar of a PEFT folder, which the system tar extracts to the uploaded bytes', async () => {
    const tarUrl = `${origin}/artifacts/${runId}/adapter.tar`;
    const config = Buffer.from(JSON.stringify({ peft_type: 'LORA', r: 2, lora_alpha: 16, target_modules: ['q_proj'] }));
    const weights = Buffer.from(Array.from({ length: 70_001 }, (_, i) => (i * 7) % 256));
    const upload = (name: string, data: Buffer) =>
      fetch(`${origin}/artifacts/${runId}/adapter/${name}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${ADMIN}`, 'x-agent-id': agentId, 'x-content-sha256': sha(data) },
        body: data,
      });
    expect((await upload('adapter_config.json', config)).status).toBe(201);
    const early = await fetch(tarUrl, { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(early.status).toBe(404);
    expect(((await early.json()) as { error: { message: string } }).error.message).toMatch(/adapter_model\.safetensors not uploaded/);
    expect((await upload('adapter_model.safetensors', weights)).status).toBe(201);

    const r = await fetch(tarUrl, { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/x-tar');
    const folder = /filename="(.+)\.tar"/.exec(r.headers.get('content-disposition') ?? '')![1];
    const out = mkdtempSync(join(tmpdir(), 'loralab-adapter-tar-'));
    try {
      writeFileSync(join(out, 'a.tar'), Buffer.from(await r.arrayBuffer()));
      const tar = spawnSync('tar', ['-xf', 'a.tar'], { cwd: out, encoding: 'utf8' });
      expect(tar.status, tar.stderr).toBe(0);
      expect(readdirSync(join(out, folder)).sort()).toEqual(['adapter_config.json', 'adapter_model.safetensors']);
      expect(readFileSync(join(out, folder, 'adapter_config.json')).equals(config)).toBe(true);
      expect(sha(readFileSync(join(out, folder, 'adapter_model.safetensors')))).toBe(sha(weights));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
    const team = (await gql(ADMIN, `mutation { createTeam(input: { name: "tar-team" }) { secret } }`)).createTeam.secret;
    expect((await fetch(tarUrl, { headers: { authorization: `Bearer ${team}` } })).status).toBe(404);
  });

  it('releaseRun hands the run back to the queue without spending an attempt; then the old holder has lost the lease', async () => {
    const released = (await gql(ADMIN, `mutation($r: ID!, $a: ID!) { releaseRun(input: { runId: $r, agentId: $a }) { run { status attempt } } }`, { r: runId, a: agentId })).releaseRun.run;
    expect(released).toEqual({ status: 'QUEUED', attempt: 1 });
    const late = await put(ADMIN, runId, agentId, 'step-00000040.llck', Buffer.from('late'));
    expect(late.status).toBe(403);
    await expect(gql(ADMIN, `mutation($r: ID!, $a: ID!) { releaseRun(input: { runId: $r, agentId: $a }) { run { status } } }`, { r: runId, a: agentId })).rejects.toThrow(/not leased/);
  });
});
