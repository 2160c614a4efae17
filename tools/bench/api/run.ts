/**
 * API benchmarks (issue 2), each against a same-run reference on the same PostgreSQL:
 *   ingest  logMetrics through GraphQL vs raw COPY into the metric table
 *   claim   64 concurrent claimRun callers over 20,000 runs vs a bare SKIP LOCKED loop
 *   read    p95 of sweep { paretoFront comparison } on 10,000 finished runs, and of
 *           run.metrics(maxPoints: 1000) over 1,000,000 points
 * Prints one JSON line per figure. Usage: npm run bench:api [-- ingest|claim|read]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { openDatabase } from '@loralab/db';
import { Pool } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import pino from 'pino';
import { ApiKeyService } from '../../../apps/api/src/auth/api-key.service';
import { startApiServer } from '../../../apps/api/src/server';

const only = process.argv[2];
const print = (o: object) => process.stdout.write(JSON.stringify(o) + '\n');
const uuidOf = (gid: string) => Buffer.from(gid, 'base64url').toString().split(':')[1];
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.ceil((p / 100) * xs.length) - 1];

async function main() {
  const dataDir = await mkdtemp(join(tmpdir(), 'loralab-bench-'));
  const db = await openDatabase({ dataDir, embeddedPort: 55000 + Math.floor(Math.random() * 5000), poolSize: 24 });
  const secret = (await new ApiKeyService(db.dataSource).bootstrap({ dataDir }))!.secret;
  const server = await startApiServer({
    db: db.dataSource,
    dbUrl: db.url,
    logger: pino({ level: 'silent' }),
    port: 0,
    host: '127.0.0.1',
    leaseSeconds: 600,
    reaperIntervalMs: 600_000,
    production: true,
    // One key sends every request here, tens of thousands a minute: far past the per-key limit
    // meant for clients. The limit's own cost (one upsert per request) is left out with it.
    limits: { rate: { perKeyPerMinute: 0, badKeysPerIpPerMinute: 0 } },
  });
  const raw = new Pool({ connectionString: db.url, max: 70 });
  // node:http with keep-alive rather than fetch: the callers share this process with the server,
  // and undici's fetch (web streams) costs several times more CPU per request than the server does.
  const agentPool = new http.Agent({ keepAlive: true, maxSockets: 128 });
  /** POSTs an operation; resolves with the raw body once its last byte has arrived. */
  const post = (query: string, variables: Record<string, unknown>) => postBody(JSON.stringify({ query, variables }));
  const postBody = (body: string) =>
    new Promise<Buffer>((resolve, reject) => {
      const req = http.request(
        server.url,
        {
          method: 'POST',
          agent: agentPool,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${secret}` },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve(Buffer.concat(chunks)));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const parse = (raw: Buffer) => {
    const parsed = JSON.parse(raw.toString()) as { data?: any; errors?: unknown[] };
    if (parsed.errors) throw new Error(JSON.stringify(parsed.errors));
    return parsed.data;
  };
  const gql = async (query: string, variables: Record<string, unknown> = {}) => parse(await post(query, variables));
  /** Server latency: from sending the request to the response's last byte (parsing not included). */
  const timed = async (query: string, variables: Record<string, unknown>) => {
    const t = performance.now();
    const raw = await post(query, variables);
    return { ms: performance.now() - t, data: parse(raw) };
  };
  const project = (await gql(`mutation { createProject(input: { name: "bench" }) { project { id } } }`)).createProject.project.id;
  const sweep = async (name: string, rank: number[], quantization: string[], learningRate: number[]) =>
    (
      await gql(`mutation($i: CreateSweepInput!) { createSweep(input: $i) { sweep { id runCount } } }`, {
        i: {
          projectId: project,
          name,
          baseModel: 'builtin:tiny-llama',
          dataset: 'builtin:topic',
          space: { rank, quantization, targetModules: [['Q_PROJ', 'V_PROJ']], learningRate },
        },
      })
    ).createSweep.sweep as { id: string; runCount: number };
  const agent = async (name: string) =>
    (await gql(`mutation($i: RegisterAgentInput!) { registerAgent(input: $i) { agent { id } } }`, { i: { name, backend: 'wasm' } }))
      .registerAgent.agent.id as string;
  const claimOne = async (agentId: string, sweepId?: string) =>
    (await gql(`mutation($i: ClaimRunInput!) { claimRun(input: $i) { run { id } } }`, { i: { agentId, sweepId } })).claimRun.run as
      | { id: string }
      | null;

  try {
    if (!only || only === 'ingest') {
      const s = await sweep('ingest', [1, 2], ['FP32'], [1e-4]);
      const agentId = await agent('ingest');
      const apiRun = (await claimOne(agentId, s.id))!.id;
      const copyRun = uuidOf((await claimOne(agentId, s.id))!.id);
      const batches = 40;
      const size = 10_000;
      const keys = ['train/loss', 'train/lr', 'train/grad_norm', 'train/tokens_per_s'];
      const batch = (b: number) =>
        Array.from({ length: size }, (_, i) => ({ key: keys[i % 4], step: b * (size / 4) + Math.floor(i / 4), value: Math.random() }));
      const bodies = Array.from({ length: batches }, (_, b) => batch(b));
      // Serialised beforehand: the callers stand for agents, which do that on their own hosts.
      const logMetrics = `mutation($i: LogMetricsInput!) { logMetrics(input: $i) { stored } }`;
      const requests = bodies.map((points) => JSON.stringify({ query: logMetrics, variables: { i: { runId: apiRun, agentId, points } } }));
      const cpu0 = process.cpuUsage();
      let t = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (next < batches) {
            const b = next++;
            parse(await postBody(requests[b]));
          }
        }),
      );
      const apiSeconds = (performance.now() - t) / 1000;
      const apiPerSec = (batches * size) / apiSeconds;
      const cpu = process.cpuUsage(cpu0);
      t = performance.now();
      const client = await raw.connect();
      try {
        const lines = function* () {
          for (const points of bodies) yield points.map((p) => `${copyRun}\t${p.key}\t${p.step}\t${p.value}\n`).join('');
        };
        await pipeline(Readable.from(lines()), client.query(copyFrom('COPY metric (run_id, key, step, value) FROM STDIN')));
      } finally {
        client.release();
      }
      const copyPerSec = (batches * size) / ((performance.now() - t) / 1000);
      print({ bench: 'ingest', points: batches * size, api_points_per_s: Math.round(apiPerSec), copy_points_per_s: Math.round(copyPerSec), ratio: +(apiPerSec / copyPerSec).toFixed(3), node_cpu_cores_during_api: +((cpu.user + cpu.system) / 1e6 / apiSeconds).toFixed(2) });
    }

    if (!only || only === 'claim') {
      // 20,000 runs: two sweeps at the 10,000-run limit; claimers take from the whole team queue.
      const ranks = Array.from({ length: 500 }, (_, i) => i + 1);
      const sweeps = [
        await sweep('claim-a', ranks, ['FP32', 'INT8', 'NF4', 'FP4'], [1e-4, 2e-4, 3e-4, 4e-4, 5e-4]),
        await sweep('claim-b', ranks, ['FP32', 'INT8', 'NF4', 'FP4'], [6e-4, 7e-4, 8e-4, 9e-4, 1e-3]),
      ];
      const totalRuns = sweeps.reduce((n, x) => n + x.runCount, 0);
      const teamId = (await raw.query(`SELECT team_id FROM sweep WHERE id = $1`, [uuidOf(sweeps[0].id)])).rows[0].team_id;
      const agents = await Promise.all(Array.from({ length: 64 }, (_, i) => agent(`c${i}`)));
      const claimed: string[] = [];
      const cpu0 = process.cpuUsage();
      let t = performance.now();
      await Promise.all(
        agents.map(async (a) => {
          for (let run = await claimOne(a); run; run = await claimOne(a)) claimed.push(run.id);
        }),
      );
      const apiSeconds = (performance.now() - t) / 1000;
      const apiPerSec = claimed.length / apiSeconds;
      const cpu = process.cpuUsage(cpu0);
      const nodeCpuShare = (cpu.user + cpu.system) / 1e6 / apiSeconds;
      const duplicates = claimed.length - new Set(claimed).size;
      await raw.query(`UPDATE run SET status = 'QUEUED', agent_id = NULL, lease_expires_at = NULL WHERE team_id = $1 AND status = 'RUNNING'`, [teamId]);
      const agentUuid = uuidOf(agents[0]);
      let bare = 0;
      t = performance.now();
      await Promise.all(
        Array.from({ length: 64 }, async () => {
          for (;;) {
            const r = await raw.query(
              `UPDATE run SET status = 'RUNNING', agent_id = $2, lease_expires_at = now() + interval '10 minutes'
               WHERE id = (SELECT id FROM run WHERE team_id = $1 AND status = 'QUEUED' ORDER BY queued_at, ordinal LIMIT 1 FOR UPDATE SKIP LOCKED)
               RETURNING id`,
              [teamId, agentUuid],
            );
            if (!r.rowCount) return;
            bare++;
          }
        }),
      );
      const barePerSec = bare / ((performance.now() - t) / 1000);
      print({ bench: 'claim', runs: totalRuns, claimers: 64, claimed: claimed.length, duplicates, api_claims_per_s: Math.round(apiPerSec), bare_skip_locked_per_s: Math.round(barePerSec), ratio: +(apiPerSec / barePerSec).toFixed(3), node_cpu_cores_during_api: +nodeCpuShare.toFixed(2) });
    }

    if (!only || only === 'read') {
      const s = await sweep('read', Array.from({ length: 500 }, (_, i) => i + 1), ['FP32', 'INT8', 'NF4', 'FP4'], [1e-4, 2e-4, 3e-4, 4e-4, 5e-4]);
      const sweepUuid = uuidOf(s.id);
      await raw.query(
        `UPDATE run SET status = 'SUCCEEDED', accuracy = random(), peak_memory_bytes = (1e6 + random() * 1e7)::bigint,
           summary = jsonb_build_object('accuracy', 0.5, 'evalLoss', 1, 'peakMemoryBytes', 1, 'memory', jsonb_build_object('baseWeights', 1, 'adapters', 1, 'gradients', 1, 'optimizerState', 1, 'activations', 1),
             'predictedMemoryBytes', 1, 'trainableParams', 1, 'totalParams', 1, 'tokensPerSecond', 1, 'durationSeconds', 1)
         WHERE sweep_id = $1`,
        [sweepUuid],
      );
      await raw.query('ANALYZE run');
      const q = `query($id: ID!) { sweep(id: $id) { paretoFront { id summary { accuracy peakMemoryBytes } }
        comparison { quantization accuracyDelta memoryRatio baseline { id } quantized { id } } } }`;
      const times: number[] = [];
      let pairs = 0;
      for (let i = 0; i < 60; i++) {
        const { ms, data } = await timed(q, { id: s.id });
        times.push(ms);
        pairs = data.sweep.comparison.length;
      }
      print({ bench: 'pareto+comparison', runs: s.runCount, pairs, p50_ms: +percentile(times.slice(10), 50).toFixed(1), p95_ms: +percentile(times.slice(10), 95).toFixed(1) });

      const metricsRun = (await gql(`query($id: ID!) { sweep(id: $id) { runs(first: 1) { nodes { id } } } }`, { id: s.id })).sweep.runs.nodes[0].id;
      await raw.query(`INSERT INTO metric (run_id, key, step, value) SELECT $1, 'train/loss', g, random() FROM generate_series(0, 999999) g`, [uuidOf(metricsRun)]);
      await raw.query('ANALYZE metric');
      const mq = `query($id: ID!) { run(id: $id) { metrics(keys: ["train/loss"], maxPoints: 1000) { downsampled points { step value } } } }`;
      const mt: number[] = [];
      for (let i = 0; i < 60; i++) {
        const { ms, data } = await timed(mq, { id: metricsRun });
        mt.push(ms);
        if (!data.run.metrics[0].downsampled) throw new Error('expected a downsampled series');
      }
      print({ bench: 'run.metrics', points: 1_000_000, max_points: 1000, p50_ms: +percentile(mt.slice(10), 50).toFixed(1), p95_ms: +percentile(mt.slice(10), 95).toFixed(1) });
    }
  } finally {
    await raw.end();
    agentPool.destroy();
    await server.close();
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
