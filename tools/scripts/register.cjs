// Runs TypeScript sources directly with SWC as CommonJS, keeping the decorator metadata that
// type-graphql and TypeORM read at run time (esbuild-based runners drop it).
const path = require('node:path');
process.env.TS_NODE_PROJECT = path.join(__dirname, 'tsconfig.runtime.json');
require('reflect-metadata');
require('@swc-node/register');
