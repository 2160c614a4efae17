import { getEventListeners } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, ApiUnreachableError, GraphqlClient, isDefiniteRefusal, sleep } from './graphql-client';

describe('isDefiniteRefusal', () => {
  it('ends retrying only for refusals of the request itself', () => {
    for (const code of ['BAD_USER_INPUT', 'FORBIDDEN', 'UNAUTHENTICATED', 'NOT_FOUND', 'CONFLICT', 'GRAPHQL_VALIDATION_FAILED']) {
      expect(isDefiniteRefusal(code), code).toBe(true);
    }
    for (const code of ['INTERNAL_SERVER_ERROR', 'SERVICE_UNAVAILABLE', 'RATE_LIMITED', 'SOMETHING_NEW', undefined]) {
      expect(isDefiniteRefusal(code), String(code)).toBe(false);
    }
  });
});

describe('GraphqlClient', () => {
  // What the next request gets: HTTP status and one GraphQL error's extensions.
  let answer: { status: number; extensions: Record<string, unknown> } = { status: 200, extensions: {} };
  let server: Server;
  let client: GraphqlClient;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: null, errors: [{ message: 'no', extensions: answer.extensions }] }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    client = new GraphqlClient({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, apiKey: 'k' });
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const outcome = async (status: number, extensions: Record<string, unknown>) => {
    answer = { status, extensions };
    return client.request('{ viewer { id } }').then(
      () => 'ok',
      (err: unknown) => err,
    );
  };

  it('retries a database outage (503 SERVICE_UNAVAILABLE) and INTERNAL_SERVER_ERROR, even on HTTP 200', async () => {
    expect(await outcome(503, { code: 'SERVICE_UNAVAILABLE' })).toBeInstanceOf(ApiUnreachableError);
    expect(await outcome(200, { code: 'INTERNAL_SERVER_ERROR' })).toBeInstanceOf(ApiUnreachableError);
    expect(await outcome(200, {})).toBeInstanceOf(ApiUnreachableError);
  });

  it('gives up on bad input and on a lost lease', async () => {
    const bad = await outcome(200, { code: 'BAD_USER_INPUT' });
    expect(bad).toBeInstanceOf(ApiError);
    const lost = (await outcome(200, { code: 'FORBIDDEN', reason: 'LEASE_LOST' })) as ApiError;
    expect(lost).toBeInstanceOf(ApiError);
    expect(lost.leaseLost).toBe(true);
  });
});

describe('sleep', () => {
  it('removes its abort listener when the wait ends (an idle agent polls on one signal: MaxListenersExceededWarning)', async () => {
    const stop = new AbortController();
    for (let i = 0; i < 12; i++) await sleep(1, stop.signal);
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0);
  });

  it('ends early when the signal aborts', async () => {
    const stop = new AbortController();
    const started = Date.now();
    const waiting = sleep(60_000, stop.signal);
    stop.abort();
    await waiting;
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});
