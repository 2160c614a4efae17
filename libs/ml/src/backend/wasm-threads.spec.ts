import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..', '..', '..');

interface Outcome {
  ok?: string;
  threads?: number;
  sum?: number;
  code?: string;
  message?: string;
}

interface Faults {
  /** The first that many `load` messages Emscripten posts to its pthread workers are dropped: those workers never report in, as a worker that hangs would not. */
  dropLoads?: number;
  /** The first `WebAssembly.instantiate` answers this many ms late: its attempt times out and finishes after all. */
  delayFirstInstantiateMs?: number;
  /** Both initialisations at once. */
  concurrently?: boolean;
}

/**
 * Initialises the wasm backend twice in a fresh Node process and runs a matmul on it; prints each
 * outcome as JSON. Then, 5 s later when an instantiation is delayed, a last line checks the
 * process: the backend still computes, a listener of its own is still there, no hook of the
 * loader is left installed. The process is left to exit by itself (a worker kept referenced would
 * hold it until the timeout).
 */
function initTwice(env: Record<string, string>, faults: Faults = {}): { outcomes: Outcome[]; after: Record<string, unknown>; stderr: string } {
  const script = `
    const wt = require('node:worker_threads');
    const os = require('node:os');
    const post = wt.Worker.prototype.postMessage;
    let dropped = 0;
    wt.Worker.prototype.postMessage = function (m, t) {
      if (m && m.cmd === 'load' && dropped < ${faults.dropLoads ?? 0}) { dropped++; return; }
      return post.call(this, m, t);
    };
    const instantiate = WebAssembly.instantiate;
    let delayed = ${faults.delayFirstInstantiateMs ?? 0};
    WebAssembly.instantiate = function (...args) {
      const ms = delayed;
      delayed = 0;
      return ms ? new Promise((r) => setTimeout(r, ms)).then(() => instantiate.apply(this, args)) : instantiate.apply(this, args);
    };
    const mine = () => {};
    process.on('uncaughtException', mine);
    const { initBackend, wasmThreadCount } = require(${JSON.stringify(join(ROOT, 'libs/ml/src/index.ts'))});
    const tf = require('@tensorflow/tfjs-core');
    const before = [globalThis.Blob, URL.createObjectURL, os.cpus, wt.Worker, globalThis.Worker];
    const once = async () => {
      try {
        const ok = await initBackend('wasm');
        return { ok, threads: wasmThreadCount(), sum: tf.matMul([[1, 2]], [[3], [4]]).dataSync()[0] };
      } catch (e) { return { code: e.code, message: e.message }; }
    };
    (async () => {
      const out = ${faults.concurrently ? 'true' : 'false'} ? await Promise.all([once(), once()]) : [await once(), await once()];
      if (${faults.delayFirstInstantiateMs ?? 0}) await new Promise((r) => setTimeout(r, 5000));
      const now = [globalThis.Blob, URL.createObjectURL, os.cpus, wt.Worker, globalThis.Worker];
      // Emscripten sets globalThis.Worker to worker_threads' Worker; any other change is a hook left behind.
      const hooks = now.filter((v, i) => v !== before[i] && !(i === 4 && v === wt.Worker)).length;
      let sum = null;
      try { sum = tf.matMul([[1, 2]], [[3], [4]]).dataSync()[0]; } catch {}
      const after = { sum, listenerKept: process.listeners('uncaughtException').includes(mine), hooks };
      process.stdout.write(JSON.stringify({ out, after }));
    })();`;
  const r = spawnSync(process.execPath, ['-r', join(ROOT, 'tools/scripts/register.cjs'), '-e', script], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 110_000,
  });
  if (r.status !== 0) throw new Error(`the process ended with ${r.status ?? r.signal}: ${r.stderr}`);
  const { out, after } = JSON.parse(r.stdout.slice(r.stdout.indexOf('{"out"')));
  return { outcomes: out, after, stderr: r.stderr };
}

const HEALTHY = { sum: 11, listenerKept: true, hooks: 0 };

