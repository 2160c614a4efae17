// Benchmark: largest contentful paint of a sweep page with 1,000 finished runs, in headless
// Chromium, against the real API and PostgreSQL. Prints figures; asserts nothing.
//   npm run bench:dashboard            (builds the dashboard unless its build is current)
import { LoralabClient } from '@loralab/client';
import { launch } from '../test/support/browser';
import { seedSweep } from '../test/support/seed';
import { ADMIN_KEY, buildDashboard, startApi, startDashboard } from '../test/support/servers';

const LOADS = Number(process.env.BENCH_LOADS ?? 7);

async function main() {
  const api = await startApi();
  let dash: Awaited<ReturnType<typeof startDashboard>> | undefined;
  let browser: Awaited<ReturnType<typeof launch>> | undefined;
  try {
    buildDashboard();
    const client = new LoralabClient({ url: api.graphqlUrl, apiKey: ADMIN_KEY });
    const t0 = Date.now();
    // 10 ranks × 5 bases × 4 target sets × 5 learning rates = 1,000 runs, all finished.
    const seeded = await seedSweep(client, {
      projectName: 'bench',
      sweepName: 'bench-1000-runs',
      ranks: [1, 2, 4, 8, 16, 24, 32, 48, 64, 128],
      quantization: ['FP32', 'FP16', 'INT8', 'INT4', 'NF4'],
      targetModules: [['Q_PROJ', 'V_PROJ'], ['Q_PROJ', 'K_PROJ', 'V_PROJ', 'O_PROJ'], ['GATE_PROJ', 'UP_PROJ', 'DOWN_PROJ'], ['Q_PROJ', 'K_PROJ', 'V_PROJ', 'O_PROJ', 'GATE_PROJ', 'UP_PROJ', 'DOWN_PROJ']],
      learningRates: [0.0001, 0.0002, 0.0005, 0.001, 0.002],
    });
    console.error(`seeded ${seeded.runIds.length} finished runs in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    dash = await startDashboard(api.graphqlUrl);
    browser = await launch();
    const host = new URL(dash.url).hostname;
    await browser.context.addCookies([{ name: 'loralab_key', value: ADMIN_KEY, domain: host, path: '/', httpOnly: true }]);
    const url = `${dash.url}/sweeps/${encodeURIComponent(seeded.sweepId)}`;
    const samples: number[] = [];
    for (let i = 0; i < LOADS; i++) {
      const page = await browser.context.newPage();
      await page.goto(url, { waitUntil: 'load' });
      await page.getByRole('img', { name: /Accuracy against peak memory for 1000 runs/ }).waitFor({ timeout: 60_000 });
      const lcp = await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            new PerformanceObserver((list) => {
              const entries = list.getEntries();
              resolve(entries[entries.length - 1].startTime);
            }).observe({ type: 'largest-contentful-paint', buffered: true });
          }),
      );
      await page.close();
      if (i > 0) samples.push(lcp); // the first load warms the server
    }
    samples.sort((a, b) => a - b);
    const median = samples[Math.floor(samples.length / 2)];
    console.log(
      JSON.stringify({ page: 'sweep with 1000 finished runs', loads: samples.length, lcpMsMedian: Math.round(median), lcpMsMin: Math.round(samples[0]), lcpMsMax: Math.round(samples[samples.length - 1]) }),
    );
  } finally {
    await browser?.close();
    await dash?.stop();
    await api.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
