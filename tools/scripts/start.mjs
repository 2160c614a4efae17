#!/usr/bin/env node
// `npm start`: the API on the embedded PostgreSQL (data in .loralab/), the dashboard's
// production build (`next start`; built on first start and whenever its sources change, see
// dashboard-build.mjs), and one local training agent using the bootstrap admin key.
// Ctrl-C (or SIGTERM) stops them all: the agent hands its run back, then the API closes.
/* global fetch, setTimeout, AbortController -- Node 20 globals */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dashboardDir, ensureDashboardBuild } from './dashboard-build.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dataDir = resolve(root, process.env.LORALAB_DATA_DIR ?? '.loralab');
const apiPort = Number(process.env.PORT ?? 4000);
const dashboardPort = Number(process.env.DASHBOARD_PORT ?? 3000);
const apiUrl = `http://localhost:${apiPort}/graphql`;
const children = new Map();
/** Aborts the dashboard build when stopping during it. */
const building = new AbortController();
let stopping = false;

function log(msg) {
  process.stdout.write(`[start] ${msg}\n`);
}

function run(name, args, env = {}) {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, LORALAB_DATA_DIR: dataDir, ...env },
    stdio: 'inherit',
    // Own process group: a terminal's Ctrl-C reaches only this launcher, which stops the
    // children once each and in order (a second signal would make the agent exit at once).
    detached: true,
  });
  children.set(name, child);
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (!stopping) {
      log(`${name} exited (${signal ?? code}); stopping everything`);
      void stop(code || 1);
    } else if (children.size === 0) process.exit(process.exitCode ?? 0);
  });
  return child;
}

async function waitForHealth(timeoutMs = 120_000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (stopping) return false;
    try {
      const r = await fetch(`http://localhost:${apiPort}/healthz`);
      if (r.ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

function adminKey() {
  if (process.env.LORALAB_ADMIN_KEY) return process.env.LORALAB_ADMIN_KEY;
  const file = join(dataDir, 'admin-key');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}

/** Agent and dashboard first (the agent checkpoints and hands its run back), the API last. */
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  process.exitCode = code;
  building.abort();
  const order = ['agent', 'dashboard', 'api'];
  for (const name of order) {
    const child = children.get(name);
    if (!child) continue;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timeout = new Promise((r) => setTimeout(r, name === 'agent' ? 60_000 : 20_000, 'timeout'));
    if ((await Promise.race([exited, timeout])) === 'timeout') child.kill('SIGKILL');
  }
  process.exit(code);
}

let interrupts = 0;
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    if (++interrupts > 1) {
      for (const c of children.values()) c.kill('SIGKILL');
      process.exit(130);
    }
    log(`${sig}: stopping the agent, the dashboard and the API (again to force)`);
    void stop(0);
  });
}

const register = join(root, 'tools/scripts/register.cjs');
log(`starting the API on port ${apiPort} (data in ${dataDir})`);
run('api', ['-r', register, join(root, 'apps/api/src/main.ts')], { PORT: String(apiPort) });
// The build (a minute, on first start only) runs while the API starts.
const built = ensureDashboardBuild({ log, signal: building.signal }).then(
  () => true,
  (err) => {
    if (!stopping) log(`${err.message}; continuing without the dashboard`);
    return false;
  },
);
if (!(await waitForHealth())) {
  log('the API did not become healthy');
  await stop(1);
}
const key = adminKey();
if (!key) {
  log(`no admin key: set LORALAB_ADMIN_KEY or check ${join(dataDir, 'admin-key')}`);
  await stop(1);
}

log('starting one local agent');
run('agent', [join(root, 'apps/agent/bin/loralab.js'), 'agent', '--name', 'local'], {
  LORALAB_API_URL: apiUrl,
  LORALAB_API_KEY: key,
});

if ((await built) && !stopping) {
  log(`starting the dashboard on http://localhost:${dashboardPort}`);
  run('dashboard', [join(root, 'node_modules/next/dist/bin/next'), 'start', dashboardDir, '-p', String(dashboardPort)], {
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    LORALAB_API_URL: apiUrl,
    // Local mode: the dashboard signs in with the bootstrap key, no sign-in page.
    LORALAB_LOCAL_API_KEY: key,
  });
}
if (!stopping) {
  log(
    `ready: dashboard http://localhost:${dashboardPort}, API ${apiUrl}. ` +
      `Try: npx loralab sweep create -f examples/qlora-sweep.yaml (LORALAB_API_KEY from ${join(dataDir, 'admin-key')})`,
  );
}
