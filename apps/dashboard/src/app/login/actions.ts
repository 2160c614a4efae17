'use server';

import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { ApiError, LoralabClient, graphql } from '@loralab/client';
import { KEY_COOKIE, apiUrl } from '@/lib/session';

export interface SignInState {
  error?: string;
}

const signInSchema = z.object({ apiKey: z.string().trim().min(8, 'Enter an API key') });

export async function signIn(_prev: SignInState, form: FormData): Promise<SignInState> {
  const parsed = signInSchema.safeParse({ apiKey: form.get('apiKey') });
  if (!parsed.success) return { error: parsed.error.issues[0].message };
  const client = new LoralabClient({ url: apiUrl(), apiKey: parsed.data.apiKey });
  try {
    await client.request(graphql(`query SignInViewer { viewer { team { name } } }`));
  } catch (err) {
    if (err instanceof ApiError && err.code === 'UNAUTHENTICATED') return { error: 'That key was refused.' };
    return { error: err instanceof Error ? err.message : 'Sign-in failed' };
  }
  const jar = await cookies();
  jar.set(KEY_COOKIE, parsed.data.apiKey, {
    httpOnly: true,
    sameSite: 'lax',
    secure: process.env.LORALAB_SECURE_COOKIES === '1',
    path: '/',
    maxAge: 60 * 60 * 24 * 30,
  });
  redirect('/sweeps');
}

export async function signOut(): Promise<void> {
  const jar = await cookies();
  jar.delete(KEY_COOKIE);
  redirect('/login');
}
