import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const r = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// SWC (not esbuild) compiles the sources so that decorator metadata survives for
// type-graphql and TypeORM.
export default defineConfig({
  plugins: [swc.vite({ jsc: { transform: { legacyDecorator: true, decoratorMetadata: true } } })],
  resolve: {
    alias: {
      // Its ESM build imports graphql/index.mjs, a second graphql realm beside the CommonJS one
      // that type-graphql uses; production (CommonJS) loads this same file.
      'graphql-query-complexity': r('./node_modules/graphql-query-complexity/dist/cjs/index.js'),
      '@loralab/core': r('./libs/core/src/index.ts'),
      '@loralab/db': r('./libs/db/src/index.ts'),
      '@loralab/ml': r('./libs/ml/src/index.ts'),
      '@loralab/client': r('./libs/client/src/index.ts'),
    },
  },
  test: {
    include: ['apps/*/src/**/*.spec.ts', 'apps/*/test/**/*.spec.ts', 'libs/*/src/**/*.spec.ts', 'libs/*/test/**/*.spec.ts', 'tools/**/*.spec.ts'],
    exclude: ['**/node_modules/**', 'apps/dashboard/**'],
    setupFiles: ['reflect-metadata'],
    globalSetup: ['tools/testing/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
