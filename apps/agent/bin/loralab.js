#!/usr/bin/env node
/* eslint-disable @typescript-eslint/no-require-imports, no-undef -- a CommonJS launcher */
// Runs the TypeScript CLI through the workspace's SWC register hook (keeps decorator metadata).
require('../../../tools/scripts/register.cjs');
require('../src/main.ts').cli();
