'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';

/** Listens to a server-sent event relay of a subscription and refreshes the server components (throttled). */
export function LiveRefresh({ url, active, label }: { url: string; active: boolean; label: string }) {
  const router = useRouter();
  const [state, setState] = useState<'off' | 'connecting' | 'live' | 'error'>(active ? 'connecting' : 'off');
  const [updates, setUpdates] = useState(0);
  useEffect(() => {
    if (!active) return;
    const source = new EventSource(url);
    let timer: ReturnType<typeof setTimeout> | null = null;
    const refreshSoon = () => {
      if (!timer)
        timer = setTimeout(() => {
          timer = null;
          router.refresh();
        }, 1000);
    };
    // On (re)connection, refresh once: changes made between the page's render and the
    // subscription's start would otherwise never show.
    source.addEventListener('ready', () => {
      setState('live');
      refreshSoon();
    });
    source.addEventListener('update', () => {
      setUpdates((n) => n + 1);
      refreshSoon();
    });
    source.onerror = () => setState('error');
    return () => {
      if (timer) clearTimeout(timer);
      source.close();
    };
  }, [url, active, router]);
  if (!active) return null;
  return (
    <p role="status" className="muted" data-live={state}>
      {state === 'live' ? `● Live: ${label}` : state === 'error' ? 'Live updates interrupted; retrying…' : 'Connecting to live updates…'}
      {updates ? ` (${updates} update${updates === 1 ? '' : 's'})` : ''}
    </p>
  );
}
