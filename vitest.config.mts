import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const r = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// SWC (not esbuild) compiles the sources so that decorator metadata survives for
// type-graphql and TypeORM.
export default defineConfig({
  plugins: [swc.vite({ jsc: { transform: { legacyDecorator: true, decoratorMetadata: true } } })],
  resolve: {
    // graphql must be one realm: the CommonJS build that type-graphql and Apollo load. Vite would
    // otherwise hand our sources (and the ESM build of graphql-ws) graphql's .mjs files, a second copy that rejects the first one's schema.
    alias: [
      { find: /^graphql$/, replacement: r('./node_modules/graphql/index.js') },
      { find: /^graphql-ws\/use\/ws$/, replacement: r('./node_modules/graphql-ws/dist/use/ws.cjs') },
      { find: /^@loralab\/core$/, replacement: r('./libs/core/src/index.ts') },
      { find: /^@loralab\/db$/, replacement: r('./libs/db/src/index.ts') },
      { find: /^@loralab\/ml$/, replacement: r('./libs/ml/src/index.ts') },
      { find: /^@loralab\/client$/, replacement: r('./libs/client/src/index.ts') },
    ],
  },
  test: {
    include: ['apps/*/src/**/*.spec.ts', 'apps/*/test/**/*.spec.ts', 'libs/*/src/**/*.spec.ts', 'libs/*/test/**/*.spec.ts', 'tools/**/*.spec.ts'],
    exclude: ['**/node_modules/**', 'apps/dashboard/**'],
    setupFiles: ['reflect-metadata'],
    // The wasm backend takes one thread per core by default; tests pin two (the threaded build,
    // as on a 2-core CI host) so that what they run does not depend on the host's core count.
    // Tests of the thread count itself set it in the processes they start.
    // Each attempt to start the wasm backend gets 30 s (3 attempts fit in a hook's 120 s; it
    // takes about 1 s).
    env: { LORALAB_WASM_THREADS: process.env.LORALAB_WASM_THREADS ?? '2', LORALAB_BACKEND_INIT_TIMEOUT: '30' },
    globalSetup: ['tools/testing/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
