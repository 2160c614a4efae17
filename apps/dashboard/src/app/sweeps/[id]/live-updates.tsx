import { LiveRefresh } from '@/components/live-refresh';

export function LiveUpdates({ sweepId, active }: { sweepId: string; active: boolean }) {
  return <LiveRefresh url={`/api/live/sweeps/${encodeURIComponent(sweepId)}`} active={active} label="runs update as agents report" />;
}
