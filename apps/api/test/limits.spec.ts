import { performance } from 'node:perf_hooks';
import { createClient, type Client } from 'graphql-ws';
import { Client as PgClient } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createTestDatabase } from '../../../tools/testing/test-database';
import { createProject, createSweep, graphqlEndpoint, registerAgent, type GqlResult, type GraphQLEndpoint } from './harness';
import { controlServer, describeFigures, latencyFigures, probeUrls, type Probe, type ProbeSamples } from './healthz-probe';
import { ADMIN_KEY, apiProcess, tempDir, type ApiChild } from './processes';

// The issue-14 fuzz classes, over HTTP and WebSocket: each answered with a specific code (never
// INTERNAL_SERVER_ERROR or a 500), nothing written by a rejected request, and /healthz answering
// within 100 ms throughout (p99; the maximum is printed). The API runs as a child process (apps/api/src/main.ts on a database of
// the test server) and /healthz is probed every HEALTHZ_INTERVAL_MS from a worker thread, so the
// samples measure the API under the suite's requests, not this process's own work. A bare HTTP
// server in a process of its own is probed beside it: its figures say how busy the machine was.

const HEALTHZ_INTERVAL_MS = 5;
/**
 * The acceptance bound (issue 14) on /healthz during the suite, asserted on the 99th percentile;
 * the maximum is printed beside it. /healthz answers from a background ping (no database round
 * trip per probe). In the full CI run on a fresh clone (2-core VM, probed every 5 ms, 297
 * samples): median 5.5 ms, p95 32.0, p99 46.6, max 49.1 ms (a bare server beside it: max 16.5).
 * With other work on the machine (load ~3) the tail reaches 110-170 ms while the API's own CPU
 * stays under 25 ms in any 100 ms window (a CPU profile of the API through the suite): waiting
 * for a core, which the bare server, doing less per request, waits for less.
 */
const HEALTHZ_P99_MS = 100;
/** A stall: the were 7.6 s (fragment validation), 10.7 s (a huge error response) and 18 s (alias bombs). */
const HEALTHZ_STALL_MS = 1_000;

const NINE_MB = JSON.stringify({ query: '{ viewer { team { name } } }', variables: { pad: 'x'.repeat(9 << 20) } });
/** 250,000 wrongly typed items: graphql-js would report an error for each. */
const TWO_AND_A_HALF_MB = JSON.stringify({ query: `query($r: [Int!]) { viewer { team { name } } }`, variables: { r: Array.from({ length: 250_000 }, () => 'xxxxxxx') } });

let child: ApiChild;
let api: GraphQLEndpoint;
let pg: PgClient;
let agentId: string;
let runId: string;
let sweepId: string;
let control: Awaited<ReturnType<typeof controlServer>>;
let probe: Probe;
let samples: ProbeSamples[] | undefined;

beforeAll(async () => {
  const databaseUrl = await createTestDatabase('fuzz');
  child = await apiProcess({ DATABASE_URL: databaseUrl, LORALAB_DATA_DIR: await tempDir() });
  api = graphqlEndpoint(`http://127.0.0.1:${child.port}/graphql`, ADMIN_KEY);
  pg = new PgClient({ connectionString: databaseUrl });
  await pg.connect();
  const projectId = await createProject(api, 'fuzz');
  sweepId = (await createSweep(api, projectId)).id;
  agentId = await registerAgent(api);
  const claim = await api.ok(`mutation($a: ID!) { claimRun(input: { agentId: $a }) { run { id } } }`, { a: agentId });
  runId = claim.claimRun.run.id;
  control = await controlServer();
  probe = await probeUrls([`http://127.0.0.1:${child.port}/healthz`, control.url], HEALTHZ_INTERVAL_MS);
});

afterAll(async () => {
  samples ??= await probe?.stop();
  await control?.stop();
  await pg?.end();
  child?.child.kill('SIGTERM');
  if (child && child.child.exitCode === null) await child.exited;
});

/** Every table's rows, hashed: what a rejected request must leave as it was (rate-limit counters aside). */
async function snapshot(): Promise<string> {
  const tables = ['team', 'api_key', 'project', 'sweep', 'run', 'metric', 'agent', 'artifact'];
  const rows = [];
  for (const t of tables) {
    rows.push(await pg.query(`SELECT count(*)::int AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM ${t} x`));
  }
  return rows.map((r, i) => `${tables[i]}:${r.rows[0].n}:${r.rows[0].h}`).join(' ');
}

