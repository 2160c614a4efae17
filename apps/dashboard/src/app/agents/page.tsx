import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { graphql, type ResultOf } from '@loralab/client';
import { Pager } from '@/components/pager';
import { Empty, ErrorBox, TableSkeleton } from '@/components/states';
import { formatBytes, formatDate } from '@/lib/format';
import { one, type SearchParams } from '@/lib/search-params';
import { apiClient } from '@/lib/session';

export const metadata: Metadata = { title: 'Agents' };

const PAGE_SIZE = 50;

const AgentListQuery = graphql(`
  query AgentList {
    agents(first: 1000) { nodes { id name backend hostname deviceMemoryBytes online lastSeenAt currentRun { id ordinal sweep { id name } } } }
  }
`);
type AgentRow = ResultOf<typeof AgentListQuery>['agents']['nodes'][number];

async function AgentList({ sp }: { sp: SearchParams }) {
  let agents: AgentRow[];
  try {
    const client = await apiClient();
    agents = (await client.request(AgentListQuery)).agents.nodes;
  } catch (err) {
    return <ErrorBox error={err} />;
  }
  const online = one(sp, 'online');
  const filtered = agents.filter((a) => !online || (online === 'yes') === a.online);
  if (!filtered.length) return <Empty>{agents.length ? 'No agent matches.' : 'No agents have registered yet. Start one with `loralab agent`.'}</Empty>;
  const pages = Math.ceil(filtered.length / PAGE_SIZE);
  const page = Math.min(Math.max(1, Number(one(sp, 'page') ?? 1) || 1), pages);
  return (
    <>
      <table aria-label="Agents">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Status</th>
            <th scope="col">Backend</th>
            <th scope="col">Host</th>
            <th scope="col" className="num">Device memory</th>
            <th scope="col">Current run</th>
            <th scope="col">Last heartbeat</th>
          </tr>
        </thead>
        <tbody>
          {filtered.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((a) => (
            <tr key={a.id}>
              <td>{a.name}</td>
              <td>
                <span className={`badge ${a.online ? 'online' : ''}`}>{a.online ? 'online' : 'offline'}</span>
              </td>
              <td>{a.backend}</td>
              <td>{a.hostname || '—'}</td>
              <td className="num">{formatBytes(a.deviceMemoryBytes)}</td>
              <td>
                {a.currentRun ? (
                  <Link href={`/runs/${encodeURIComponent(a.currentRun.id)}`}>
                    {a.currentRun.sweep.name} #{a.currentRun.ordinal}
                  </Link>
                ) : (
                  '—'
                )}
              </td>
              <td>{formatDate(a.lastSeenAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager sp={sp} page={page} pages={pages} total={filtered.length} />
    </>
  );
}

export default async function AgentsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const sp = await searchParams;
  return (
    <>
      <h1>Agents</h1>
      <form className="filters" method="get" aria-label="Filter agents">
        <label>
          Online
          <select name="online" defaultValue={one(sp, 'online') ?? ''}>
            <option value="">Any</option>
            <option value="yes">online</option>
            <option value="no">offline</option>
          </select>
        </label>
        <button type="submit">Filter</button>
      </form>
      <Suspense key={JSON.stringify(sp)} fallback={<TableSkeleton />}>
        <AgentList sp={sp} />
      </Suspense>
    </>
  );
}
