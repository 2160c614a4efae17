/**
 * `npm run migration:revert`: undoes the most recent migration on DATABASE_URL, or on the
 * embedded server in LORALAB_DATA_DIR (default .loralab) when it is unset.
 */
import { resolve } from 'node:path';
import { createDataSource } from '../data-source';
import { startEmbeddedPostgres } from '../embedded-postgres';

async function main() {
  const embedded = process.env.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({
        dataDir: resolve(process.env.LORALAB_DATA_DIR ?? '.loralab'),
        port: Number(process.env.LORALAB_PG_PORT ?? 54329),
      });
  const ds = createDataSource(process.env.DATABASE_URL ?? embedded!.url);
  await ds.initialize();
  try {
    await ds.undoLastMigration({ transaction: 'each' });
    process.stdout.write('reverted the last migration\n');
  } finally {
    await ds.destroy();
    await embedded?.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`migration:revert failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
