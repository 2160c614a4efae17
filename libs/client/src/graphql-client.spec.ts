import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from './api-error';
import { graphql } from './generated/gql';
import { LoralabClient } from './graphql-client';
import { withRetry } from './retry';

// The client against a real HTTP server that answers as the API does in an outage (503 with
// Retry-After, INTERNAL_SERVER_ERROR with HTTP 200) and as it refuses (BAD_USER_INPUT).

const Heartbeat = graphql(`
  mutation ClientSpecHeartbeat($input: HeartbeatInput!) { heartbeat(input: $input) { cancelRequested leaseExpiresAt } }
`);

type Handler = (req: IncomingMessage, body: { query: string; variables: Record<string, unknown> }, res: ServerResponse) => void;

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function serve(answers: Handler[]): Promise<{ client: LoralabClient; calls: () => number; times: number[] }> {
  let n = 0;
  const times: number[] = [];
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      times.push(Date.now());
      const handler = answers[Math.min(n++, answers.length - 1)];
      handler(req, JSON.parse(raw), res);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { client: new LoralabClient({ url: `http://127.0.0.1:${port}`, apiKey: 'k-123' }), calls: () => n, times };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => (_req: IncomingMessage, _b: unknown, res: ServerResponse) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};
const ok = json(200, { data: { heartbeat: { cancelRequested: false, leaseExpiresAt: null } } });
const input = { agentId: 'a1', runId: 'r1' };

describe('LoralabClient', () => {
  it('posts the document and its variables with the key, to /graphql of a bare origin', async () => {
    let seen: { auth?: string; url?: string; body?: unknown } = {};
    const { client } = await serve([
      (req, body, res) => {
        seen = { auth: req.headers.authorization, url: req.url, body };
        ok(req, body, res);
      },
    ]);
    const data = await client.request(Heartbeat, { input });
    expect(data.heartbeat.cancelRequested).toBe(false);
    expect(seen.auth).toBe('Bearer k-123');
    expect(seen.url).toBe('/graphql');
    expect(seen.body).toEqual({ query: Heartbeat.toString(), variables: { input } });
  });

  it('throws the first error with its code, fields and status', async () => {
    const { client } = await serve([
      json(200, { errors: [{ message: 'bad rank', extensions: { code: 'BAD_USER_INPUT', fields: [{ path: 'input.space.rank.0', message: 'must be positive' }] } }] }),
    ]);
    const err = await client.request(Heartbeat, { input }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'BAD_USER_INPUT', status: 200, fields: [{ path: 'input.space.rank.0', message: 'must be positive' }] });
  });
});

describe('withRetry over the client', () => {
  it('waits out a 503 (honouring Retry-After) and an INTERNAL_SERVER_ERROR, then succeeds', async () => {
    const { client, calls, times } = await serve([
      json(503, { errors: [{ message: 'database unavailable', extensions: { code: 'SERVICE_UNAVAILABLE' } }] }, { 'retry-after': '1' }),
      json(200, { errors: [{ message: 'connection terminated', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }),
      ok,
    ]);
    const retried: string[] = [];
    const data = await withRetry(() => client.request(Heartbeat, { input }), {
      minDelayMs: 10,
      maxDelayMs: 20,
      onRetry: (err) => retried.push((err as ApiError).code),
    });
    expect(data.heartbeat.leaseExpiresAt).toBeNull();
    expect(calls()).toBe(3);
    expect(retried).toEqual(['SERVICE_UNAVAILABLE', 'INTERNAL_SERVER_ERROR']);
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(1000);
  });

  it('stops at once on a definite refusal', async () => {
    const { client, calls } = await serve([json(200, { errors: [{ message: 'lease lost', extensions: { code: 'FORBIDDEN', reason: 'LEASE_LOST' } }] })]);
    const err = await withRetry(() => client.request(Heartbeat, { input }), { minDelayMs: 1 }).catch((e) => e);
    expect(err).toMatchObject({ code: 'FORBIDDEN', leaseLost: true });
    expect(calls()).toBe(1);
  });

  it('retries a network error until its budget is spent, then throws it', async () => {
    const { client } = await serve([ok]);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    let attempts = 0;
    const err = await withRetry(() => (attempts++, client.request(Heartbeat, { input })), { retries: 2, minDelayMs: 1, maxDelayMs: 2 }).catch((e) => e);
    expect(err).toMatchObject({ code: 'NETWORK_ERROR', status: undefined });
    expect(attempts).toBe(3);
  });

  it('gives up when its signal aborts', async () => {
    const { client } = await serve([json(503, { errors: [{ message: 'down', extensions: { code: 'SERVICE_UNAVAILABLE' } }] })]);
    const stop = new AbortController();
    setTimeout(() => stop.abort(new Error('stopping')), 100);
    const err = await withRetry(() => client.request(Heartbeat, { input }), { signal: stop.signal, minDelayMs: 10, maxDelayMs: 10 }).catch((e) => e);
    expect(err.message).toBe('stopping');
  });
});