async function post(body: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const res = await fetch(api.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${api.adminKey}`, ...headers },
    body,
  });
  return { status: res.status, text: await res.text() };
}

function wsClient(connectionParams: Record<string, unknown> = { authorization: `Bearer ${api.adminKey}` }, url = api.url): Client {
  // The socket stays open between operations: a lazy client closes it (1000) as soon as no operation
  // is active, and an operation sent just then would end with the close, without a result.
  return createClient({ url: url.replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: true, lazyCloseTimeout: 60_000 });
}

/** Runs one operation over graphql-ws; resolves with its first result or its errors. */
function overWs(client: Client, query: string, variables?: Record<string, unknown>): Promise<GqlResult> {
  return new Promise((resolve, reject) => {
    let first: GqlResult | null = null;
    const stop = client.subscribe(
      { query, variables },
      {
        next: (r) => {
          first ??= r as GqlResult;
          stop();
          resolve(first);
        },
        error: (e) => (Array.isArray(e) ? resolve({ errors: e }) : reject(e)),
        complete: () => resolve(first ?? {}),
      },
    );
  });
}

type Case = { name: string; query: string; variables?: Record<string, unknown>; code: string; field?: RegExp };

const nul = 'a\u0000b';
const SUMMARY = {
  accuracy: 0.5,
  evalLoss: 1,
  peakMemoryBytes: 1000,
  memory: { baseWeights: 1, adapters: 1, gradients: 1, optimizerState: 1, activations: 1 },
  predictedMemoryBytes: 1000,
  trainableParams: 10,
  totalParams: 100,
  tokensPerSecond: 5,
  durationSeconds: 1,
};
const COMPLETE = `mutation($input: CompleteRunInput!) { completeRun(input: $input) { run { id status } } }`;

/** Inputs that must be refused as BAD_USER_INPUT with the field at fault, before anything is written. */
function badInputs(): Case[] {
  const cases: Case[] = [
    // NUL in text fields (PostgreSQL text cannot hold U+0000).
    { name: 'NUL in a project name', query: `mutation($input: CreateProjectInput!) { createProject(input: $input) { project { id } } }`, variables: { input: { name: nul } }, code: 'BAD_USER_INPUT', field: /input\.name/ },
    { name: 'NUL in a project description', query: `mutation($input: CreateProjectInput!) { createProject(input: $input) { project { id } } }`, variables: { input: { name: 'n', description: nul } }, code: 'BAD_USER_INPUT', field: /input\.description/ },
    { name: 'NUL in a team name', query: `mutation { createTeam(input: { name: "a\\u0000b" }) { team { id } } }`, code: 'BAD_USER_INPUT', field: /input\.name/ },
    { name: 'NUL in a key name', query: `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`, variables: { input: { name: nul, role: 'MEMBER' } }, code: 'BAD_USER_INPUT', field: /input\.name/ },
    { name: 'NUL in an agent name, backend, hostname', query: `mutation($input: RegisterAgentInput!) { registerAgent(input: $input) { agent { id } } }`, variables: { input: { name: nul, backend: nul, hostname: nul } }, code: 'BAD_USER_INPUT', field: /input\.(name|backend|hostname)/ },
    { name: 'NUL in a sweep name', query: `mutation($input: CreateSweepInput!) { createSweep(input: $input) { sweep { id } } }`, variables: { input: { projectId: 'x', name: nul, baseModel: 'builtin:tiny-llama', dataset: nul, space: { rank: [4], quantization: ['FP32'], targetModules: [['Q_PROJ']] } } }, code: 'BAD_USER_INPUT', field: /input\.(name|dataset)/ },
    { name: 'NUL in a failRun error', query: `mutation($input: FailRunInput!) { failRun(input: $input) { run { id } } }`, variables: { input: { runId: 'r', agentId: 'a', error: nul } }, code: 'BAD_USER_INPUT', field: /input\.error/ },
    { name: 'NUL in a metric key', query: `mutation($input: LogMetricsInput!) { logMetrics(input: $input) { stored } }`, variables: { input: { runId: 'r', agentId: 'a', points: [{ key: nul, step: 1, value: 1 }] } }, code: 'BAD_USER_INPUT', field: /input\.points\[0\]\.key/ },
    { name: 'NUL in a metrics keys list', query: `query($id: ID!) { run(id: $id) { metrics(keys: ["a\\u0000"], maxPoints: 2) { key } } }`, variables: { id: 'x' }, code: 'BAD_USER_INPUT', field: /keys\[0\]/ },
    // Integers that do not fit a bigint, or are not whole.
    { name: 'deviceMemoryBytes 1e30', query: `mutation($input: RegisterAgentInput!) { registerAgent(input: $input) { agent { id } } }`, variables: { input: { name: 'n', backend: 'wasm', deviceMemoryBytes: 1e30 } }, code: 'BAD_USER_INPUT', field: /deviceMemoryBytes/ },
    { name: 'deviceMemoryBytes 0.5', query: `mutation($input: RegisterAgentInput!) { registerAgent(input: $input) { agent { id } } }`, variables: { input: { name: 'n', backend: 'wasm', deviceMemoryBytes: 0.5 } }, code: 'BAD_USER_INPUT', field: /deviceMemoryBytes/ },
    { name: 'maxMemoryBytes 1e30', query: `mutation($input: ClaimRunInput!) { claimRun(input: $input) { run { id } } }`, variables: { input: { agentId: 'a', maxMemoryBytes: 1e30 } }, code: 'BAD_USER_INPUT', field: /maxMemoryBytes/ },
    { name: 'a fractional peakMemoryBytes', query: COMPLETE, variables: { input: { runId: 'r', agentId: 'a', summary: { ...SUMMARY, peakMemoryBytes: 1.5 } } }, code: 'BAD_USER_INPUT', field: /peakMemoryBytes/ },
    // Non-finite numbers: a literal 1e999 parses to Infinity.
    { name: 'an accuracy literal 1e999', query: `mutation { completeRun(input: { runId: "r", agentId: "a", summary: { accuracy: 1e999, evalLoss: 1, peakMemoryBytes: 1, memory: { baseWeights: 1, adapters: 1, gradients: 1, optimizerState: 1, activations: 1 }, predictedMemoryBytes: 1, trainableParams: 1, totalParams: 1, tokensPerSecond: 1, durationSeconds: 1 } }) { run { id } } }`, code: 'BAD_USER_INPUT', field: /input\.summary\.accuracy/ },
    { name: 'a metric value literal -1e999', query: `mutation { logMetrics(input: { runId: "r", agentId: "a", points: [{ key: "k", step: 1, value: -1e999 }] }) { stored } }`, code: 'BAD_USER_INPUT', field: /input\.points\[0\]\.value/ },
    // Huge lists and cursors.
    { name: 'a filter list of 70,000 ranks', query: `query($id: ID!, $f: RunFilter) { sweep(id: $id) { runs(first: 1, filter: $f) { totalCount } } }`, variables: { id: 'x', f: { rank: Array.from({ length: 70_000 }, (_, i) => i) } }, code: 'BAD_USER_INPUT', field: /^f\.rank$/ },
    // 64,000 values in lists short enough each: refused before graphql-js coerces them.
    { name: '8,000 target-module lists of 7', query: `mutation($input: CreateSweepInput!) { createSweep(input: $input) { sweep { id } } }`, variables: { input: { projectId: 'x', name: 'n', baseModel: 'builtin:tiny-llama', dataset: 'builtin:topic', space: { rank: [4], quantization: ['FP32'], targetModules: Array.from({ length: 8_000 }, () => ['Q_PROJ', 'K_PROJ', 'V_PROJ', 'O_PROJ', 'GATE_PROJ', 'UP_PROJ', 'DOWN_PROJ']) } } }, code: 'BAD_USER_INPUT', field: /^input\.space\.targetModules\[\d+\]/ },
    { name: 'a cursor past 2^53', query: `query($id: ID!, $after: String) { sweep(id: $id) { runs(first: 1, after: $after) { totalCount } } }`, variables: { after: Buffer.from('o:99999999999999999999999999').toString('base64url') }, code: 'BAD_USER_INPUT', field: /after/ },
    { name: 'a 200 KB cursor', query: `query($id: ID!, $after: String) { sweep(id: $id) { runs(first: 1, after: $after) { totalCount } } }`, variables: { after: 'A'.repeat(200_000) }, code: 'BAD_USER_INPUT', field: /after/ },
  ];
  return cases.map((c) => ({ ...c, variables: { id: sweepId, ...c.variables, ...fill(c.variables) } }));
}

/** Real ids where a case names placeholders, so that only the fault under test is at fault. */
function fill(variables: Record<string, unknown> | undefined): Record<string, unknown> {
  const input = variables?.input as Record<string, unknown> | undefined;
  if (!input) return {};
  const out = { ...input };
  if (out.runId === 'r') out.runId = runId;
  if (out.agentId === 'a') out.agentId = agentId;
  if (out.projectId === 'x') out.projectId = 'UHJvamVjdDowMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDA';
  return { input: out };
}

/** Documents that must be refused whole, quickly: fan-out, alias bombs, depth, cost, operation names. */
function heavyDocuments(): Case[] {
  // 24 fragments, each spreading the next twice: 2^24 paths through a 1.5 KB document.
  const levels = 24;
  const fragments = Array.from({ length: levels }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`).join('\n');
  const fanOut = `query { ...F0 }\n${fragments}\nfragment F${levels} on Query { viewer { team { name } } }`;
  const deepFragments =
    `query($id: ID!) { run(id: $id) { ...R0 } }\n` +
    Array.from({ length: 12 }, (_, i) => `fragment R${i} on Run { sweep { paretoFront { ...R${i + 1} ...R${i + 1} } } }`).join('\n') +
    `\nfragment R12 on Run { id }`;
  const aliases = (n: number, field: string) => `query($id: ID!) { run(id: $id) { ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} } }`;
  return [
    { name: 'fragment fan-out (2^24 spreads)', query: fanOut, code: 'QUERY_TOO_COSTLY' },
    { name: 'deep fragments spread twice per level', query: deepFragments, variables: { id: runId }, code: 'GRAPHQL_VALIDATION_FAILED' },
    { name: '50 aliases of metrics(maxPoints: 2)', query: aliases(50, 'metrics(maxPoints: 2) { key }'), variables: { id: runId }, code: 'GRAPHQL_VALIDATION_FAILED' },
    { name: '14 aliases of metrics(maxPoints: 100000)', query: aliases(14, 'metrics(maxPoints: 100000) { key points { step value } }'), variables: { id: runId }, code: 'QUERY_TOO_COSTLY' },
    { name: 'a list of sweeps without first, each with 1,000 runs', query: `{ sweeps(first: 1000) { nodes { paretoFront { id } runs(first: 1000) { nodes { id config { rank } } } } } }`, code: 'QUERY_TOO_COSTLY' },
    { name: '5,000 tokens', query: `{ ${'viewer { team { name } } '.repeat(700)} }`, code: 'GRAPHQL_PARSE_FAILED' },
    { name: 'an unknown operationName', query: `query A { viewer { team { name } } }`, variables: {}, code: 'OPERATION_RESOLUTION_FAILURE' },
  ];
}

