import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node' with { 'resolution-mode': 'import' };
import { startEmbeddedPostgres } from '../../libs/db/src/embedded-postgres';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
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
  const dataDir = await mkdtemp(join(tmpdir(), 'loralab-test-pg-'));
  const pg = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'postgres' });
  project.provide('pgAdminUrl', pg.url);
  return async () => {
    await pg.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
