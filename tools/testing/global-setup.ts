import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { TestProject } from 'vitest/node' with { 'resolution-mode': 'import' };

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolvePort(port));
    });
  });
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Connection string of the test server's `postgres` database (to create per-file databases). */
    pgAdminUrl: string;
  }
}

/** One real PostgreSQL server for the whole run; each test file creates its own database in it. */
export default async function setup(project: TestProject) {
  const root = resolve(__dirname, '..', '..');
  const dataDir = await mkdtemp(join(tmpdir(), 'loralab-test-pg-'));
  const child = spawn(
    process.execPath,
    ['-r', join(root, 'tools/scripts/register.cjs'), join(root, 'tools/testing/postgres-server.ts'), dataDir, String(await freePort())],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((ok, fail) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('READY ')) ok(line.slice(6));
    });
    child.once('exit', (code) => fail(new Error(`the test PostgreSQL exited with ${code} before it was ready`)));
  });
  project.provide('pgAdminUrl', url);
  return async () => {
    child.kill('SIGTERM');
    if (child.exitCode === null) await once(child, 'exit');
    await rm(dataDir, { recursive: true, force: true });
  };
}
