import { createHash } from 'node:crypto';
import { ApiError, ApiUnreachableError, isDefiniteRefusal, type GraphqlClient } from './graphql-client';

/** Uploads and downloads through the API's artifact endpoint (`/artifacts`). */
export class ArtifactClient {
  constructor(private readonly client: GraphqlClient) {}

  async upload(opts: { runId: string; agentId: string; kind: string; name: string; data: Buffer }): Promise<{ id: string; sha256: string }> {
    const sha256 = createHash('sha256').update(opts.data).digest('hex');
    const url = `${this.client.origin}/artifacts/${encodeURIComponent(opts.runId)}/${encodeURIComponent(opts.kind)}/${encodeURIComponent(opts.name)}`;
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'PUT',
        headers: {
          authorization: this.client.authorization,
          'content-type': 'application/octet-stream',
          'x-content-sha256': sha256,
          'x-agent-id': opts.agentId,
        },
        body: opts.data,
        signal: AbortSignal.timeout(120_000),
      });
    } catch (err) {
      throw new ApiUnreachableError(`cannot reach ${url}: ${(err as Error).message}`, { cause: err });
    }
    return (await this.parse(res, url)) as { id: string; sha256: string };
  }

  async download(id: string): Promise<Buffer> {
    const url = `${this.client.origin}/artifacts/${encodeURIComponent(id)}`;
    let res: Response;
    try {
      res = await fetch(url, { headers: { authorization: this.client.authorization }, signal: AbortSignal.timeout(120_000) });
    } catch (err) {
      throw new ApiUnreachableError(`cannot reach ${url}: ${(err as Error).message}`, { cause: err });
    }
    if (!res.ok) await this.parse(res, url);
    const data = Buffer.from(await res.arrayBuffer());
    const expected = res.headers.get('x-content-sha256');
    if (expected && createHash('sha256').update(data).digest('hex') !== expected) {
      throw new ApiUnreachableError(`artifact ${id}: downloaded bytes do not match their SHA-256`);
    }
    return data;
  }

  private async parse(res: Response, url: string): Promise<unknown> {
    const text = await res.text();
    let body: { error?: { code: string; message: string; reason?: string } } & Record<string, unknown>;
    try {
      body = JSON.parse(text);
    } catch {
      throw new ApiUnreachableError(`${url} answered ${res.status}: ${text.slice(0, 200)}`);
    }
    if (res.ok) return body;
    const e = body.error ?? { code: 'UNKNOWN', message: text };
    if (res.status >= 500 || !isDefiniteRefusal(e.code)) throw new ApiUnreachableError(`${url} answered ${res.status} ${e.code}: ${e.message}`);
    throw new ApiError(e.message, e.code, e.reason ? { reason: e.reason } : {});
  }
}
