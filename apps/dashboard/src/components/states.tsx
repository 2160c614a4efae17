import { ApiError } from '@loralab/client';

export function Empty({ children }: { children: React.ReactNode }) {
  return <div className="empty">{children}</div>;
}

export function ErrorBox({ error }: { error: unknown }) {
  const code = error instanceof ApiError ? error.code : undefined;
  const message =
    code === 'NOT_FOUND'
      ? 'Not found.'
      : code === 'FORBIDDEN'
        ? 'Your key may not see this.'
        : error instanceof Error
          ? error.message
          : 'Something went wrong.';
  return (
    <div role="alert" className="card error">
      {message}
    </div>
  );
}

export function TableSkeleton({ rows = 6 }: { rows?: number }) {
  return (
    <div role="status" aria-busy="true" aria-label="Loading" style={{ display: 'grid', gap: '.5rem' }}>
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="skeleton" />
      ))}
    </div>
  );
}

export function ChartSkeleton() {
  return <div role="status" aria-busy="true" aria-label="Loading chart" className="skeleton chart" />;
}

export function Progress({ fraction }: { fraction: number }) {
  const pct = Math.round(fraction * 100);
  return (
    <span className="progress" role="progressbar" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100} aria-label="Progress">
      <span style={{ width: `${pct}%` }} />
    </span>
  );
}

/** A run's or sweep's status; a PRUNED run's says the rung (in steps) early termination stopped it at. */
export function StatusBadge({ status, prunedRung }: { status: string; prunedRung?: number | null }) {
  return (
    <span className={`badge ${status}`}>
      {status.toLowerCase()}
      {status === 'PRUNED' && prunedRung != null ? ` at step ${prunedRung}` : ''}
    </span>
  );
}
