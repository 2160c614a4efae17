import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../tools/testing/test-database';
import { createDataSource, MIGRATIONS, openDatabase, TeamEntity } from '../src';
import { postgresRuntime } from '../src/postgres-runtime';

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

describe('the embedded PostgreSQL', () => {
  const connectsAs = async (port: number, password: string) => {
    const client = new Client({ host: '127.0.0.1', port, user: 'loralab', password, database: 'postgres' });
    return client.connect().then(
      () => client.end().then(() => 'connected'),
      (err: { code?: string }) => err.code,
    );
  };

  it('has a generated password (0600 in the data directory), scram-sha-256 only, and listens on 127.0.0.1 only', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'loralab-db-'));
    dirs.push(dataDir);
    const port = await freePort();
    const db = await openDatabase({ dataDir, embeddedPort: port });
    try {
      const file = join(dataDir, 'pg-password');
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      const password = (await readFile(file, 'utf8')).trim();
      expect(password.length).toBeGreaterThanOrEqual(32);
      expect(db.url).toContain(encodeURIComponent(password));
      expect(await connectsAs(port, 'loralab')).toBe('28P01');
      const [settings] = await db.dataSource.query(
        `SELECT current_setting('listen_addresses') AS listen, current_setting('unix_socket_directories') AS sockets,
                (SELECT array_agg(DISTINCT auth_method) FROM pg_hba_file_rules) AS methods`,
      );
      expect(settings).toEqual({ listen: '127.0.0.1', sockets: '', methods: ['scram-sha-256'] });
    } finally {
      await db.close();
    }
  }, 120_000);

  it('gives a data directory made with the old fixed password a generated one on its next start', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'loralab-db-'));
    dirs.push(dataDir);
    const port = await freePort();
    // The server a version before generated passwords made: same runtime (it works as root from a
    // private directory too), fixed password `loralab`, cleartext `password` auth.
    const runtime = await postgresRuntime(dataDir, () => {});
    const legacy = runtime.server({
      databaseDir: runtime.databaseDir,
      port,
      user: 'loralab',
      password: 'loralab',
      authMethod: 'password',
      onLog: () => {},
    });
    await legacy.initialise();
    await legacy.start();
    expect(await connectsAs(port, 'loralab')).toBe('connected');
    await legacy.stop();

    const db = await openDatabase({ dataDir, embeddedPort: port });
    try {
      expect(await connectsAs(port, 'loralab')).toBe('28P01');
      expect(await connectsAs(port, (await readFile(join(dataDir, 'pg-password'), 'utf8')).trim())).toBe('connected');
      const [{ methods }] = await db.dataSource.query(`SELECT array_agg(DISTINCT auth_method) AS methods FROM pg_hba_file_rules`);
      expect(methods).toEqual(['scram-sha-256']);
    } finally {
      await db.close();
    }
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

  it('gives early termination stored before minRuns existed minRuns 1, the behaviour it was created with', async () => {
    const ds = createDataSource(await createTestDatabase('mig_min_runs'));
    // Back to the schema before minRuns: that migration and the ones after it undone.
    const undoMinRuns = async () => {
      for (let i = MIGRATIONS.findIndex((m) => m.name === 'EarlyTerminateMinRuns1764840000000'); i < MIGRATIONS.length; i++) await ds.undoLastMigration();
    };
    await ds.initialize();
    try {
      await ds.runMigrations();
      await undoMinRuns();
      const [{ id: teamId }] = await ds.query(`INSERT INTO team (name) VALUES ('t') RETURNING id`);
      const [{ id: projectId }] = await ds.query(`INSERT INTO project (team_id, name) VALUES ($1, 'p') RETURNING id`, [teamId]);
      const sweep = (name: string, et: object | null) =>
        ds.query(
          `INSERT INTO sweep (team_id, project_id, name, method, base_model, dataset, training, space, early_terminate, run_count)
           VALUES ($1, $2, $3, 'GRID', 'builtin:tiny-llama', 'builtin:topic', '{}', '{}', $4, 0)`,
          [teamId, projectId, name, et && JSON.stringify(et)],
        );
      await sweep('old', { type: 'PARETO', minSteps: 10, eta: 2 });
      await sweep('none', null);
      await ds.runMigrations();
      const rows = await ds.query(`SELECT name, early_terminate AS et FROM sweep ORDER BY name`);
      expect(rows).toEqual([
        { name: 'none', et: null },
        { name: 'old', et: { type: 'PARETO', minSteps: 10, eta: 2, minRuns: 1 } },
      ]);
      // Back down: minRuns goes, and a fractional η (allowed since) becomes the whole number ≥ 2 the old schema takes.
      await sweep('fractional', { type: 'PARETO', minSteps: 10, eta: 1.25, minRuns: 3 });
      await undoMinRuns();
      const down = await ds.query(`SELECT name, early_terminate AS et FROM sweep WHERE name IN ('old', 'fractional') ORDER BY name`);
      expect(down).toEqual([
        { name: 'fractional', et: { type: 'PARETO', minSteps: 10, eta: 2 } },
        { name: 'old', et: { type: 'PARETO', minSteps: 10, eta: 2 } },
      ]);
    } finally {
      await ds.destroy();
    }
  });
});
