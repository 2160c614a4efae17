import type { Metadata } from 'next';
import { SignInForm } from './sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };

export default function LoginPage() {
  return (
    <div style={{ maxWidth: 420, margin: '3rem auto' }}>
      <h1>Sign in</h1>
      <p className="muted">Use an API key of your team. It is kept in an httpOnly cookie.</p>
      <SignInForm />
    </div>
  );
}
