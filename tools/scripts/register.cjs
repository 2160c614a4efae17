// Runs TypeScript sources directly with SWC, keeping decorator metadata that type-graphql and
// TypeORM read at run time (esbuild-based runners drop it).
process.env.SWCRC = 'false';
require('reflect-metadata');
require('@swc-node/register');
