import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@loralab/db';
import pino from 'pino';
import { ApiKeyService } from '../../../apps/api/src/auth/api-key.service';
import { startApiServer } from '../../../apps/api/src/server';

async function main() {
  const dataDir = await mkdtemp(join(tmpdir(), 'probe-'));
  const db = await openDatabase({ dataDir, embeddedPort: 56100 });
  const secret = (await new ApiKeyService(db.dataSource).bootstrap({ dataDir }))!.secret;
  const server = await startApiServer({ db: db.dataSource, dbUrl: db.url, logger: pino({ level: 'silent' }), port: 0, host: '127.0.0.1', leaseSeconds: 600, reaperIntervalMs: 600000, production: true, limits: { rate: { perKeyPerMinute: 0, badKeysPerIpPerMinute: 0 } } });
  const gql = async (query: string, variables = {}) => (await (await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` }, body: JSON.stringify({ query, variables }) })).json()) as any;
  const p = (await gql(`mutation { createProject(input: { name: "x" }) { project { id } } }`)).data.createProject.project.id;
  const s = (await gql(`mutation($i: CreateSweepInput!) { createSweep(input: $i) { sweep { id } } }`, { i: { projectId: p, name: 's', baseModel: 'builtin:tiny-llama', dataset: 'builtin:topic', space: { rank: Array.from({ length: 500 }, (_, i) => i + 1), quantization: ['FP32', 'INT8', 'NF4', 'FP4'], targetModules: [['Q_PROJ']], learningRate: [1e-4, 2e-4, 3e-4, 4e-4, 5e-4] } } })).data.createSweep.sweep.id;
  const sid = Buffer.from(s, 'base64url').toString().split(':')[1];
  await db.dataSource.query(`UPDATE run SET status='SUCCEEDED', accuracy=random(), peak_memory_bytes=(1e6+random()*1e7)::bigint WHERE sweep_id=$1`, [sid]);
  const time = async (label: string, f: () => Promise<unknown>) => {
    const ts: number[] = [];
    for (let i = 0; i < 15; i++) { const t = performance.now(); await f(); ts.push(performance.now() - t); }
    ts.sort((a, b) => a - b);
    console.log(label, ts[7].toFixed(1), 'ms median');
  };
  await time('sql finishedScores', () => server.services.sweeps.finishedScores([sid]));
  await time('sql progress (cache check)', () => server.services.sweeps.progress([sid]));
  await time('gql paretoFront ids', () => gql(`query($id: ID!) { sweep(id: $id) { paretoFront { id } } }`, { id: s }));
  await time('gql comparison scalars', () => gql(`query($id: ID!) { sweep(id: $id) { comparison { quantization accuracyDelta memoryRatio } } }`, { id: s }));
  const full = `query($id: ID!) { sweep(id: $id) { paretoFront { id summary { accuracy peakMemoryBytes } }
        comparison { quantization accuracyDelta memoryRatio baseline { id } quantized { id } } } }`;
  await time('gql paretoFront + comparison (bench query)', () => gql(full, { id: s }));
  if (process.env.PROBE_REPEAT) for (let i = 0; i < Number(process.env.PROBE_REPEAT); i++) await gql(full, { id: s });
  await time('gql comparison ids', () => gql(`query($id: ID!) { sweep(id: $id) { comparison { quantization accuracyDelta memoryRatio baseline { id } quantized { id } } } }`, { id: s }));
  await server.close(); await db.close();
}
main();
