import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { TableSkeleton } from '@/components/states';
import type { SearchParams } from '@/lib/search-params';
import { SweepFilters, SweepList } from './sweep-list';

export const metadata: Metadata = { title: 'Sweeps' };

export default async function SweepsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const sp = await searchParams;
  return (
    <>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
        <h1>Sweeps</h1>
        <Link href="/sweeps/new" className="button">
          New sweep
        </Link>
      </div>
      <SweepFilters sp={sp} action="/sweeps" />
      <Suspense key={JSON.stringify(sp)} fallback={<TableSkeleton />}>
        <SweepList sp={sp} />
      </Suspense>
    </>
  );
}