function expectRefused(r: GqlResult, c: Case) {
  expect(r.errors, c.name).toBeDefined();
  const e = r.errors![0];
  expect(e.extensions?.code, `${c.name}: ${e.message}`).toBe(c.code);
  if (c.field) expect(String(e.extensions?.field ?? e.message), c.name).toMatch(c.field);
  // No raw PostgreSQL or stack text reaches the client.
  expect(JSON.stringify(r), c.name).not.toMatch(/invalid byte sequence|bigint out of range|at Object\.|\/work\/|node_modules/);
}

describe('fuzzed inputs over HTTP', () => {
  it('refuses each with its code and the field at fault, writing nothing', async () => {
    const before = await snapshot();
    for (const c of badInputs()) {
      const { status, text } = await post(JSON.stringify({ query: c.query, variables: c.variables }));
      expect(status, c.name).toBeLessThan(500);
      expectRefused(JSON.parse(text), c);
    }
    expect(await snapshot()).toBe(before);
  });

  it('refuses a JSON number beyond double range (1e999 parses to Infinity) in a variable', async () => {
    const before = await snapshot();
    const body = `{"query":${JSON.stringify(COMPLETE)},"variables":{"input":{"runId":"${runId}","agentId":"${agentId}","summary":${JSON.stringify(SUMMARY).replace('"peakMemoryBytes":1000', '"peakMemoryBytes":1e999')}}}}`;
    const { status, text } = await post(body);
    expect(status).toBe(400);
    expectRefused(JSON.parse(text), { name: '1e999', query: '', code: 'BAD_USER_INPUT', field: /peakMemoryBytes/ });
    expect(await snapshot()).toBe(before);
  });

  it('refuses heavy documents before running them, and says the cost of those it runs', async () => {
    const before = await snapshot();
    for (const c of heavyDocuments()) {
      const t = performance.now();
      const { status, text } = await post(JSON.stringify({ query: c.query, variables: c.variables, operationName: c.name.includes('operationName') ? 'B' : undefined }));
      expect(status, c.name).toBeLessThan(500);
      expectRefused(JSON.parse(text), c);
      expect(performance.now() - t, `${c.name} took`).toBeLessThan(5_000);
    }
    expect(await snapshot()).toBe(before);
    const ok = JSON.parse((await post(JSON.stringify({ query: `query($id: ID!) { run(id: $id) { metrics(keys: ["a", "b"], maxPoints: 10) { key } } }`, variables: { id: runId } }))).text);
    expect(ok.data.run.metrics).toEqual([
      { key: 'a' },
      { key: 'b' },
    ]);
    // 1 (run) + 1 (metrics) + 2 series × (300 for their queries + 1 key).
    expect(ok.extensions.cost).toEqual({ estimated: 604, charged: 0, limit: 300_000 });
  });

  it("charges a run's real number of series when metrics are asked without keys", async () => {
    const log = (n: number) =>
      api.ok(`mutation($input: LogMetricsInput!) { logMetrics(input: $input) { stored } }`, {
        input: { runId, agentId, points: Array.from({ length: n }, (_, i) => ({ key: `s${String(i).padStart(4, '0')}`, step: 1, value: i })) },
      });
    const metrics = `query($id: ID!) { run(id: $id) { metrics(maxPoints: 2) { key } } }`;
    await log(20);
    const twenty = JSON.parse((await post(JSON.stringify({ query: metrics, variables: { id: runId } }))).text);
    expect(twenty.data.run.metrics).toHaveLength(20);
    // 8 series were assumed; 12 more, each 300 for its queries and 3 per point.
    expect(twenty.extensions.cost.charged).toBe(12 * (300 + 3 * 2));
    // With `max`, each also 5,000 for its aggregate over every stored point (in the estimate too).
    const withMax = JSON.parse((await post(JSON.stringify({ query: `query($id: ID!) { run(id: $id) { metrics(maxPoints: 2) { key max } } }`, variables: { id: runId } }))).text);
    expect(withMax.data.run.metrics[19]).toEqual({ key: 's0019', max: 19 });
    expect(withMax.extensions.cost.charged).toBe(12 * (300 + 3 * 2 + 5000));
    expect(withMax.extensions.cost.estimated - twenty.extensions.cost.estimated).toBe(8 * 5000);
    await log(1000);
    const t = performance.now();
    const many = JSON.parse((await post(JSON.stringify({ query: metrics, variables: { id: runId } }))).text);
    expect(many.errors[0].extensions.code).toBe('QUERY_TOO_COSTLY');
    expect(many.errors[0].path).toEqual(['run', 'metrics']);
    expect(performance.now() - t).toBeLessThan(2_000);
    const named = JSON.parse((await post(JSON.stringify({ query: `query($id: ID!) { run(id: $id) { metrics(keys: ["s0001", "s0999"], maxPoints: 2) { key } } }`, variables: { id: runId } }))).text);
    expect(named.data.run.metrics.map((m: { key: string }) => m.key)).toEqual(['s0001', 's0999']);
  });

  it('answers malformed, oversized and misdirected bodies with JSON errors, before and after auth', async () => {
    const bodies: [string, string, Record<string, string>?][] = [
      ['malformed JSON', '{"query": "{ viewer { team { name } } }"'],
      ['malformed JSON without a key', '{"query": ', { authorization: '' }],
      ['a 9 MB body', NINE_MB],
      ['a 9 MB body without a key', NINE_MB, { authorization: '' }],
      ['a query that is not a string', '{"query": 5}'],
      ['a batch', '[{"query": "{ viewer { team { name } } }"}]'],
      ['no query', '{"variables": {}}'],
      ['variables that are not an object', '{"query": "{ viewer { team { name } } }", "variables": "x"}'],
      ['a subscription over HTTP', JSON.stringify({ query: `subscription($id: ID!) { runUpdated(sweepId: $id) { run { id } } }`, variables: { id: sweepId } })],
      ['two operations and no operationName', JSON.stringify({ query: `query A { viewer { team { name } } } query B { viewer { team { name } } }` })],
      ['a wrong content type', '{"query": "{ viewer { team { name } } }"}', { 'content-type': 'text/plain' }],
      // The key is checked before the document is read: an anonymous client cannot make it validate anything.
      ['fragment fan-out without a key', JSON.stringify({ query: heavyDocuments()[0].query }), { authorization: '' }],
    ];
    const before = await snapshot();
    for (const [name, body, headers] of bodies) {
      const { status, text } = await post(body, headers);
      expect(status, name).toBeGreaterThanOrEqual(400);
      expect(status, name).toBeLessThan(500);
      expect(text, name).not.toMatch(/<html|<pre>|at [A-Za-z.]+ \(|\/work\/|node_modules/i);
      const json = JSON.parse(text);
      expect(json.errors[0].extensions.code, name).toMatch(/^(BAD_REQUEST|UNAUTHENTICATED|OPERATION_RESOLUTION_FAILURE|GRAPHQL_PARSE_FAILED)$/);
    }
    expect(await snapshot()).toBe(before);
  });

  it('keeps the error response of a 2.5 MB request small', async () => {
    expect(TWO_AND_A_HALF_MB.length).toBeGreaterThan(2_500_000);
    const t = performance.now();
    const { status, text } = await post(TWO_AND_A_HALF_MB);
    expect(status).toBe(400);
    expect(text.length).toBeLessThan(64 * 1024);
    expect(performance.now() - t).toBeLessThan(5_000);
  });

  it('answers two concurrent creates of one name with one success and one CONFLICT', async () => {
    const team = (name: string) => api.gql(`mutation($n: String!) { createTeam(input: { name: $n }) { team { id } } }`, { n: name });
    const project = (name: string) => api.gql(`mutation($n: String!) { createProject(input: { name: $n }) { project { id } } }`, { n: name });
    for (const create of [team, project]) {
      for (let i = 0; i < 5; i++) {
        const name = `race-${create === team ? 't' : 'p'}-${i}`;
        const results = await Promise.all([create(name), create(name)]);
        const codes = results.map((r) => r.errors?.[0]?.extensions?.code ?? 'OK').sort();
        expect(codes).toEqual(['CONFLICT', 'OK']);
      }
    }
  });
});

describe('fuzzed inputs over WebSocket', () => {
  it('refuses anonymous and bad-key sockets at connection_init', async () => {
    for (const params of [{}, { authorization: 'Bearer llk_nope' }]) {
      const client = wsClient(params);
      const err = await overWs(client, `{ viewer { team { name } } }`).then(
        () => null,
        (e) => e as { code: number; reason: string },
      );
      expect(err?.code).toBe(4401);
      await client.dispose();
    }
  });

  it('applies the same checks as HTTP, masks errors and writes nothing', async () => {
    const client = wsClient();
    try {
      const before = await snapshot();
      for (const c of [...badInputs(), ...heavyDocuments().filter((d) => !d.name.includes('operationName'))]) {
        expectRefused(await overWs(client, c.query, c.variables), c);
      }
      expect(await snapshot()).toBe(before);
      // A resolver's own error is masked or coded as on HTTP.
      const r = await overWs(client, `query($id: ID!) { run(id: $id) { id } }`, { id: 'UnVuOm5vdC1hLXV1aWQ' });
      expect(r.errors![0].extensions!.code).toMatch(/NOT_FOUND|BAD_USER_INPUT/);
      const ok = await overWs(client, `query { viewer { team { name } } }`);
      expect((ok.data as any).viewer.team.name).toBe('default');
      expect((ok as any).extensions.cost.estimated).toBe(3);
    } finally {
      await client.dispose();
    }
  });
});

// Last: the probe ran from the first test to here.
describe('health during the suite', () => {
  it(`answered /healthz within ${HEALTHZ_P99_MS} ms (p99; max printed) while every request above was made`, async () => {
    samples = await probe.stop();
    const [healthz, bare] = samples;
    const f = latencyFigures(healthz.latenciesMs);
    const machine = `a bare HTTP server probed beside it: ${describeFigures(latencyFigures(bare.latenciesMs))}`;
    console.log(`/healthz during the fuzz suite (API in its own process, probed every ${HEALTHZ_INTERVAL_MS} ms): ${describeFigures(f)}; ${machine}`);
    expect(healthz.failures).toEqual([]);
    // Enough samples that a percentile is not simply the maximum (77 samples at a 20 ms interval made it so).
    expect(f.samples).toBeGreaterThan(100);
    expect(f.p99, machine).toBeLessThan(HEALTHZ_P99_MS);
    expect(f.max, machine).toBeLessThan(HEALTHZ_STALL_MS);
  });
});
