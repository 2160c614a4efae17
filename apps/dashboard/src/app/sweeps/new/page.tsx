import type { Metadata } from 'next';
import { graphql, type ResultOf } from '@loralab/client';
import { BUILTIN_DATASETS, BUILTIN_MODELS } from '@loralab/core';
import { ErrorBox } from '@/components/states';
import { one, type SearchParams } from '@/lib/search-params';
import { apiClient } from '@/lib/session';
import { SweepBuilder } from './sweep-builder';

export const metadata: Metadata = { title: 'New sweep' };

const ProjectsQuery = graphql(`query NewSweepProjects { projects(first: 1000) { nodes { id name } } }`);

export default async function NewSweepPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const sp = await searchParams;
  let projects: ResultOf<typeof ProjectsQuery>['projects']['nodes'];
  try {
    const client = await apiClient();
    projects = (await client.request(ProjectsQuery)).projects.nodes;
  } catch (err) {
    return <ErrorBox error={err} />;
  }
  return (
    <>
      <h1>New sweep</h1>
      <p className="muted">Preview shows how many runs the sweep makes and each configuration&apos;s predicted peak memory before anything is created.</p>
      <SweepBuilder
        projects={projects}
        initialProjectId={one(sp, 'project')}
        baseModels={Object.keys(BUILTIN_MODELS)}
        datasets={[...BUILTIN_DATASETS]}
      />
    </>
  );
}
