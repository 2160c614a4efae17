import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../tools/testing/test-database';

const ROOT = resolve(__dirname, '../../..');
const REGISTER = join(ROOT, 'tools/scripts/register.cjs');
const children = new Set<ChildProcess>();
const dirs: string[] = [];
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const freePort = () =>
  new Promise<number>((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });

const tempDir = async () => {
  const d = await mkdtemp(join(tmpdir(), 'loralab-shutdown-'));
  dirs.push(d);
  return d;
};

function spawnTs(script: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  const { DATABASE_URL: _ignored, ...base } = process.env;
  const child = spawn(process.execPath, ['-r', REGISTER, join(ROOT, script), ...args], {
    cwd: ROOT,
    env: { ...base, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Starts the API, waits for /healthz, sends SIGTERM; resolves with its exit code and how long it took. */
async function startAndTerminate(env: Record<string, string>): Promise<{ code: number | null; ms: number }> {
  const port = await freePort();
  const api = spawnTs('apps/api/src/main.ts', [], { PORT: String(port), HOST: '127.0.0.1', LORALAB_ADMIN_KEY: 'llk_shutdown_test_key_0123456789', ...env });
  const output: string[] = [];
  api.stdout!.on('data', (d) => output.push(String(d)));
  api.stderr!.on('data', (d) => output.push(String(d)));
  const exited = once(api, 'exit') as Promise<[number | null]>;
  for (let i = 0; ; i++) {
    if (api.exitCode !== null) throw new Error(`the API exited early: ${output.join('')}`);
    if ((await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null))?.ok) break;
    if (i > 400) throw new Error(`the API did not come up: ${output.join('')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const t0 = Date.now();
  api.kill('SIGTERM');
  const timeout = new Promise<[null]>((ok) => setTimeout(() => ok([null]), 25_000));
  const [code] = await Promise.race([exited, timeout]);
  return { code: api.exitCode === null ? null : code, ms: Date.now() - t0 };
}

describe('SIGTERM', () => {
  it('exits 0 when the database is external (DATABASE_URL)', async () => {
    const { code } = await startAndTerminate({ DATABASE_URL: await createTestDatabase('shutdown'), LORALAB_DATA_DIR: await tempDir() });
    expect(code).toBe(0);
  });

  it('exits 0 when it started its own embedded PostgreSQL, and stops that server', async () => {
    const dataDir = await tempDir();
    const { code } = await startAndTerminate({ LORALAB_DATA_DIR: dataDir, LORALAB_PG_PORT: String(await freePort()) });
    expect(code).toBe(0);
    const pid = await readFile(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').catch(() => null);
    expect(pid, 'postmaster.pid is removed by a clean stop').toBeNull();
  });

  it('exits 0 when it reused an embedded PostgreSQL it did not start, and leaves that server running', async () => {
    const dataDir = await tempDir();
    const pg = spawnTs('tools/testing/postgres-server.ts', [dataDir, String(await freePort())]);
    const url = await new Promise<string>((ok, fail) => {
      createInterface({ input: pg.stdout! }).on('line', (line) => line.startsWith('READY ') && ok(line.slice(6)));
      pg.once('exit', (c) => fail(new Error(`the PostgreSQL server exited with ${c}`)));
    });
    const { code } = await startAndTerminate({ LORALAB_DATA_DIR: dataDir, LORALAB_PG_PORT: String(await freePort()) });
    expect(code).toBe(0);
    // The server belongs to whoever started it: still there.
    const { Client } = await import('pg');
    const client = new Client({ connectionString: url });
    await client.connect();
    await client.end();
    pg.kill('SIGTERM');
    await once(pg, 'exit');
  });
});

describe('close()', () => {
  it('is idempotent: a second, concurrent call waits for the first and both resolve', async () => {
    const { startTestApi } = await import('./harness');
    const api = await startTestApi();
    await Promise.all([api.server.close(), api.server.close(), api.db.close(), api.db.close()]);
    await api.server.close();
    expect(api.db.dataSource.isInitialized).toBe(false);
  });
});
