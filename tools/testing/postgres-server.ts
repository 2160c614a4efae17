/**
 * The test run's PostgreSQL, in a process of its own (it outlives the test files, each of which
 * the runner forks). Prints `READY <url>` once the server accepts connections; restarts it if it
 * dies (the watchdog of startEmbeddedPostgres); stops it on SIGTERM.
 */
// A test-only cycle: libs/db's own tests start their PostgreSQL through this harness.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { startEmbeddedPostgres } from '@loralab/db';

async function main() {
  const [dataDir, port] = process.argv.slice(2);
  const pg = await startEmbeddedPostgres({ dataDir, port: Number(port), database: 'postgres' });
  process.stdout.write(`READY ${pg.url}\n`);
  // Stay up until SIGTERM, also while the server is down and its watchdog restarts it.
  const alive = setInterval(() => undefined, 1 << 30);
  process.on('SIGTERM', () => {
    clearInterval(alive);
    void pg.stop().then(() => process.exit(0));
  });
}

main().catch((err) => {
  process.stderr.write(`the test PostgreSQL did not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
