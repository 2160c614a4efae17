import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';

/** What the probe saw of one URL: every probe's latency in ms, and the probes that did not answer 200. */
export interface ProbeSamples {
  latenciesMs: number[];
  failures: string[];
}

// Plain JavaScript, run as a worker thread of its own: its timers and its clock do not wait for
// the test's event loop (building and parsing megabyte bodies), so a sample measures the server alone.
// A probe of each URL starts every `intervalMs` whether or not the previous one has answered, so a
// stall shows as every probe sent during it, not as one late sample.
const PROBE = `
const { parentPort, workerData } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
const samples = workerData.urls.map(() => ({ latenciesMs: [], failures: [] }));
const pending = new Set();
const probe = () => {
  workerData.urls.forEach((url, i) => {
    const t = performance.now();
    const p = fetch(url)
      .then(async (res) => {
        await res.arrayBuffer();
        samples[i].latenciesMs.push(performance.now() - t);
        if (res.status !== 200) samples[i].failures.push('HTTP ' + res.status);
      })
      .catch((err) => samples[i].failures.push(String(err && err.message)))
      .finally(() => pending.delete(p));
    pending.add(p);
  });
};
let timer;
// The first fetch of a thread loads its HTTP client: not a sample.
Promise.all(workerData.urls.map((url) => fetch(url).then((res) => res.arrayBuffer()))).then(() => {
  timer = setInterval(probe, workerData.intervalMs);
  probe();
  parentPort.postMessage('started');
});
parentPort.on('message', async () => {
  clearInterval(timer);
  await Promise.all([...pending]);
  parentPort.postMessage(samples);
});
`;

export interface Probe {
  /** Stops probing; the samples of each URL, in the order given. */
  stop(): Promise<ProbeSamples[]>;
}

/** Probes each of `urls` every `intervalMs` from a worker thread until stop(); resolves once probing. */
export async function probeUrls(urls: string[], intervalMs: number): Promise<Probe> {
  const worker = new Worker(PROBE, { eval: true, workerData: { urls, intervalMs } });
  let started!: () => void;
  const running = new Promise<void>((resolve) => (started = resolve));
  const result = new Promise<ProbeSamples[]>((resolve, reject) => {
    worker.on('message', (m) => (m === 'started' ? started() : resolve(m)));
    worker.once('error', reject);
  });
  await Promise.race([running, result]);
  return {
    async stop() {
      worker.postMessage('stop');
      const samples = await result;
      await worker.terminate();
      return samples;
    },
  };
}

/**
 * A bare HTTP server (plain Node, answering `ok`) in a process of its own: probed beside /healthz,
 * it shows how much of a slow sample the machine itself (other processes, the scheduler) accounts for.
 */
export async function controlServer(): Promise<{ url: string; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['-e', `require('node:http').createServer((q, s) => s.end('ok')).listen(0, '127.0.0.1', function () { console.log('PORT ' + this.address().port); })`],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise<string>((ok, fail) => {
    createInterface({ input: child.stdout! }).on('line', (line) => line.startsWith('PORT ') && ok(line.slice(5)));
    child.once('exit', (c) => fail(new Error(`the control server exited with ${c}`)));
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    async stop() {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}

/** Median, p95, p99 and maximum of the latencies, in ms. */
export function latencyFigures(latenciesMs: readonly number[]): { samples: number; median: number; p95: number; p99: number; max: number } {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
  return { samples: sorted.length, median: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[sorted.length - 1] };
}

export const describeFigures = (f: ReturnType<typeof latencyFigures>) =>
  `${f.samples} samples, median ${f.median.toFixed(1)} ms, p95 ${f.p95.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms, max ${f.max.toFixed(1)} ms`;
