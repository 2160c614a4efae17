import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="empty">
      <h1>Not found</h1>
      <p>
        <Link href="/sweeps">Back to sweeps</Link>
      </p>
    </div>
  );
}
