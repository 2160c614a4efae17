'use client';

import { useActionState } from 'react';
import { cancelRun, type CancelRunState } from './actions';

export function CancelRunButton({ id }: { id: string }) {
  const [state, action, pending] = useActionState<CancelRunState, FormData>(cancelRun, {});
  return (
    <form action={action} style={{ display: 'inline-flex', gap: '.6rem', alignItems: 'center', marginBottom: '.8rem' }}>
      <input type="hidden" name="id" value={id} />
      <button type="submit" className="secondary" disabled={pending}>
        Cancel run
      </button>
      <span role="status" className={state.error ? 'error' : 'muted'}>
        {state.error ?? state.status ?? ''}
      </span>
    </form>
  );
}
