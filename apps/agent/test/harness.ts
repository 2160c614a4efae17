import { afterAll } from 'vitest';
import { killLiveAgents } from './processes';

/** Test harness: the real API (embedded PostgreSQL) and real agents, as child processes. */
export * from './processes';

// Registered on the importing test file (vitest collects hooks at import time); processes.ts also kills them at exit.
afterAll(killLiveAgents);
