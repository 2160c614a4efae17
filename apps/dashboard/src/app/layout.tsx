import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { currentApiKey } from '@/lib/session';
import { signOut } from './login/actions';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'loralab', template: '%s · loralab' },
  description: 'LoRA and QLoRA fine-tuning sweeps',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const signedIn = Boolean(await currentApiKey());
  return (
    <html lang="en">
      <body>
        <header className="top">
          <Link href="/" className="brand">
            loralab
          </Link>
          {signedIn && (
            <nav aria-label="Main">
              <Link href="/projects">Projects</Link>
              <Link href="/sweeps">Sweeps</Link>
              <Link href="/sweeps/new">New sweep</Link>
              <Link href="/agents">Agents</Link>
            </nav>
          )}
          <span className="spacer" />
          {signedIn && (
            <form action={signOut}>
              <button type="submit" className="secondary">
                Sign out
              </button>
            </form>
          )}
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
