'use client';

/** Last-resort boundary: anything a page did not turn into an error state itself. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="card error">
      <h1>Something went wrong</h1>
      <p>{error.digest ? `Error ${error.digest}. ` : ''}The details are in the dashboard&apos;s log.</p>
      <button type="button" onClick={reset}>
        Try again
      </button>
    </div>
  );
}
