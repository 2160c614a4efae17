import { ChartSkeleton, TableSkeleton } from '@/components/states';

export default function Loading() {
  return (
    <>
      <div className="skeleton" style={{ height: 40, width: 240, marginBottom: 16 }} />
      <div className="grid2">
        <ChartSkeleton />
        <ChartSkeleton />
      </div>
      <TableSkeleton />
    </>
  );
}
