import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyPrefix } from '../src/auth/api-key.service';
import { createProject, createSweep, registerAgent, startReplica, startTestApi, type TestApi } from './harness';

let api: TestApi;
let teamBKey: string;
let aProject: string;
let aSweep: string;
let aRun: string;
let aAgent: string;

beforeAll(async () => {
  api = await startTestApi();
  const d = await api.ok(`mutation { createTeam(input: { name: "team-b" }) { team { name } adminKey { role } secret } }`);
  expect(d.createTeam.team.name).toBe('team-b');
  expect(d.createTeam.adminKey.role).toBe('ADMIN');
  teamBKey = d.createTeam.secret;
  aProject = await createProject(api, 'a-project');
  aSweep = (await createSweep(api, aProject)).id;
  aAgent = await registerAgent(api);
  const runs = await api.ok(`query($id: ID!) { sweep(id: $id) { runs(first: 1) { nodes { id } } } }`, { id: aSweep });
  aRun = runs.sweep.runs.nodes[0].id;
});
afterAll(() => api.close());

describe('team isolation', () => {
  it('gives a team-B key nothing of team A by id', async () => {
    for (const [field, id] of [['project', aProject], ['sweep', aSweep], ['run', aRun]] as const) {
      const r = await api.gql(`query($id: ID!) { ${field}(id: $id) { id } }`, { id }, teamBKey);
      expect(r.errors![0].extensions!.code).toBe('NOT_FOUND');
    }
  });

  it('gives a team-B key nothing of team A through node(id)', async () => {
    for (const id of [aProject, aSweep, aRun, aAgent]) {
      const r = await api.ok(`query($id: ID!) { node(id: $id) { id } }`, { id }, teamBKey);
      expect(r.node).toBeNull();
      const own = await api.ok(`query($id: ID!) { node(id: $id) { id } }`, { id });
      expect(own.node.id).toBe(id);
    }
  });

  it('gives a team-B key nothing of team A in any list', async () => {
    const d = await api.ok(
      `{ projects { totalCount nodes { id } } sweeps { totalCount } agents { totalCount } apiKeys { name } viewer { team { name } } }`,
      {},
      teamBKey,
    );
    expect(d.projects.totalCount).toBe(0);
    expect(d.sweeps.totalCount).toBe(0);
    expect(d.agents.totalCount).toBe(0);
    expect(d.apiKeys.map((k: any) => k.name)).toEqual(['team-b admin']);
    expect(d.viewer.team.name).toBe('team-b');
  });

  it('refuses team-B writes to team-A objects', async () => {
    const bAgent = await registerAgent(api, teamBKey);
    const claim = await api.ok(`mutation($a: ID!) { claimRun(input: { agentId: $a }) { run { id } } }`, { a: bAgent }, teamBKey);
    expect(claim.claimRun.run).toBeNull();
    const r1 = await api.gql(`mutation($id: ID!) { cancelRun(input: { id: $id }) { run { id } } }`, { id: aRun }, teamBKey);
    expect(r1.errors![0].extensions!.code).toBe('NOT_FOUND');
    const r2 = await api.gql(
      `mutation($p: ID!) { createSweep(input: { projectId: $p, name: "x", baseModel: "builtin:tiny-llama", dataset: "builtin:topic", space: { rank: [4], quantization: [FP32], targetModules: [[Q_PROJ]] } }) { sweep { id } } }`,
      { p: aProject },
      teamBKey,
    );
    expect(r2.errors![0].extensions!.code).toBe('NOT_FOUND');
    const r3 = await api.gql(`mutation($a: ID!) { claimRun(input: { agentId: $a }) { run { id } } }`, { a: aAgent }, teamBKey);
    expect(r3.errors![0].extensions!.code).toBe('NOT_FOUND');
  });
});

