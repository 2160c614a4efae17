import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ApiServer } from '../src/server';
import { createProject, createSweep, registerAgent, startReplica, startTestApi, summary, type TestApi } from './harness';

// Who may do how much: the AGENT role's scope, the per-key and bad-key rate limits shared by two
// API processes on one database, WebSocket caps, and a revoked key's open subscriptions.

const PER_KEY = 40;
const BAD_KEYS = 4;
let api: TestApi;
let replica: ApiServer;

beforeAll(async () => {
  const limits = {
    rate: { perKeyPerMinute: PER_KEY, badKeysPerIpPerMinute: BAD_KEYS },
    webSocket: { maxConnections: 6, maxConnectionsPerKey: 2, maxMessageBytes: 1 << 20 },
    bodyDeadlineMs: 1_000,
  };
  api = await startTestApi({ limits });
  replica = await startReplica(api, limits);
});
afterAll(async () => {
  await replica.close();
  await api.close();
});

/** A fresh key of the admin's team (each test counts its own requests). */
async function newKey(role: 'MEMBER' | 'AGENT'): Promise<string> {
  const d = await api.ok(`mutation($r: ApiKeyRole!) { createApiKey(input: { name: "k", role: $r }) { secret } }`, { r: role });
  return d.createApiKey.secret;
}

async function post(url: string, key: string, query: string, variables?: Record<string, unknown>) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as { data?: any; errors?: any[] } };
}

