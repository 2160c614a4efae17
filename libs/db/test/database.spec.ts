import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../tools/testing/test-database';
import { createDataSource, MIGRATIONS, openDatabase, TeamEntity } from '../src';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe('openDatabase without DATABASE_URL', () => {
  it('starts an embedded PostgreSQL, applies migrations, and keeps the data across a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'loralab-db-'));
    dirs.push(dataDir);
    const port = await freePort();
    const first = await openDatabase({ dataDir, embeddedPort: port });
    expect(first.embedded).toBe(true);
    await first.dataSource.getRepository(TeamEntity).save({ name: 'kept' });
    await first.close();

    const second = await openDatabase({ dataDir, embeddedPort: port });
    const teams = await second.dataSource.getRepository(TeamEntity).find();
    expect(teams.map((t) => t.name)).toEqual(['kept']);
    const applied = await second.dataSource.query(`SELECT name FROM migrations`);
    expect(applied.map((m: { name: string }) => m.name)).toEqual(MIGRATIONS.map((m) => m.name));
    await second.close();
  }, 120_000);
});

describe('migrations', () => {
  it('revert to an empty database and apply again', async () => {
    const ds = createDataSource(await createTestDatabase('mig'));
    await ds.initialize();
    try {
      await ds.runMigrations();
      const tables = async () =>
        (await ds.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations' ORDER BY 1`)).map(
          (t: { tablename: string }) => t.tablename,
        );
      expect(await tables()).toEqual(['agent', 'api_key', 'artifact', 'metric', 'project', 'rate_limit', 'run', 'sweep', 'team']);
      for (let i = 0; i < MIGRATIONS.length; i++) await ds.undoLastMigration();
      expect(await tables()).toEqual([]);
      await ds.runMigrations();
      expect((await tables()).length).toBe(9);
    } finally {
      await ds.destroy();
    }
  });
});
