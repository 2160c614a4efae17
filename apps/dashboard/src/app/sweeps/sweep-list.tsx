import Link from 'next/link';
import { graphql } from '@loralab/client';
import { Empty, ErrorBox, Progress, StatusBadge } from '@/components/states';
import { Pager } from '@/components/pager';
import { formatBytes, formatDate, formatPct } from '@/lib/format';
import type { SweepRow } from '@/lib/queries';
import { one, type SearchParams } from '@/lib/search-params';
import { apiClient } from '@/lib/session';

const PAGE_SIZE = 20;

const ProjectSweepsQuery = graphql(`
  query ProjectSweeps($id: ID!) { project(id: $id) { sweeps(first: 1000) { nodes { ...SweepListFields } } } }
`);
const SweepsQuery = graphql(`
  query Sweeps { sweeps(first: 1000) { nodes { ...SweepListFields } } }
`);

type Counts = SweepRow['progress'];

/** Runs in a final status: a pruned run is finished too (early termination stopped it). */
const finished = (p: Counts) => p.succeeded + p.failed + p.cancelled + p.pruned;

/** The final statuses that have runs, as the sweep page words them ("3 ok · 1 failed · 2 pruned"). */
function StatusCounts({ progress: p }: { progress: Counts }) {
  const parts = (
    [
      [p.succeeded, 'ok'],
      [p.failed, 'failed'],
      [p.cancelled, 'cancelled'],
      [p.pruned, 'pruned'],
    ] as const
  ).filter(([n]) => n > 0);
  if (!parts.length) return null;
  return <div className="muted">{parts.map(([n, label]) => `${n} ${label}`).join(' · ')}</div>;
}

/** Sweeps, newest first, filtered by project/status/name and paged — all state in the URL. */
export async function SweepList({ sp, projectId }: { sp: SearchParams; projectId?: string }) {
  let sweeps: SweepRow[];
  try {
    const client = await apiClient();
    if (projectId) {
      const data = await client.request(ProjectSweepsQuery, { id: projectId });
      sweeps = data.project.sweeps.nodes;
    } else {
      const data = await client.request(SweepsQuery);
      sweeps = data.sweeps.nodes;
    }
  } catch (err) {
    return <ErrorBox error={err} />;
  }
  const status = one(sp, 'status');
  const q = one(sp, 'q')?.toLowerCase();
  const filtered = sweeps.filter(
    (s) => (!status || s.status === status) && (!q || s.name.toLowerCase().includes(q) || s.project.name.toLowerCase().includes(q)),
  );
  const pages = Math.ceil(filtered.length / PAGE_SIZE);
  const page = Math.min(Math.max(1, Number(one(sp, 'page') ?? 1) || 1), Math.max(pages, 1));
  const rows = filtered.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  if (!filtered.length) {
    return (
      <Empty>
        {sweeps.length ? 'No sweep matches these filters.' : 'No sweeps yet.'} <Link href="/sweeps/new">Build a sweep</Link>
      </Empty>
    );
  }
  return (
    <>
      <div className="table-wrap">
        <table aria-label="Sweeps">
          <thead>
            <tr>
              <th scope="col">Name</th>
              {!projectId && <th scope="col">Project</th>}
              <th scope="col">Status</th>
              <th scope="col">Progress</th>
              <th scope="col" className="num">Best accuracy</th>
              <th scope="col" className="num">Lowest memory</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => (
              <tr key={s.id}>
                <td>
                  <Link href={`/sweeps/${encodeURIComponent(s.id)}`}>{s.name}</Link>
                </td>
                {!projectId && (
                  <td>
                    <Link href={`/projects/${encodeURIComponent(s.project.id)}`}>{s.project.name}</Link>
                  </td>
                )}
                <td>
                  <StatusBadge status={s.status} />
                </td>
                <td>
                  <Progress fraction={s.progress.fractionDone} /> {finished(s.progress)}/{s.progress.total}
                  <StatusCounts progress={s.progress} />
                </td>
                <td className="num">{formatPct(s.bestAccuracy)}</td>
                <td className="num">{formatBytes(s.lowestPeakMemoryBytes)}</td>
                <td>{formatDate(s.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager sp={sp} page={page} pages={pages} total={filtered.length} />
    </>
  );
}

export function SweepFilters({ sp, action }: { sp: SearchParams; action: string }) {
  return (
    <form className="filters" method="get" action={action} role="search" aria-label="Filter sweeps">
      <label>
        Name or project
        <input name="q" defaultValue={one(sp, 'q') ?? ''} />
      </label>
      <label>
        Status
        <select name="status" defaultValue={one(sp, 'status') ?? ''}>
          <option value="">Any</option>
          {['QUEUED', 'RUNNING', 'FINISHED', 'CANCELLED'].map((s) => (
            <option key={s} value={s}>
              {s.toLowerCase()}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">Filter</button>
    </form>
  );
}
