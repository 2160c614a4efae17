import { createServer } from 'node:net';
import { Client } from 'pg';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../tools/testing/test-database';
import { isDatabaseOutage } from '../src/common/database-outage';
import { ADMIN_KEY, apiProcess, postgresProcess, tempDir } from './processes';

const closedPort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

describe('isDatabaseOutage', () => {
  it('recognises a refused connection and a server going away, not a query that failed', async () => {
    const refused = await new Client({ host: '127.0.0.1', port: await closedPort(), user: 'x', database: 'x' }).connect().catch((e: unknown) => e);
    expect(isDatabaseOutage(refused)).toBe(true);
    // TypeORM wraps the driver's error.
    expect(isDatabaseOutage({ message: 'Query failed', driverError: { code: '57P01' } })).toBe(true);

    const client = new Client({ connectionString: await createTestDatabase('outage') });
    await client.connect();
    try {
      const syntax = await client.query('SELEC 1').catch((e: unknown) => e);
      expect(isDatabaseOutage(syntax)).toBe(false);
      const division = await client.query(`SELECT 1/0`).catch((e: unknown) => e);
      expect(isDatabaseOutage(division)).toBe(false);
      // 08P01 (protocol violation) is in the connection-exception class, but a bug of the query.
      const protocol = await client.query('SELECT $1::int', [1, 2]).catch((e: unknown) => e);
      expect((protocol as { code?: string }).code).toBe('08P01');
      expect(isDatabaseOutage(protocol)).toBe(false);
    } finally {
      await client.end();
    }
  });
});

describe('the API on an external PostgreSQL (DATABASE_URL) that is killed and comes back', () => {
  it('answers 503 SERVICE_UNAVAILABLE with Retry-After while it is down, then reconnects by itself', async () => {
    const pgDir = await tempDir();
    // A server of its own, whose watchdog restarts it after kill -9, as a supervisor would.
    const pg = await postgresProcess(pgDir);
    const api = await apiProcess({ DATABASE_URL: pg.url, LORALAB_DATA_DIR: await tempDir() });
    const gql = async (query: string) => {
      const res = await fetch(`http://127.0.0.1:${api.port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
        body: JSON.stringify({ query }),
      }).catch(() => null);
      if (!res) return null;
      const body = (await res.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
      return { status: res.status, retryAfter: res.headers.get('retry-after'), code: body.errors?.[0]?.extensions?.code, data: body.data };
    };
    const until = async <T,>(what: string, fn: () => Promise<T | null | undefined | false>) => {
      for (const end = Date.now() + 30_000; Date.now() < end; await new Promise((r) => setTimeout(r, 25))) {
        const v = await fn();
        if (v) return v;
      }
      throw new Error(`timed out waiting for ${what}: ${api.output.join('').slice(-2000)}`);
    };
    expect((await gql('{ projects { nodes { id } } }'))?.status).toBe(200);

    const pid = Number((await readFile(join(pgDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0]);
    process.kill(pid, 'SIGKILL');
    // A query (run on graphql-jit) and a mutation (here on graphql-jit too: no variables) alike.
    let probes = 0;
    const down = await until('a 503', async () => {
      const [read, write] = await Promise.all([
        gql('{ projects { nodes { id } } }'),
        gql(`mutation { createProject(input: { name: "probe-${probes++}" }) { project { id } } }`),
      ]);
      return read?.status === 503 && write?.status === 503 && write;
    });
    expect(down).toMatchObject({ status: 503, retryAfter: expect.stringMatching(/^\d+$/), code: 'SERVICE_UNAVAILABLE' });

    // Back without restarting the API: reads and writes.
    await until('answers again', async () => (await gql('{ projects { nodes { id } } }'))?.status === 200);
    const created = await gql('mutation { createProject(input: { name: "after-the-outage" }) { project { name } } }');
    expect(created).toMatchObject({ status: 200, data: { createProject: { project: { name: 'after-the-outage' } } } });
    api.child.kill('SIGTERM');
    expect((await api.exited)[0]).toBe(0);
    await pg.stop();
  }, 120_000);
});
