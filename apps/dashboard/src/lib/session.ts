import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { LoralabClient } from '@loralab/client';

export const KEY_COOKIE = 'loralab_key';

/** The API's GraphQL endpoint as the dashboard server reaches it. */
export const apiUrl = () => process.env.LORALAB_API_URL ?? 'http://127.0.0.1:4000/graphql';

/**
 * The key of this session: the httpOnly cookie, else (local mode, `npm start`) the bootstrap
 * key handed to the dashboard process in LORALAB_LOCAL_API_KEY.
 */
export async function currentApiKey(): Promise<string | undefined> {
  const jar = await cookies();
  return jar.get(KEY_COOKIE)?.value || process.env.LORALAB_LOCAL_API_KEY || undefined;
}

/** A client for the signed-in key; sends people to /login without one. */
export async function apiClient(): Promise<LoralabClient> {
  const apiKey = await currentApiKey();
  if (!apiKey) redirect('/login');
  return new LoralabClient({ url: apiUrl(), apiKey });
}
