import { apiUrl, currentApiKey } from '@/lib/session';

export const dynamic = 'force-dynamic';

/** Headers of the API's download that the browser needs (name, size, checksum). */
const PASSED = ['content-type', 'content-length', 'content-disposition', 'x-content-sha256'];

/**
 * Downloads through the dashboard: the browser holds no API key (the cookie is httpOnly), so
 * `GET /api/artifacts/<id>` and `GET /api/artifacts/<runId>/adapter.tar` fetch the API's
 * `/artifacts/...` with the session's key and stream the bytes back unchanged.
 */
export async function GET(_req: Request, { params }: { params: Promise<{ path: string[] }> }) {
  const key = await currentApiKey();
  if (!key) return Response.json({ error: { code: 'UNAUTHENTICATED', message: 'sign in first' } }, { status: 401 });
  const { path } = await params;
  const url = `${new URL(apiUrl()).origin}/artifacts/${path.map(encodeURIComponent).join('/')}`;
  const upstream = await fetch(url, { headers: { authorization: `Bearer ${key}` }, cache: 'no-store' });
  const headers = new Headers();
  for (const name of PASSED) {
    const value = upstream.headers.get(name);
    if (value) headers.set(name, value);
  }
  return new Response(upstream.body, { status: upstream.status, headers });
}
