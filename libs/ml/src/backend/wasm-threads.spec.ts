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

/**
 * Initialises the wasm backend twice in a fresh Node process and runs a matmul on it; prints each
 * outcome as JSON (and a message if a hook of the loader is still installed at the end); with
 * `concurrently`, both at once. With `dropLoads`, the first that many `load` messages Emscripten posts to its
 * pthread workers are dropped: those workers never report in, as a worker that hangs would not.
 * The process is left to exit by itself (a worker kept referenced would hold it until the timeout).
 */
function initTwice(env: Record<string, string>, dropLoads = 0, concurrently = false): { outcomes: Outcome[]; stderr: string } {
  const script = `
    const wt = require('node:worker_threads');
    const post = wt.Worker.prototype.postMessage;
    let dropped = 0;
    wt.Worker.prototype.postMessage = function (m, t) {
      if (m && m.cmd === 'load' && dropped < ${dropLoads}) { dropped++; return; }
      return post.call(this, m, t);
    };
    const { initBackend, wasmThreadCount } = require(${JSON.stringify(join(ROOT, 'libs/ml/src/index.ts'))});
    const tf = require('@tensorflow/tfjs-core');
    const BlobBefore = globalThis.Blob;
    const once = async () => {
      try {
        const ok = await initBackend('wasm');
        return { ok, threads: wasmThreadCount(), sum: tf.matMul([[1, 2]], [[3], [4]]).dataSync()[0] };
      } catch (e) { return { code: e.code, message: e.message }; }
    };
    (async () => {
      const out = ${concurrently} ? await Promise.all([once(), once()]) : [await once(), await once()];
      if (globalThis.Blob !== BlobBefore || wt.Worker.name !== 'Worker') out.push({ message: 'a hook is still installed' });
      process.stdout.write(JSON.stringify(out));
    })();`;
  const r = spawnSync(process.execPath, ['-r', join(ROOT, 'tools/scripts/register.cjs'), '-e', script], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 110_000,
  });
  if (r.status !== 0) throw new Error(`the process ended with ${r.status ?? r.signal}: ${r.stderr}`);
  return { outcomes: JSON.parse(r.stdout.slice(r.stdout.indexOf('[{'))), stderr: r.stderr };
}

describe("the wasm backend's threaded build", () => {
  it('initialises with the threads asked for', () => {
    expect(initTwice({ LORALAB_WASM_THREADS: '2' }).outcomes).toEqual([
      { ok: 'wasm', threads: 2, sum: 11 },
      { ok: 'wasm', threads: 2, sum: 11 },
    ]);
  });

  it('asked for by two callers at once is initialised once, for both, and leaves no hook installed', () => {
    expect(initTwice({ LORALAB_WASM_THREADS: '2' }, 0, true).outcomes).toEqual([
      { ok: 'wasm', threads: 2, sum: 11 },
      { ok: 'wasm', threads: 2, sum: 11 },
    ]);
  });

  it('whose pthread worker never reports in is abandoned and made again, with a warning saying so', () => {
    const { outcomes, stderr } = initTwice({ LORALAB_WASM_THREADS: '2', LORALAB_BACKEND_INIT_TIMEOUT: '10' }, 1);
    expect(outcomes).toEqual([
      { ok: 'wasm', threads: 2, sum: 11 },
      { ok: 'wasm', threads: 2, sum: 11 },
    ]);
    expect(stderr).toContain(
      "loralab: the wasm backend's threaded build initialised on attempt 2 (threaded attempt 1 (2 threads) did not initialise within 10 s (8 pool workers started, 7 reported in))",
    );
  });

  it('that never initialises falls back to the single-threaded build, with a warning listing the attempts', () => {
    const { outcomes, stderr } = initTwice({ LORALAB_WASM_THREADS: '2', LORALAB_BACKEND_INIT_TIMEOUT: '5' }, Infinity);
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
});
