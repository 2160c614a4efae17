import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll } from 'vitest';

/** The API and PostgreSQL as child processes (what SIGTERM and kill -9 are sent to), cleaned up after the file. */
const ROOT = resolve(__dirname, '../../..');
const REGISTER = join(ROOT, 'tools/scripts/register.cjs');
export const ADMIN_KEY = 'llk_process_test_key_0123456789';
const children = new Set<ChildProcess>();
const dirs: string[] = [];
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

export const freePort = () =>
  new Promise<number>((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });

export async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'loralab-process-'));
  dirs.push(d);
  return d;
}

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

/** An embedded PostgreSQL in a process of its own (tools/testing/postgres-server.ts): its URL, and SIGTERM to stop it. */
export async function postgresProcess(dataDir: string): Promise<{ url: string; child: ChildProcess; stop(): Promise<void> }> {
  const child = spawnTs('tools/testing/postgres-server.ts', [dataDir, String(await freePort())]);
  const url = await new Promise<string>((ok, fail) => {
    createInterface({ input: child.stdout! }).on('line', (line) => line.startsWith('READY ') && ok(line.slice(6)));
    child.once('exit', (c) => fail(new Error(`the PostgreSQL server exited with ${c}`)));
  });
  return {
    url,
    child,
    async stop() {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}

export interface ApiChild {
  port: number;
  child: ChildProcess;
  output: string[];
  exited: Promise<[number | null]>;
}

/** Starts apps/api/src/main.ts and waits for /healthz. */
export async function apiProcess(env: Record<string, string>): Promise<ApiChild> {
  const port = await freePort();
  const child = spawnTs('apps/api/src/main.ts', [], { PORT: String(port), HOST: '127.0.0.1', LORALAB_ADMIN_KEY: ADMIN_KEY, ...env });
  const output: string[] = [];
  child.stdout!.on('data', (d) => output.push(String(d)));
  child.stderr!.on('data', (d) => output.push(String(d)));
  const exited = once(child, 'exit') as Promise<[number | null]>;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`the API exited early: ${output.join('')}`);
    if ((await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null))?.ok) break;
    if (i > 400) throw new Error(`the API did not come up: ${output.join('')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return { port, child, output, exited };
}
