import { Worker } from 'node:worker_threads';

/** What the probe saw: every probe's latency in ms, and the probes that did not answer 200. */
export interface HealthzSamples {
  latenciesMs: number[];
  failures: string[];
}

// Plain JavaScript, run as a worker thread of its own: its timers and its clock do not wait for
// the test's event loop (building and parsing megabyte bodies), so a sample measures the API alone.
// A probe starts every `intervalMs` whether or not the previous one has answered, so a stall of
// the API shows as every probe sent during it, not as one late sample.
const PROBE = `
const { parentPort, workerData } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
const latenciesMs = [];
const failures = [];
const pending = new Set();
const probe = () => {
  const t = performance.now();
  const p = fetch(workerData.url)
    .then(async (res) => {
      await res.arrayBuffer();
      latenciesMs.push(performance.now() - t);
      if (res.status !== 200) failures.push('HTTP ' + res.status);
    })
    .catch((err) => failures.push(String(err && err.message)))
    .finally(() => pending.delete(p));
  pending.add(p);
};
let timer;
// The first fetch of a thread loads its HTTP client: not a sample.
fetch(workerData.url).then((res) => res.arrayBuffer()).then(() => {
  timer = setInterval(probe, workerData.intervalMs);
  probe();
  parentPort.postMessage('started');
});
parentPort.on('message', async () => {
  clearInterval(timer);
  await Promise.all([...pending]);
  parentPort.postMessage({ latenciesMs, failures });
});
`;

export interface HealthzProbe {
  stop(): Promise<HealthzSamples>;
}

/** Probes `url` (the API's /healthz) every `intervalMs` from a worker thread until stop(); resolves once probing. */
export async function probeHealthz(url: string, intervalMs: number): Promise<HealthzProbe> {
  const worker = new Worker(PROBE, { eval: true, workerData: { url, intervalMs } });
  let started!: () => void;
  const running = new Promise<void>((resolve) => (started = resolve));
  const result = new Promise<HealthzSamples>((resolve, reject) => {
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

/** Median, p99 and maximum of the latencies, in ms. */
export function latencyFigures(latenciesMs: readonly number[]): { samples: number; median: number; p99: number; max: number } {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
  return { samples: sorted.length, median: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] };
}
