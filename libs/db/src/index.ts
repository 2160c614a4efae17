export * from './entities';
export { MIGRATIONS } from './migrations';
export { createDataSource, openDatabase, type Database, type DatabaseOptions } from './data-source';
export { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';
