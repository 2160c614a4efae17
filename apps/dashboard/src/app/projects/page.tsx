import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { graphql, type ResultOf } from '@loralab/client';
import { Pager } from '@/components/pager';
import { Empty, ErrorBox, TableSkeleton } from '@/components/states';
import { formatDate } from '@/lib/format';
import { one, type SearchParams } from '@/lib/search-params';
import { apiClient } from '@/lib/session';
import { CreateProjectForm } from './create-project-form';

export const metadata: Metadata = { title: 'Projects' };

const PAGE_SIZE = 20;

const ProjectListQuery = graphql(`
  query ProjectList { projects(first: 1000) { nodes { id name description createdAt sweeps(first: 1) { totalCount } } } }
`);
type ProjectRow = ResultOf<typeof ProjectListQuery>['projects']['nodes'][number];

async function ProjectList({ sp }: { sp: SearchParams }) {
  let projects: ProjectRow[];
  try {
    const client = await apiClient();
    const data = await client.request(ProjectListQuery);
    projects = data.projects.nodes;
  } catch (err) {
    return <ErrorBox error={err} />;
  }
  const q = one(sp, 'q')?.toLowerCase();
  const filtered = projects.filter((p) => !q || p.name.toLowerCase().includes(q));
  const pages = Math.ceil(filtered.length / PAGE_SIZE);
  const page = Math.min(Math.max(1, Number(one(sp, 'page') ?? 1) || 1), Math.max(pages, 1));
  if (!filtered.length) return <Empty>{projects.length ? 'No project matches.' : 'No projects yet: create one above.'}</Empty>;
  return (
    <>
      <table aria-label="Projects">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Description</th>
            <th scope="col" className="num">Sweeps</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {filtered.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((p) => (
            <tr key={p.id}>
              <td>
                <Link href={`/projects/${encodeURIComponent(p.id)}`}>{p.name}</Link>
              </td>
              <td>{p.description}</td>
              <td className="num">{p.sweeps.totalCount}</td>
              <td>{formatDate(p.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager sp={sp} page={page} pages={pages} total={filtered.length} />
    </>
  );
}

export default async function ProjectsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const sp = await searchParams;
  return (
    <>
      <h1>Projects</h1>
      <CreateProjectForm />
      <form className="filters" method="get" role="search" aria-label="Filter projects">
        <label>
          Name
          <input name="q" defaultValue={one(sp, 'q') ?? ''} />
        </label>
        <button type="submit">Filter</button>
      </form>
      <Suspense key={JSON.stringify(sp)} fallback={<TableSkeleton />}>
        <ProjectList sp={sp} />
      </Suspense>
    </>
  );
}
