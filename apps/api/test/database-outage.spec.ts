import { createServer } from 'node:net';
import { Client } from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../tools/testing/test-database';
import { isDatabaseOutage } from '../src/common/database-outage';

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