function ws(key: string, url = api.url): Client {
  return createClient({ url: url.replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${key}` }, retryAttempts: 0 });
}

/** Subscribes; resolves with how the subscription ended (a close event's code, or 'complete'). */
function ended(client: Client, query: string, variables: Record<string, unknown>, onStarted?: () => void): Promise<number | string> {
  return new Promise((resolve) => {
    client.on('connected', () => onStarted?.());
    client.subscribe({ query, variables }, { next: () => undefined, error: (e) => resolve((e as { code?: number }).code ?? JSON.stringify(e)), complete: () => resolve('complete') });
  });
}

describe('AGENT keys', () => {
  it('do the agent operations but cannot reach the rest of the team through a run', async () => {
    const key = await newKey('AGENT');
    const projectId = await createProject(api, 'agent-scope');
    await createSweep(api, projectId);
    const agentId = await registerAgent(api, key);
    const claimed = await post(api.url, key, `mutation($a: ID!) { claimRun(input: { agentId: $a }) { run { id config { rank } artifacts { id } latestCheckpoint { id } } } }`, { a: agentId });
    const runId = claimed.body.data.claimRun.run.id;
    expect((await post(api.url, key, `query($id: ID!) { run(id: $id) { id status latestCheckpoint { id } } }`, { id: runId })).body.data.run.id).toBe(runId);
    const leaks = [
      `query($id: ID!) { run(id: $id) { sweep { project { sweeps { nodes { name } } } } } }`,
      `query($id: ID!) { run(id: $id) { agent { currentRun { id } } } }`,
      `query($id: ID!) { run(id: $id) { metrics { key } } }`,
      `query($id: ID!) { node(id: $id) { id } }`,
      `query { viewer { team { name } } }`,
      `mutation($a: ID!) { claimRun(input: { agentId: $a }) { run { sweep { name } } } }`,
      `query($id: ID!) { run(id: $id) { ...R } } fragment R on Run { sweep { id } }`,
    ];
    for (const q of leaks) {
      const r = await post(api.url, key, q, { id: runId, a: agentId });
      expect(r.status, q).toBe(403);
      expect(r.body.errors![0].extensions.code, q).toBe('FORBIDDEN');
      expect(r.body.data ?? null, q).toBeNull();
    }
    const sub = ws(key);
    try {
      const code = await ended(sub, `subscription($id: ID!) { metricsLogged(runId: $id) { count } }`, { id: runId });
      expect(String(code)).toMatch(/FORBIDDEN/);
    } finally {
      await sub.dispose();
    }
  });
});

describe('AGENT keys, by run', () => {
  it('act only as their own agents, and read only the runs and artifacts those agents hold the lease of', async () => {
    const [keyA, keyB, member] = [await newKey('AGENT'), await newKey('AGENT'), await newKey('MEMBER')];
    const projectId = await createProject(api, 'agent-runs', member);
    const sweep = await createSweep(api, projectId, undefined, member);
    const agentA = await registerAgent(api, keyA, 'a');
    const agentB = await registerAgent(api, keyB, 'b');
    const held = (await post(api.url, keyA, `mutation($a: ID!) { claimRun(input: { agentId: $a }) { run { id } } }`, { a: agentA })).body.data.claimRun.run.id;
    const runs = (await post(api.url, member, `query($id: ID!) { sweep(id: $id) { runs(first: 10) { nodes { id status } } } }`, { id: sweep.id })).body.data.sweep.runs.nodes;
    const queued = runs.find((r: { status: string }) => r.status === 'QUEUED').id;
    const origin = api.url.replace('/graphql', '');
    const data = Buffer.from('checkpoint of a');
    const upload = (key: string, agentId: string) =>
      fetch(`${origin}/artifacts/${held}/checkpoint/step-1.ckpt`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${key}`, 'x-agent-id': agentId, 'x-content-sha256': createHash('sha256').update(data).digest('hex') },
        body: data,
      });
    const put = await upload(keyA, agentA);
    expect(put.status).toBe(201);
    const artifactId = ((await put.json()) as { id: string }).id;
    const download = (key: string) => fetch(`${origin}/artifacts/${artifactId}`, { headers: { authorization: `Bearer ${key}` } });
    const readRun = `query($id: ID!) { run(id: $id) { id latestCheckpoint { id } } }`;

    // What the agent needs: its leased run, its checkpoint.
    expect((await post(api.url, keyA, readRun, { id: held })).body.data.run.latestCheckpoint.id).toBe(artifactId);
    expect(Buffer.from(await (await download(keyA)).arrayBuffer()).toString()).toBe('checkpoint of a');

    // Refused while resolving (the field is allowed, the run or agent is not): HTTP 200, as resolvers' errors are.
    const forbidden = async (r: { status: number; body: { data?: any; errors?: any[] } }, reason: string) => {
      expect(r.body.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', reason });
      expect(r.body.errors![0].message).toMatch(/agent keys may/);
      expect(r.body.data ?? null).toBeNull();
    };
    // Another run of the team, or a run another key's agent holds.
    await forbidden(await post(api.url, keyA, readRun, { id: queued }), 'RUN_NOT_LEASED_TO_KEY');
    await forbidden(await post(api.url, keyB, readRun, { id: held }), 'RUN_NOT_LEASED_TO_KEY');
    const other = await download(keyB);
    expect(other.status).toBe(403);
    expect(((await other.json()) as { error: { code: string; reason: string } }).error).toMatchObject({ code: 'FORBIDDEN', reason: 'RUN_NOT_LEASED_TO_KEY' });
    // Acting as another key's agent: refused before the lease is even looked at, writing nothing.
    const [{ n: metricsBefore }] = await api.db.dataSource.query(`SELECT count(*)::int AS n FROM metric`);
    await forbidden(await post(api.url, keyB, `mutation($a: ID!, $r: ID!) { heartbeat(input: { agentId: $a, runId: $r }) { cancelRequested } }`, { a: agentA, r: held }), 'NOT_THIS_KEYS_AGENT');
    await forbidden(await post(api.url, keyB, `mutation($a: ID!) { claimRun(input: { agentId: $a }) { run { id } } }`, { a: agentA }), 'NOT_THIS_KEYS_AGENT');
    await forbidden(
      await post(api.url, keyB, `mutation($a: ID!, $r: ID!) { logMetrics(input: { runId: $r, agentId: $a, points: [{ key: "loss", step: 1, value: 1 }] }) { stored } }`, { a: agentA, r: held }),
      'NOT_THIS_KEYS_AGENT',
    );
    await forbidden(await post(api.url, keyB, `mutation($a: ID!, $r: ID!) { failRun(input: { runId: $r, agentId: $a, error: "x", retryable: false }) { run { id } } }`, { a: agentA, r: held }), 'NOT_THIS_KEYS_AGENT');
    expect((await upload(keyB, agentA)).status).toBe(403);
    expect((await api.db.dataSource.query(`SELECT count(*)::int AS n FROM metric`))[0].n).toBe(metricsBefore);
    expect((await post(api.url, member, `query($id: ID!) { run(id: $id) { status } }`, { id: held })).body.data.run.status).toBe('RUNNING');
    // Its own agent is agentB; a member key reads and downloads everything of the team.
    expect((await post(api.url, keyB, `mutation($a: ID!) { heartbeat(input: { agentId: $a }) { cancelRequested } }`, { a: agentB })).status).toBe(200);
    expect((await download(member)).status).toBe(200);

    // Once the run is complete, no agent holds it: the agent key no longer reads it.
    const done = await post(api.url, keyA, `mutation($input: CompleteRunInput!) { completeRun(input: $input) { run { status } } }`, { input: { runId: held, agentId: agentA, summary: summary(0.5, 1000) } });
    expect(done.body.data.completeRun.run.status).toBe('SUCCEEDED');
    await forbidden(await post(api.url, keyA, readRun, { id: held }), 'RUN_NOT_LEASED_TO_KEY');
    expect((await download(keyA)).status).toBe(403);
  });
});

