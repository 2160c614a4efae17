import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { startEmbeddedPostgres } from './embedded-postgres';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export interface DatabaseOptions {
  /** A PostgreSQL connection string; without one an embedded server is started in `dataDir`. */
  url?: string;
  /** Where the embedded server keeps its files. */
  dataDir: string;
  /** Port of the embedded server. */
  embeddedPort?: number;
  /** Connections in the pool. */
  poolSize?: number;
  onLog?: (line: string) => void;
}

export interface Database {
  dataSource: DataSource;
  /** The connection string in use (the embedded server's when no URL was given). */
  url: string;
  embedded: boolean;
  close(): Promise<void>;
}

export function createDataSource(url: string, poolSize = 20): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    extra: { max: poolSize },
  });
}

/** Connects (starting the embedded server when needed) and applies pending migrations. */
export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  const embedded = opts.url
    ? undefined
    : await startEmbeddedPostgres({
        dataDir: opts.dataDir,
        port: opts.embeddedPort ?? 54329,
        onLog: opts.onLog,
      });
  const url = opts.url ?? embedded!.url;
  const dataSource = createDataSource(url, opts.poolSize);
  try {
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
  } catch (err) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
    throw err;
  }
  let closing: Promise<void> | undefined;
  return {
    dataSource,
    url,
    embedded: !!embedded,
    // Idempotent: a second call waits for the first.
    close: () =>
      (closing ??= (async () => {
        if (dataSource.isInitialized) await dataSource.destroy();
        await embedded?.stop();
      })()),
  };
}
