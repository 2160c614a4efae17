import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphqlClient } from '../src/client/graphql-client';
import { ADMIN_KEY, apiProcess, type ApiProcess } from './harness';

/**
 * The race behind "cannot reach …: fetch failed" after training (issue 12), replayed: a
 * heartbeat whose timer came due during a synchronous stretch of the agent (a training step, the
 * final evaluation) runs before undici's idle-socket timer, and reuses the idle connection. With
 * Node's default keepAliveTimeout (5 s) the API had closed it during the stretch and the request
 * failed with "other side closed"; the API now keeps idle connections longer than that.
 */
describe('keep-alive between the agent and the API', () => {
  let api: ApiProcess;
  beforeAll(async () => {
    api = await apiProcess({ leaseSeconds: 5 });
  });
  afterAll(async () => {
    await api?.dispose();
  });

  it('a request sent right after a 6 s blocked event loop reuses the idle connection', async () => {
    const client = new GraphqlClient({ url: api.url, apiKey: ADMIN_KEY, timeoutMs: 10_000 });
    const ping = () => client.request<{ __typename: string }>('{ __typename }');
    expect(await ping()).toEqual({ __typename: 'Query' });
    const heartbeat = new Promise((resolve, reject) => setTimeout(() => ping().then(resolve, reject), 2500));
    const end = Date.now() + 6000;
    while (Date.now() < end) {
      // the agent's event loop, busy training
    }
    await expect(heartbeat).resolves.toEqual({ __typename: 'Query' });
  });
});
