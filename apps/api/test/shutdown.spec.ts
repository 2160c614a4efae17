import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../tools/testing/test-database';
import { apiProcess, freePort, postgresProcess, tempDir } from './processes';
import { startTestApi } from './harness';

/** Starts the API, waits for /healthz, sends SIGTERM; resolves with its exit code (null: still running after 25 s). */
async function startAndTerminate(env: Record<string, string>): Promise<{ code: number | null }> {
  const api = await apiProcess(env);
  api.child.kill('SIGTERM');
  const timeout = new Promise<[null]>((ok) => setTimeout(() => ok([null]), 25_000));
  const [code] = await Promise.race([api.exited, timeout]);
  return { code: api.child.exitCode === null ? null : code };
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
    const pg = await postgresProcess(dataDir);
    const { code } = await startAndTerminate({ LORALAB_DATA_DIR: dataDir, LORALAB_PG_PORT: String(await freePort()) });
    expect(code).toBe(0);
    // The server belongs to whoever started it: still there.
    const { Client } = await import('pg');
    const client = new Client({ connectionString: pg.url });
    await client.connect();
    await client.end();
    await pg.stop();
  });
});

describe('close()', () => {
  it('is idempotent: a second, concurrent call waits for the first and both resolve', async () => {
    const api = await startTestApi();
    await Promise.all([api.server.close(), api.server.close(), api.db.close(), api.db.close()]);
    await api.server.close();
    expect(api.db.dataSource.isInitialized).toBe(false);
  });
});