describe('keys', () => {
  it('refuses requests without a key or with an unknown one as UNAUTHENTICATED', async () => {
    const res = await fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ viewer { team { name } } }"}' });
    expect(res.status).toBe(401);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const r = await api.gql(`{ viewer { team { name } } }`, {}, 'llk_not-a-key');
    expect(r.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a revoked key as UNAUTHENTICATED', async () => {
    const d = await api.ok(`mutation { createApiKey(input: { name: "ci", role: MEMBER }) { apiKey { id prefix } secret } }`);
    const secret = d.createApiKey.secret;
    expect(secret.startsWith(d.createApiKey.apiKey.prefix)).toBe(true);
    // `llk_` and 4 characters of the secret: no more of it is shown.
    expect(d.createApiKey.apiKey.prefix).toMatch(/^llk_.{4}$/);
    expect(keyPrefix('a-chosen-admin-secret-24')).toBe('a-ch');
    expect((await api.ok(`{ viewer { apiKey { name } } }`, {}, secret)).viewer.apiKey.name).toBe('ci');
    await api.ok(`mutation($id: ID!) { revokeApiKey(input: { id: $id }) { apiKey { revokedAt } } }`, { id: d.createApiKey.apiKey.id });
    const r = await api.gql(`{ viewer { apiKey { name } } }`, {}, secret);
    expect(r.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect(r.errors![0].message).toMatch(/revoked/);
  });

  it('refuses a key revoked through another API process on the same database', async () => {
    const other = await startReplica(api);
    try {
      const viewerOnOther = (secret: string) =>
        fetch(other.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
          body: JSON.stringify({ query: '{ viewer { apiKey { name } } }' }),
        }).then((r) => r.json() as Promise<{ data?: any; errors?: any[] }>);
      const d = await api.ok(`mutation { createApiKey(input: { name: "two-processes", role: MEMBER }) { apiKey { id } secret } }`);
      // The other process verifies the key and keeps it as verified.
      expect((await viewerOnOther(d.createApiKey.secret)).data.viewer.apiKey.name).toBe('two-processes');
      await api.ok(`mutation($id: ID!) { revokeApiKey(input: { id: $id }) { apiKey { id } } }`, { id: d.createApiKey.apiKey.id });
      // Well within the 5 s a verified key is trusted: the revocation notice evicts it there.
      let r = await viewerOnOther(d.createApiKey.secret);
      for (let i = 0; i < 20 && !r.errors; i++) {
        await new Promise((res) => setTimeout(res, 50));
        r = await viewerOnOther(d.createApiKey.secret);
      }
      expect(r.errors![0].extensions.code).toBe('UNAUTHENTICATED');
      expect(r.errors![0].message).toMatch(/revoked/);
    } finally {
      await other.close();
    }
  });

  it('stores no key in clear', async () => {
    const d = await api.ok(`mutation { createApiKey(input: { name: "probe", role: AGENT }) { secret } }`);
    const secrets = [api.adminKey, teamBKey, d.createApiKey.secret];
    const rows = await api.db.dataSource.query(`SELECT * FROM api_key`);
    const dump = JSON.stringify(rows);
    for (const s of secrets) {
      expect(dump).not.toContain(s);
      expect(dump).not.toContain(s.slice(12));
    }
    const [{ dump: all }] = await api.db.dataSource.query(
      `SELECT string_agg(t::text, ' ') AS dump FROM (SELECT * FROM api_key) t`,
    );
    for (const s of secrets) expect(all).not.toContain(s);
  });

  it('lets agent keys do agent operations only', async () => {
    const d = await api.ok(`mutation { createApiKey(input: { name: "gpu-01", role: AGENT }) { secret } }`);
    const agentKey = d.createApiKey.secret;
    const agentId = await registerAgent(api, agentKey);
    const claimed = await api.ok(`mutation($a: ID!) { claimRun(input: { agentId: $a }) { run { id } } }`, { a: agentId }, agentKey);
    expect(claimed.claimRun.run).not.toBeNull();
    for (const q of [`{ projects { totalCount } }`, `mutation { createProject(input: { name: "nope" }) { project { id } } }`, `mutation { createApiKey(input: { name: "x" }) { secret } }`]) {
      const r = await api.gql(q, {}, agentKey);
      expect(r.errors![0].extensions!.code).toBe('FORBIDDEN');
    }
  });

  it('lets only the instance admin create teams, and members not manage keys', async () => {
    const r = await api.gql(`mutation { createTeam(input: { name: "team-c" }) { secret } }`, {}, teamBKey);
    expect(r.errors![0].extensions!.code).toBe('FORBIDDEN');
    const m = await api.ok(`mutation { createApiKey(input: { name: "member", role: MEMBER }) { secret } }`);
    const r2 = await api.gql(`mutation { createApiKey(input: { name: "x" }) { secret } }`, {}, m.createApiKey.secret);
    expect(r2.errors![0].extensions!.code).toBe('FORBIDDEN');
    const dup = await api.gql(`mutation { createTeam(input: { name: "team-b" }) { secret } }`);
    expect(dup.errors![0].extensions).toMatchObject({ code: 'CONFLICT', field: 'input.name' });
  });
});

describe('limits and errors', () => {
  it('refuses operations nested too deep or too costly', async () => {
    const deep = `{ projects { nodes { sweeps { nodes { runs { nodes { sweep { project { sweeps { nodes { runs { nodes { sweep { id } } } } } } } } } } } } } }`;
    const r = await api.gql(deep);
    // Apollo reports every validation rule's error as GRAPHQL_VALIDATION_FAILED.
    expect(r.errors![0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(r.errors![0].message).toMatch(/depth limit of 6 exceeded, found 14/);
    const costly = `{ sweeps(first: 1000) { nodes { runs(first: 1000) { nodes { id } } } } }`;
    const r2 = await api.gql(costly);
    expect(r2.errors![0].extensions!.code).toBe('QUERY_TOO_COSTLY');
  });

  it('answers /healthz', async () => {
    const res = await fetch(api.url.replace('/graphql', '/healthz'));
    expect(await res.json()).toMatchObject({ status: 'ok', checkedMsAgo: expect.any(Number) });
  });
});