describe("the wasm backend's threaded build", () => {
  it('initialises with the threads asked for, and leaves no hook installed', () => {
    const { outcomes, after } = initTwice({ LORALAB_WASM_THREADS: '2' });
    expect(outcomes).toEqual([
      { ok: 'wasm', threads: 2, sum: 11 },
      { ok: 'wasm', threads: 2, sum: 11 },
    ]);
    expect(after).toEqual(HEALTHY);
  });

  it('asked for by two callers at once is initialised once, for both, and leaves no hook installed', () => {
    const { outcomes, after } = initTwice({ LORALAB_WASM_THREADS: '2' }, { concurrently: true });
    expect(outcomes).toEqual([
      { ok: 'wasm', threads: 2, sum: 11 },
      { ok: 'wasm', threads: 2, sum: 11 },
    ]);
    expect(after).toEqual(HEALTHY);
  });

  it('whose pthread worker never reports in is abandoned and made again, with a warning saying so', () => {
    const { outcomes, after, stderr } = initTwice({ LORALAB_WASM_THREADS: '2', LORALAB_BACKEND_INIT_TIMEOUT: '10' }, { dropLoads: 1 });
    expect(after).toEqual(HEALTHY);
    expect(outcomes).toEqual([
      { ok: 'wasm', threads: 2, sum: 11 },
      { ok: 'wasm', threads: 2, sum: 11 },
    ]);
    expect(stderr).toContain(
      "loralab: the wasm backend's threaded build initialised on attempt 2 (threaded attempt 1 (2 threads) did not initialise within 10 s (8 pool workers started, 7 reported in))",
    );
  });

  it('that never initialises falls back to the single-threaded build, with a warning listing the attempts', () => {
    const { outcomes, after, stderr } = initTwice({ LORALAB_WASM_THREADS: '2', LORALAB_BACKEND_INIT_TIMEOUT: '5' }, { dropLoads: Infinity });
    expect(after).toEqual(HEALTHY);
    expect(outcomes).toEqual([
      { ok: 'wasm', threads: 1, sum: 11 },
      { ok: 'wasm', threads: 1, sum: 11 },
    ]);
    expect(stderr).toContain(
      "loralab: the wasm backend runs single-threaded: threaded attempt 1 (2 threads) did not initialise within 5 s (8 pool workers started, 0 reported in); " +
        'threaded attempt 2 (2 threads) did not initialise within 5 s (8 pool workers started, 0 reported in). LORALAB_WASM_THREADS=1 skips the threaded build',
    );
  });

  it('that initialises in no attempt fails with BACKEND_UNAVAILABLE listing them, every time it is asked, instead of hanging', () => {
    const { outcomes } = initTwice({ LORALAB_WASM_THREADS: '2', LORALAB_BACKEND_INIT_TIMEOUT: '0.001' });
    expect(outcomes).toHaveLength(2);
    for (const o of outcomes) {
      expect(o.code).toBe('BACKEND_UNAVAILABLE');
      expect(o.message).toMatch(
        /^the wasm backend did not initialise: threaded attempt 1 \(2 threads\) did not initialise within 0\.001 s \(8 pool workers started, \d reported in\); threaded attempt 2 \(2 threads\) did not initialise within 0\.001 s \(8 pool workers started, \d reported in\); single-threaded attempt did not initialise within 0\.001 s \(LORALAB_BACKEND_INIT_TIMEOUT is the seconds each attempt may take\)$/,
      );
    }
  });

  it('whose attempt finishes after it was abandoned discards that backend and keeps the process as it was', () => {
    // One thread: the single-threaded attempt alone, whose late instantiation finishes 2 s after
    // its 1 s; the second initBackend call makes the backend in use.
    const { outcomes, after } = initTwice({ LORALAB_WASM_THREADS: '1', LORALAB_BACKEND_INIT_TIMEOUT: '1' }, { delayFirstInstantiateMs: 3000 });
    expect(outcomes).toEqual([
      {
        code: 'BACKEND_UNAVAILABLE',
        message:
          'the wasm backend did not initialise: single-threaded attempt did not initialise within 1 s (LORALAB_BACKEND_INIT_TIMEOUT is the seconds each attempt may take)',
      },
      { ok: 'wasm', threads: 1, sum: 11 },
    ]);
    // Emscripten's dispose of the late backend removed every uncaughtException listener.
    expect(after).toEqual(HEALTHY);
  });
});
