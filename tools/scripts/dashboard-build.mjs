#!/usr/bin/env node
// The dashboard's production build (`next build`), made once and reused until its sources
// change. `npm start` and the browser tests both serve this build, so users and tests see the
// same pages. Plain Node: also run as `node tools/scripts/dashboard-build.mjs [--force]`.
//
// Staleness is a SHA-256 over the contents of everything the build compiles (the dashboard,
// the libraries it transpiles, the lock file), not mtimes: a git checkout or a copy rewrites
// mtimes without changing a byte (a needless minute-long rebuild), and tools that restore
// mtimes can hide a real change. Hashing these few hundred files takes milliseconds.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const dashboardDir = join(root, 'apps/dashboard');
const stampFile = join(dashboardDir, '.next', 'loralab-sources.sha256');

/** What `next build` reads: the app (not its browser tests or benchmarks), the libraries it transpiles, the dependency versions. */
const INPUTS = ['apps/dashboard', 'libs/client/src', 'libs/core/src', 'package-lock.json'];
const SKIP = new Set(['.next', 'node_modules', 'test', 'bench', 'next-env.d.ts']);

function files(path) {
  const abs = join(root, path);
  if (!existsSync(abs)) return [];
  if (!statSync(abs).isDirectory()) return [abs];
  const out = [];
  for (const e of readdirSync(abs, { withFileTypes: true })) {
    if (SKIP.has(e.name)) continue;
    const p = join(abs, e.name);
    if (e.isDirectory()) out.push(...files(relative(root, p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** SHA-256 of the build's inputs: their paths and contents. */
export function sourcesHash() {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap(files).sort()) {
    hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

/** Whether `.next` holds a finished build of the current sources. */
export function buildIsCurrent(hash = sourcesHash()) {
  return existsSync(join(dashboardDir, '.next', 'BUILD_ID')) && existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === hash;
}

/**
 * Builds the dashboard unless the build in `.next` is of the current sources. Next's own
 * progress (compiling, type checking, generating pages) goes to `stdio` (default: inherited).
 * Resolves with whether it built; rejects when the build fails or `signal` aborts it.
 */
export async function ensureDashboardBuild({ force = false, log = (m) => process.stdout.write(`${m}\n`), stdio = 'inherit', signal } = {}) {
  const hash = sourcesHash();
  if (!force && buildIsCurrent(hash)) return false;
  const next = createRequire(join(root, 'package.json')).resolve('next/dist/bin/next');
  const started = Date.now();
  log(`building the dashboard for production (${existsSync(stampFile) ? 'its sources changed' : 'first start'}; about a minute)…`);
  const child = spawn(process.execPath, [next, 'build'], {
    cwd: dashboardDir,
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    stdio,
    signal,
  });
  const code = await new Promise((ok, fail) => {
    child.once('error', fail);
    child.once('exit', (c, signal) => ok(signal ?? c));
  });
  if (code !== 0) throw new Error(`next build failed (${code}); run it alone to see why: cd apps/dashboard && npx next build`);
  writeFileSync(stampFile, `${hash}\n`);
  log(`dashboard built in ${Math.round((Date.now() - started) / 1000)} s; reused until its sources change`);
  return true;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureDashboardBuild({ force: process.argv.includes('--force'), log: (m) => process.stdout.write(`[dashboard] ${m}\n`) }).then(
    (built) => built || process.stdout.write('[dashboard] the build is current\n'),
    (err) => {
      process.stderr.write(`[dashboard] ${err.message}\n`);
      process.exit(1);
    },
  );
}
