#!/usr/bin/env node
// Runs the TypeScript CLI through the workspace's SWC register hook (keeps decorator metadata).
require('../../../tools/scripts/register.cjs');
require('../src/main.ts');
