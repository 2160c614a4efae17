import type { CodegenConfig } from '@graphql-codegen/cli';

// Every GraphQL operation of the agent, the CLI and the dashboard is a `graphql(...)` document
// in its source file. graphql-codegen's client preset validates each one against the committed
// schema.graphql (a misspelt field fails `npm run codegen` and `npm run codegen:check`) and
// writes the result and variable types beside the `graphql()` function of @loralab/client.
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: [
    'libs/client/src/**/*.ts',
    'apps/agent/{src,test}/**/*.ts',
    'apps/dashboard/{src,test,bench}/**/*.{ts,tsx}',
    '!libs/client/src/generated/**',
  ],
  generates: {
    'libs/client/src/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        // Documents as strings: the client posts them with fetch, no graphql AST at run time.
        documentMode: 'string',
        enumsAsConst: true,
        namingConvention: { enumValues: 'keep' },
        scalars: { DateTimeISO: 'string', ID: 'string', ByteCount: 'number' },
        useTypeImports: true,
        skipTypename: true,
        // A nullable field is `T | null`, never absent: the server always sends the key.
        avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
      },
    },
  },
};

export default config;
