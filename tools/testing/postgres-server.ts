/**
 * The test run's PostgreSQL, in a process of its own (it outlives the test files, each of which
 * the runner forks). Prints `READY <url>` once the server accepts connections; stops it on SIGTERM.
 */
import { startEmbeddedPostgres } from '../../libs/db/src/embedded-postgres';

async function main() {
  const [dataDir, port] = process.argv.slice(2);
  const pg = await startEmbeddedPostgres({ dataDir, port: Number(port), database: 'postgres' });
  process.stdout.write(`READY ${pg.url}\n`);
  process.on('SIGTERM', () => {
    void pg.stop().then(() => process.exit(0));
  });
}

main().catch((err) => {
  process.stderr.write(`the test PostgreSQL did not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
