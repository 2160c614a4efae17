import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const r = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// The dashboard's own suite: unit specs beside the code and the browser tests in test/ (real
// API, real PostgreSQL, real Chromium). Run from the repo root by `npm test`.
export default defineConfig({
  root: r('../..'),
  resolve: {
    alias: {
      '@loralab/client': r('../../libs/client/src/index.ts'),
      '@loralab/core': r('../../libs/core/src/index.ts'),
      '@/': r('./src/'),
    },
  },
  test: {
    include: ['apps/dashboard/src/**/*.spec.ts', 'apps/dashboard/test/**/*.spec.ts'],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