describe('rate limits', () => {
  it('limit a key across two API processes, with Retry-After', async () => {
    const key = await newKey('MEMBER');
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof post>> | null = null;
    for (let i = 0; i < PER_KEY + 2; i++) {
      const r = await post(i % 2 ? replica.url : api.url, key, `{ viewer { apiKey { name } } }`);
      statuses.push(r.status);
      if (r.status === 429) limited ??= r;
    }
    // Each process alone saw only half of the key's requests: the limit is counted in PostgreSQL.
    expect(statuses.slice(0, PER_KEY).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(PER_KEY)).toEqual([429, 429]);
    expect(limited!.body.errors![0].extensions.code).toBe('RATE_LIMITED');
    expect(Number(limited!.retryAfter)).toBeGreaterThan(0);
    expect(Number(limited!.retryAfter)).toBeLessThanOrEqual(60);
    // Other keys are not affected.
    expect((await post(api.url, api.adminKey, `{ viewer { apiKey { name } } }`)).status).toBe(200);
  });

  it('count artifact uploads and downloads with the GraphQL requests of the key, across two API processes', async () => {
    const key = await newKey('MEMBER');
    // 4 GraphQL requests and 1 upload of the key's minute.
    const projectId = await createProject(api, 'artifact-rate', key);
    await createSweep(api, projectId, undefined, key);
    const agentId = await registerAgent(api, key);
    const runId = (await post(api.url, key, `mutation($a: ID!) { claimRun(input: { agentId: $a }) { run { id } } }`, { a: agentId })).body.data.claimRun.run.id;
    const data = Buffer.from('checkpoint bytes');
    const put = await fetch(`${api.url.replace('/graphql', '')}/artifacts/${runId}/checkpoint/step-1.ckpt`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${key}`, 'x-agent-id': agentId, 'x-content-sha256': createHash('sha256').update(data).digest('hex') },
      body: data,
    });
    expect(put.status).toBe(201);
    const { id } = (await put.json()) as { id: string };
    const statuses: number[] = [];
    let limited: Response | null = null;
    for (let i = 0; i < PER_KEY - 5 + 2; i++) {
      const res = await fetch(`${(i % 2 ? replica.url : api.url).replace('/graphql', '')}/artifacts/${id}`, { headers: { authorization: `Bearer ${key}` } });
      statuses.push(res.status);
      if (res.status === 429) limited ??= res;
      else await res.arrayBuffer();
    }
    expect(statuses.slice(0, PER_KEY - 5).every((s) => s === 200), statuses.join(" ")).toBe(true);
    expect(statuses.slice(PER_KEY - 5)).toEqual([429, 429]);
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited!.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
    // The key's GraphQL requests are over too: one limit per key.
    expect((await post(api.url, key, `{ viewer { apiKey { name } } }`)).status).toBe(429);
  });

});

describe('slow clients', () => {
  it('drops a connection whose body is still arriving after the deadline', async () => {
    const { port } = new URL(api.url);
    const socket = connect(Number(port), '127.0.0.1');
    // The drop may reach this end as a reset (ECONNRESET) before 'close': that is the drop, not a
    // failure; unhandled, it was an uncaught exception that failed the run (CI, stop 23).
    const resets: Error[] = [];
    socket.on('error', (err) => resets.push(err));
    await new Promise((r) => socket.once('connect', r));
    socket.write(`POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\nauthorization: Bearer ${api.adminKey}\r\ncontent-length: 1000\r\n\r\n{"query":`);
    // One byte every 200 ms: never idle, never done.
    const drip = setInterval(() => socket.write(' '), 200);
    const t = Date.now();
    await new Promise((r) => socket.once('close', r));
    clearInterval(drip);
    expect(Date.now() - t).toBeGreaterThanOrEqual(900);
    expect(Date.now() - t).toBeLessThan(5_000);
    expect(resets.map((e) => (e as NodeJS.ErrnoException).code).filter((c) => c !== 'ECONNRESET' && c !== 'EPIPE')).toEqual([]);
  });
});

describe('WebSocket', () => {
  it('closes the subscriptions of a revoked key, in this process and in another', async () => {
    const d = await api.ok(`mutation { createApiKey(input: { name: "live", role: MEMBER }) { apiKey { id } secret } }`);
    const projectId = await createProject(api, 'revocation');
    const sweepId = (await createSweep(api, projectId)).id;
    const here = ws(d.createApiKey.secret);
    const there = ws(d.createApiKey.secret, replica.url);
    const subscription = `subscription($id: ID!) { runUpdated(sweepId: $id) { run { id } } }`;
    let connected = 0;
    const closes: Promise<number | string>[] = [];
    const allConnected = new Promise<void>((resolve) => {
      const onStarted = () => ++connected === 2 && resolve();
      closes.push(ended(here, subscription, { id: sweepId }, onStarted), ended(there, subscription, { id: sweepId }, onStarted));
    });
    await allConnected;
    await api.ok(`mutation($id: ID!) { revokeApiKey(input: { id: $id }) { apiKey { id } } }`, { id: d.createApiKey.apiKey.id });
    expect(await Promise.all(closes)).toEqual([4403, 4403]);
    await Promise.all([here.dispose(), there.dispose()]);
  });

  it('caps sockets per key and in all', async () => {
    const sweepId = (await createSweep(api, await createProject(api, 'caps'))).id;
    const subscription = `subscription($id: ID!) { runUpdated(sweepId: $id) { run { id } } }`;
    const open = async (k: string) => {
      const c = ws(k);
      let started!: () => void;
      const connected = new Promise<void>((r) => (started = r));
      const done = ended(c, subscription, { id: sweepId }, () => started());
      await Promise.race([connected, done]);
      return { c, done };
    };
    const keys = [await newKey('MEMBER'), await newKey('MEMBER'), await newKey('MEMBER')];
    const sockets = [await open(keys[0]), await open(keys[0])];
    const third = await open(keys[0]);
    expect(await third.done).toBe(4429);
    await third.c.dispose();
    // 6 sockets in all: the seventh is refused at the upgrade, before any message.
    sockets.push(await open(keys[1]), await open(keys[1]), await open(keys[2]), await open(keys[2]));
    const refused = await new Promise<number>((resolve) => {
      const raw = new WebSocket(api.url.replace('http', 'ws'), 'graphql-transport-ws');
      raw.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      raw.on('open', () => resolve(101));
      raw.on('error', () => undefined);
    });
    expect(refused).toBe(503);
    for (const s of sockets) await s.c.dispose();
  });
});

// Last: the API process that refused the address keeps refusing it for the rest of the minute.
describe('bad keys', () => {
  it('refuse an address after repeated bad keys, on HTTP and WebSocket', async () => {
    const bad = [];
    for (let i = 0; i < BAD_KEYS; i++) bad.push((await post(i % 2 ? replica.url : api.url, `llk_guess-${i}`, `{ viewer { team { name } } }`)).status);
    expect(bad).toEqual(Array(BAD_KEYS).fill(401));
    const next = await post(api.url, 'llk_guess-next', `{ viewer { team { name } } }`);
    expect(next.status).toBe(429);
    expect(next.body.errors![0].extensions.code).toBe('RATE_LIMITED');
    expect(Number(next.retryAfter)).toBeGreaterThan(0);
    const socket = ws('llk_guess-ws');
    try {
      expect(await ended(socket, `{ viewer { team { name } } }`, {})).toBe(4429);
    } finally {
      await socket.dispose();
    }
  });
});
