/**
 * `hyparquet` and `hyparquet-compressors` are ES modules only; this project compiles to
 * CommonJS, and Node (>= 20.19) `require`s ES modules without top-level await synchronously,
 * so they are required here, typed from their declarations.
 */
import type * as Hyparquet from 'hyparquet' with { 'resolution-mode': 'import' };
import type * as HyparquetCompressors from 'hyparquet-compressors' with { 'resolution-mode': 'import' };

/* eslint-disable @typescript-eslint/no-require-imports */
export const { parquetMetadata, parquetReadObjects } = require('hyparquet') as typeof Hyparquet;
export const { compressors } = require('hyparquet-compressors') as typeof HyparquetCompressors;
/* eslint-enable @typescript-eslint/no-require-imports */
export type { FileMetaData } from 'hyparquet' with { 'resolution-mode': 'import' };
