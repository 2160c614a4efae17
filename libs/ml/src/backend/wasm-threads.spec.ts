import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..', '..', '..');

/** Initialises the wasm backend twice in a fresh Node process; prints each outcome as JSON. */
function initTwice(env: Record<string, string>): { ok?: string; threads?: number; code?: string; message?: string }[] {
  const script = `
    const { initBackend, wasmThreadCount } = require(${JSON.stringify(join(ROOT, 'libs/ml/src/index.ts'))});
    (async () => {
      const out = [];
      for (let i = 0; i < 2; i++) {
        try { out.push({ ok: await initBackend('wasm'), threads: wasmThreadCount() }); }
        catch (e) { out.push({ code: e.code, message: e.message }); }
      }
      process.stdout.write(JSON.stringify(out));
      process.exit(0);
    })();`;
  const stdout = execFileSync(process.execPath, ['-r', join(ROOT, 'tools/scripts/register.cjs'), '-e', script], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return JSON.parse(stdout.slice(stdout.indexOf('[{')));
}

describe("the wasm backend's threaded build", () => {
  it('initialises with the threads asked for', () => {
    expect(initTwice({ LORALAB_WASM_THREADS: '2' })).toEqual([
      { ok: 'wasm', threads: 2 },
      { ok: 'wasm', threads: 2 },
    ]);
  });

  it('that does not initialise in time fails with BACKEND_UNAVAILABLE naming the timeout, and keeps failing (tfjs stays pending), instead of hanging', () => {
    const message =
      "the wasm backend's threaded build (2 threads) did not initialise within 0.001 s (LORALAB_BACKEND_INIT_TIMEOUT); LORALAB_WASM_THREADS=1 loads the single-threaded build";
    expect(initTwice({ LORALAB_WASM_THREADS: '2', LORALAB_BACKEND_INIT_TIMEOUT: '0.001' })).toEqual([
      { code: 'BACKEND_UNAVAILABLE', message },
      { code: 'BACKEND_UNAVAILABLE', message },
    ]);
  });
});
