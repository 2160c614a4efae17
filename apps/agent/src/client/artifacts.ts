import { createHash } from 'node:crypto';
import { ApiError, parseRetryAfter, type LoralabClient } from '@loralab/client';

/** Uploads and downloads through the API's artifact endpoint (`/artifacts`), over the client's key and transport. */
export class ArtifactClient {
  constructor(private readonly client: LoralabClient) {}

  async upload(opts: { runId: string; agentId: string; kind: string; name: string; data: Buffer }): Promise<{ id: string; sha256: string }> {
    const sha256 = createHash('sha256').update(opts.data).digest('hex');
    const url = `${this.client.origin}/artifacts/${encodeURIComponent(opts.runId)}/${encodeURIComponent(opts.kind)}/${encodeURIComponent(opts.name)}`;
    const res = await this.client.fetch(url, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream', 'x-content-sha256': sha256, 'x-agent-id': opts.agentId },
      body: opts.data,
      timeoutMs: 120_000,
    });
    return (await this.parse(res, url)) as { id: string; sha256: string };
  }

  async download(id: string): Promise<Buffer> {
    const url = `${this.client.origin}/artifacts/${encodeURIComponent(id)}`;
    const res = await this.client.fetch(url, { timeoutMs: 120_000 });
    if (!res.ok) await this.parse(res, url);
    const data = Buffer.from(await res.arrayBuffer());
    const expected = res.headers.get('x-content-sha256');
    if (expected && createHash('sha256').update(data).digest('hex') !== expected) {
      // A cut-short transfer: worth another try.
      throw new ApiError(`artifact ${id}: downloaded bytes do not match their SHA-256`, 'BAD_RESPONSE');
    }
    return data;
  }

  /** The JSON body of a 2xx answer; an ApiError (with the answer's status and code) otherwise. */
  private async parse(res: Response, url: string): Promise<unknown> {
    const text = await res.text();
    const details = { status: res.status, retryAfterMs: parseRetryAfter(res.headers.get('retry-after')) };
    let body: { error?: { code: string; message: string; reason?: string } } & Record<string, unknown>;
    try {
      body = JSON.parse(text);
    } catch {
      throw new ApiError(`${url} answered ${res.status}: ${text.slice(0, 200)}`, 'BAD_RESPONSE', details);
    }
    if (res.ok) return body;
    const e = body.error ?? { code: res.status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_RESPONSE', message: `${url} answered ${res.status}` };
    throw new ApiError(e.message, e.code, { ...details, extensions: e.reason ? { reason: e.reason } : {} });
  }
}
