import Link from 'next/link';
import { Suspense } from 'react';
import { graphql } from '@loralab/client';
import { ErrorBox, TableSkeleton } from '@/components/states';
import type { SearchParams } from '@/lib/search-params';
import { apiClient } from '@/lib/session';
import { SweepFilters, SweepList } from '../../sweeps/sweep-list';

async function ProjectHeader({ id }: { id: string }) {
  try {
    const client = await apiClient();
    const { project } = await client.request(
      graphql(`query ProjectHeader($id: ID!) { project(id: $id) { name description } }`),
      { id },
    );
    return (
      <>
        <h1>{project.name}</h1>
        {project.description && <p className="muted">{project.description}</p>}
      </>
    );
  } catch (err) {
    return <ErrorBox error={err} />;
  }
}

export default async function ProjectPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> }) {
  const { id: raw } = await params;
  const id = decodeURIComponent(raw);
  const sp = await searchParams;
  return (
    <>
      <p>
        <Link href="/projects">← Projects</Link>
      </p>
      <Suspense fallback={<div className="skeleton" style={{ height: 32 }} />}>
        <ProjectHeader id={id} />
      </Suspense>
      <p>
        <Link className="button" href={`/sweeps/new?project=${encodeURIComponent(id)}`}>
          New sweep in this project
        </Link>
      </p>
      <SweepFilters sp={sp} action={`/projects/${encodeURIComponent(id)}`} />
      <Suspense key={JSON.stringify(sp)} fallback={<TableSkeleton />}>
        <SweepList sp={sp} projectId={id} />
      </Suspense>
    </>
  );
}
