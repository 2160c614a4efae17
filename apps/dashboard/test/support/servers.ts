// Starts the real API (embedded PostgreSQL) and the built dashboard as child processes.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '../../../..');
export const dashboardDir = resolve(repoRoot, 'apps/dashboard');
export const ADMIN_KEY = 'llk_test_admin_key_0123456789abcdef';

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
    s.on('error', rej);
  });
}

async function waitFor(url: string, child: ChildProcess, log: () => string, timeoutMs: number, init?: RequestInit) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`process exited (${child.exitCode}):\n${log()}`);
    try {
      const r = await fetch(url, init);
      if (r.status < 500) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${url}:\n${log()}`);
}

export interface Running {
  url: string;
  stop(): Promise<void>;
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((res) => {
    if (child.exitCode !== null) return res();
    child.once('exit', () => res());
    child.kill('SIGTERM');
    setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 10_000).unref();
  });
}

export async function startApi(): Promise<Running & { graphqlUrl: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'loralab-dash-'));
  // Embedded PostgreSQL may run initdb as another user (when we are root): let it in.
  chmodSync(dataDir, 0o755);
  const port = await freePort();
  const pgPort = await freePort();
  let out = '';
  const child = spawn(process.execPath, ['-r', './tools/scripts/register.cjs', 'apps/api/src/main.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LORALAB_DATA_DIR: dataDir,
      LORALAB_PG_PORT: String(pgPort),
      LORALAB_ADMIN_KEY: ADMIN_KEY,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'development',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const graphqlUrl = `http://127.0.0.1:${port}/graphql`;
  try {
    await waitFor(graphqlUrl, child, () => out, 120_000, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
      body: JSON.stringify({ query: '{ viewer { team { id } } }' }),
    });
  } catch (err) {
    await stopChild(child);
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    graphqlUrl,
    async stop() {
      await stopChild(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The production build `npm start` serves: built once, reused until the dashboard's sources change. */
export function buildDashboard(): void {
  const r = spawnSync(process.execPath, [join(repoRoot, 'tools/scripts/dashboard-build.mjs')], { cwd: repoRoot, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`the dashboard build failed:\n${r.stdout}\n${r.stderr}`);
}

export async function startDashboard(graphqlUrl: string, extraEnv: Record<string, string> = {}): Promise<Running> {
  const port = await freePort();
  let out = '';
  const child = spawn(process.execPath, [require.resolve('next/dist/bin/next'), 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: dashboardDir,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', LORALAB_API_URL: graphqlUrl, NODE_ENV: 'production', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(`${url}/login`, child, () => out, 60_000);
  } catch (err) {
    await stopChild(child);
    throw err;
  }
  return { url, stop: () => stopChild(child) };
}
