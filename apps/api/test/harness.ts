import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '@loralab/db';
import pino from 'pino';
import { createTestDatabase } from '../../../tools/testing/test-database';
import { ApiKeyService } from '../src/auth/api-key.service';
import { startApiServer, type ApiServer, type ApiServerOptions } from '../src/server';

export interface GqlResult<T = Record<string, unknown>> {
  data?: T;
  errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
}

/** A GraphQL endpoint and its admin key, wherever the API runs (this process or a child). */
export interface GraphQLEndpoint {
  url: string;
  adminKey: string;
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, key?: string): Promise<GqlResult<T>>;
  /** Like gql, but throws on errors and returns data. */
  ok<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, key?: string): Promise<T>;
}

export interface TestApi extends GraphQLEndpoint {
  server: ApiServer;
  db: Database;
  dataDir: string;
  close(): Promise<void>;
}

/** Sends operations to `url` over HTTP, with the admin key unless told another. */
export function graphqlEndpoint(url: string, adminKey: string): GraphQLEndpoint {
  const gql = async <T,>(query: string, variables?: Record<string, unknown>, key = adminKey) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as GqlResult<T>;
  };
  return {
    url,
    adminKey,
    gql,
    async ok<T>(query: string, variables?: Record<string, unknown>, key?: string) {
      const r = await gql<T>(query, variables, key);
      if (r.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(r.errors)}`);
      return r.data as T;
    },
  };
}

/** The real API on a fresh database of the test PostgreSQL server, on a free port. */
export async function startTestApi(
  opts: { leaseSeconds?: number; reaperIntervalMs?: number; limits?: ApiServerOptions['limits'] } = {},
): Promise<TestApi> {
  const dataDir = await mkdtemp(join(tmpdir(), 'loralab-api-'));
  const db = await openDatabase({ url: await createTestDatabase('api'), dataDir });
  const boot = await new ApiKeyService(db.dataSource).bootstrap({ dataDir });
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const server = await startApiServer({
    db: db.dataSource,
    dbUrl: db.url,
    logger,
    port: 0,
    host: '127.0.0.1',
    leaseSeconds: opts.leaseSeconds ?? 60,
    reaperIntervalMs: opts.reaperIntervalMs ?? 60_000,
    production: false,
    dataDir,
    limits: opts.limits,
  });
  return {
    ...graphqlEndpoint(server.url, boot!.secret),
    server,
    db,
    dataDir,
    async close() {
      await server.close();
      await db.close();
    },
  };
}

/** A second API process on the test API's database, as a replica behind a load balancer would be. */
export function startReplica(api: TestApi, limits?: ApiServerOptions['limits']): Promise<ApiServer> {
  return startApiServer({
    db: api.db.dataSource,
    dbUrl: api.db.url,
    logger: pino({ level: 'silent' }),
    port: 0,
    host: '127.0.0.1',
    leaseSeconds: 60,
    reaperIntervalMs: 60_000,
    production: false,
    dataDir: api.dataDir,
    limits,
  });
}

export const SWEEP_INPUT = {
  name: 'grid',
  baseModel: 'builtin:tiny-llama',
  dataset: 'builtin:topic',
  training: { steps: 20, evalInterval: 10 },
  space: {
    rank: [4, 8],
    quantization: ['FP32', 'NF4'],
    targetModules: [
      ['Q_PROJ', 'V_PROJ'],
      ['Q_PROJ', 'K_PROJ', 'V_PROJ', 'O_PROJ', 'GATE_PROJ', 'UP_PROJ', 'DOWN_PROJ'],
    ],
  },
};

export async function createProject(api: GraphQLEndpoint, name = 'p', key?: string): Promise<string> {
  const d = await api.ok(
    `mutation($input: CreateProjectInput!) { createProject(input: $input) { project { id } } }`,
    { input: { name } },
    key,
  );
  return d.createProject.project.id;
}

export async function createSweep(api: GraphQLEndpoint, projectId: string, input: object = SWEEP_INPUT, key?: string) {
  const d = await api.ok(
    `mutation($input: CreateSweepInput!) { createSweep(input: $input) { sweep { id runCount } } }`,
    { input: { projectId, ...input } },
    key,
  );
  return d.createSweep.sweep as { id: string; runCount: number };
}

export async function registerAgent(api: GraphQLEndpoint, key?: string, name = 'agent'): Promise<string> {
  const d = await api.ok(
    `mutation($input: RegisterAgentInput!) { registerAgent(input: $input) { agent { id } } }`,
    { input: { name, backend: 'wasm', hostname: 'test' } },
    key,
  );
  return d.registerAgent.agent.id;
}

/** A run summary as an agent reports it, with the given accuracy and peak memory. */
export const summary = (accuracy: number, peakMemoryBytes: number) => ({
  accuracy,
  evalLoss: 0.5,
  perplexity: Math.exp(0.5),
  peakMemoryBytes,
  memory: { baseWeights: 1, adapters: 1, gradients: 1, optimizerState: 1, activations: peakMemoryBytes - 4 },
  predictedMemoryBytes: peakMemoryBytes,
  trainableParams: 100,
  totalParams: 1000,
  tokensPerSecond: 500,
  durationSeconds: 3,
});
