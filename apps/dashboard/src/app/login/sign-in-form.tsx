'use client';

import { useActionState } from 'react';
import { signIn, type SignInState } from './actions';

export function SignInForm() {
  const [state, action, pending] = useActionState<SignInState, FormData>(signIn, {});
  return (
    <form action={action} className="card" style={{ display: 'grid', gap: '.8rem' }}>
      <label>
        API key
        <input name="apiKey" type="password" autoComplete="off" required aria-describedby="signin-error" />
      </label>
      <p id="signin-error" role="alert" className="error" style={{ margin: 0 }}>
        {state.error ?? ''}
      </p>
      <button type="submit" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
