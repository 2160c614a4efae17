import 'reflect-metadata';
import { openDatabase } from '@loralab/db';
import pino from 'pino';
import { ApiKeyService } from './auth/api-key.service';
import { loadConfig } from './config';
import { startApiServer } from './server';

async function main() {
  const config = loadConfig();
  const logger = pino({ level: config.logLevel, name: 'loralab-api' });
  const db = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    embeddedPort: config.embeddedPgPort,
    onLog: (line) => logger.debug({ postgres: line }),
  });
  logger.info({ embedded: db.embedded, dataDir: config.dataDir }, 'database ready, migrations applied');

  const boot = await new ApiKeyService(db.dataSource).bootstrap({
    dataDir: config.dataDir,
    adminSecret: config.adminKey,
  });
  if (boot?.file) {
    // Printed once, on first start; afterwards only the file (mode 0600) holds it.
    process.stdout.write(
      `\n  Instance admin key (shown once, also saved to ${boot.file}):\n\n    ${boot.secret}\n\n`,
    );
  } else if (boot) {
    logger.info('instance admin key created from LORALAB_ADMIN_KEY');
  }

  const server = await startApiServer({
    db: db.dataSource,
    dbUrl: db.url,
    logger,
    port: config.port,
    host: config.host,
    leaseSeconds: config.leaseSeconds,
    reaperIntervalMs: config.reaperIntervalMs,
    production: config.production,
    limits: config.limits,
  });
  logger.info({ url: `http://localhost:${server.port}/graphql` }, 'loralab API listening');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await server.close().catch((err) => logger.error({ err }, 'error while closing the server'));
    await db.close().catch((err) => logger.error({ err }, 'error while closing the database'));
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err) => {
  process.stderr.write(`loralab API failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  if (err instanceof Error && err.cause) process.stderr.write(`  cause: ${String(err.cause)}\n`);
  process.exit(1);
});
