'use client';

import { useActionState } from 'react';
import { cancelSweep, type CancelState } from './actions';

export function CancelSweepButton({ id }: { id: string }) {
  const [state, action, pending] = useActionState<CancelState, FormData>(cancelSweep, {});
  return (
    <form
      action={action}
      onSubmit={(e) => {
        if (!window.confirm('Cancel this sweep? Queued runs are cancelled, running ones stop within one heartbeat.')) e.preventDefault();
      }}
      style={{ display: 'inline-flex', gap: '.6rem', alignItems: 'center' }}
    >
      <input type="hidden" name="id" value={id} />
      <button type="submit" className="secondary" disabled={pending}>
        Cancel sweep
      </button>
      <span role="status" className={state.error ? 'error' : 'muted'}>
        {state.error ?? state.message ?? ''}
      </span>
    </form>
  );
}
