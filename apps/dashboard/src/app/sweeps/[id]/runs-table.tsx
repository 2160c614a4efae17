import Link from 'next/link';
import { graphql, type ResultOf, type RunFilter, type RunOrderField } from '@loralab/client';
import { Empty, ErrorBox, StatusBadge } from '@/components/states';
import { QUANT_TYPES, RUN_STATUSES, estimatorError } from '@loralab/core';
import { formatBytes, formatPct, formatRatio, targetsLabel } from '@/lib/format';
import { one, withParams, type SearchParams } from '@/lib/search-params';
import { apiClient } from '@/lib/session';

const PAGE_SIZE = 50;

const SweepRunsQuery = graphql(`
  query SweepRuns($id: ID!, $first: Int, $after: String, $filter: RunFilter, $orderBy: RunOrder) {
    sweep(id: $id) { runs(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      totalCount nodes { ...RunFields } pageInfo { hasNextPage endCursor } } }
  }
`);

const SORTS: Record<string, RunOrderField> = {
  ordinal: 'ORDINAL',
  accuracy: 'ACCURACY',
  memory: 'PEAK_MEMORY',
  predicted: 'PREDICTED_MEMORY',
  rank: 'RANK',
  status: 'STATUS',
};

/** Sort, filters and the page cursor all live in the URL (`sort`, `dir`, `status`, `quant`, `rank`, `minAcc`, `after`). */
export async function RunsTable({ id, sp }: { id: string; sp: SearchParams }) {
  const sortKey = one(sp, 'sort') ?? 'ordinal';
  const dir = one(sp, 'dir') === 'desc' ? 'DESC' : 'ASC';
  const filter: RunFilter = {};
  const status = one(sp, 'status');
  if (status && (RUN_STATUSES as readonly string[]).includes(status)) filter.status = [status as never];
  const quant = one(sp, 'quant');
  if (quant && (QUANT_TYPES as readonly string[]).includes(quant)) filter.quantization = [quant as never];
  const rank = Number(one(sp, 'rank'));
  if (Number.isInteger(rank) && rank > 0) filter.rank = [rank];
  const minAcc = Number(one(sp, 'minAcc'));
  if (one(sp, 'minAcc') && Number.isFinite(minAcc)) filter.minAccuracy = minAcc / 100;
  const after = one(sp, 'after') ?? null;

  let conn: ResultOf<typeof SweepRunsQuery>['sweep']['runs'];
  try {
    const client = await apiClient();
    const data = await client.request(SweepRunsQuery, { id, first: PAGE_SIZE, after, filter, orderBy: { field: SORTS[sortKey] ?? 'ORDINAL', direction: dir } },
    );
    conn = data.sweep.runs;
  } catch (err) {
    return <ErrorBox error={err} />;
  }

  const header = (key: string, label: string, num = false) => {
    const active = sortKey === key;
    const nextDir = active && dir === 'ASC' ? 'desc' : 'asc';
    return (
      <th scope="col" className={num ? 'num' : undefined} aria-sort={active ? (dir === 'ASC' ? 'ascending' : 'descending') : 'none'}>
        <Link href={withParams(sp, { sort: key, dir: nextDir, after: undefined }) + '#runs'}>
          {label}
          {active ? (dir === 'ASC' ? ' ▲' : ' ▼') : ''}
        </Link>
      </th>
    );
  };

  return (
    <>
      <form className="filters" method="get" aria-label="Filter runs" action="#runs">
        <input type="hidden" name="sort" value={sortKey} />
        <input type="hidden" name="dir" value={dir.toLowerCase()} />
        <label>
          Status
          <select name="status" defaultValue={status ?? ''}>
            <option value="">Any</option>
            {RUN_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.toLowerCase()}
              </option>
            ))}
          </select>
        </label>
        <label>
          Base format
          <select name="quant" defaultValue={quant ?? ''}>
            <option value="">Any</option>
            {QUANT_TYPES.map((q) => (
              <option key={q} value={q}>
                {q}
              </option>
            ))}
          </select>
        </label>
        <label>
          Rank
          <input name="rank" type="number" min={1} defaultValue={one(sp, 'rank') ?? ''} style={{ width: 90 }} />
        </label>
        <label>
          Min accuracy (%)
          <input name="minAcc" type="number" min={0} max={100} step="any" defaultValue={one(sp, 'minAcc') ?? ''} style={{ width: 110 }} />
        </label>
        <button type="submit">Apply</button>
      </form>
      {conn.nodes.length === 0 ? (
        <Empty>No runs match these filters.</Empty>
      ) : (
        <div className="table-wrap">
          <table aria-label="Runs">
            <thead>
              <tr>
                {header('ordinal', '#', true)}
                {header('status', 'Status')}
                {header('rank', 'Rank', true)}
                <th scope="col" className="num">Alpha</th>
                <th scope="col">Base</th>
                <th scope="col">Targets</th>
                <th scope="col" className="num">LR</th>
                {header('accuracy', 'Accuracy', true)}
                {header('memory', 'Peak memory', true)}
                {header('predicted', 'Predicted', true)}
                <th scope="col" className="num" title="The estimator's error on the finished run: measured peak ÷ predicted peak">
                  Measured ÷ predicted
                </th>
                <th scope="col" className="num">Attempt</th>
              </tr>
            </thead>
            <tbody>
              {conn.nodes.map((r) => (
                <tr key={r.id}>
                  <td className="num">
                    <Link href={`/runs/${encodeURIComponent(r.id)}`}>#{r.ordinal}</Link>
                  </td>
                  <td>
                    <StatusBadge status={r.status} prunedRung={r.prunedRung} />
                  </td>
                  <td className="num">{r.config.rank}</td>
                  <td className="num">{r.config.alpha}</td>
                  <td>
                    {r.config.quantization}
                    {r.config.doubleQuant ? ' (dq)' : ''}
                  </td>
                  <td>{targetsLabel(r.config.targetModules)}</td>
                  <td className="num">{r.config.learningRate}</td>
                  <td className="num">{formatPct(r.summary?.accuracy)}</td>
                  <td className="num">{formatBytes(r.summary?.peakMemoryBytes)}</td>
                  <td className="num">{formatBytes(r.predictedMemoryBytes)}</td>
                  <td className="num">{formatRatio(estimatorError(r.summary?.peakMemoryBytes, r.predictedMemoryBytes))}</td>
                  <td className="num">{r.attempt}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="pager" aria-label="Run pages">
        {after ? <Link href={withParams(sp, { after: undefined }) + '#runs'}>⇤ First page</Link> : <span className="muted">⇤ First page</span>}
        <span>{conn.totalCount} runs match</span>
        {conn.pageInfo.hasNextPage && conn.pageInfo.endCursor ? (
          <Link href={withParams(sp, { after: conn.pageInfo.endCursor }) + '#runs'}>Next page →</Link>
        ) : (
          <span className="muted">Next page →</span>
        )}
      </nav>
    </>
  );
}
