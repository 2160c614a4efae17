import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { ChartSkeleton, ErrorBox, Progress, StatusBadge, TableSkeleton } from '@/components/states';
import { rungSteps } from '@loralab/core';
import { formatBytes, formatDate, formatPct } from '@/lib/format';
import type { SearchParams } from '@/lib/search-params';
import { loadSweep } from '@/lib/sweep-data';
import { CancelSweepButton } from './cancel-sweep-button';
import { ComparisonTable } from './comparison-table';
import { LiveUpdates } from './live-updates';
import { RunsTable } from './runs-table';
import { SweepCharts } from './sweep-charts';

export const metadata: Metadata = { title: 'Sweep' };

async function SweepHeader({ id }: { id: string }) {
  try {
    const s = await loadSweep(id);
    const p = s.progress;
    return (
      <>
        <p>
          <Link href={`/projects/${encodeURIComponent(s.project.id)}`}>← {s.project.name}</Link>
        </p>
        <h1>
          {s.name} <StatusBadge status={s.status} />
        </h1>
        <p className="muted">
          {s.method.toLowerCase()}
          {s.method === 'BAYES' ? ` (up to ${s.maxRuns} runs, proposed as results arrive)` : ''} · {s.baseModel} on {s.dataset} · {s.training.steps} steps × {s.training.batchSize} × {s.training.sequenceLength} tokens ·
          created {formatDate(s.createdAt)}
        </p>
        {(s.earlyTerminate || s.constraints?.maxPeakMemoryBytes != null) && (
          <p className="muted" data-testid="search-settings">
            {s.earlyTerminate &&
              `Early termination: ${s.earlyTerminate.type === 'ASHA' ? 'ASHA' : 'Pareto'}, rungs at ${rungSteps(s.earlyTerminate, s.training).join(', ')} steps (η ${s.earlyTerminate.eta}${s.earlyTerminate.minRuns > 1 ? `, judged once ${s.earlyTerminate.minRuns} other runs reached the rung` : ''}).`}
            {s.earlyTerminate && s.constraints?.maxPeakMemoryBytes != null && ' '}
            {s.constraints?.maxPeakMemoryBytes != null &&
              `Memory budget: ${formatBytes(s.constraints.maxPeakMemoryBytes)} predicted peak per run (${s.infeasible.length} configuration${s.infeasible.length === 1 ? '' : 's'} over it, ${s.method === 'BAYES' ? 'never proposed' : 'not queued'}).`}
          </p>
        )}
        <div className="stats">
          <div className="card">
            <div className="label">Progress</div>
            <div className="value">
              <Progress fraction={p.fractionDone} /> {Math.round(p.fractionDone * 100)}%
            </div>
            <div className="muted">
              {p.succeeded} ok · {p.running} running · {p.queued} queued · {p.failed} failed · {p.cancelled} cancelled
              {p.pruned > 0 && ` · ${p.pruned} pruned`}
            </div>
          </div>
          <div className="card">
            <div className="label">Best accuracy</div>
            <div className="value">{formatPct(s.bestAccuracy)}</div>
          </div>
          <div className="card">
            <div className="label">Lowest peak memory</div>
            <div className="value">{formatBytes(s.lowestPeakMemoryBytes)}</div>
          </div>
          <div className="card">
            <div className="label">Runs</div>
            <div className="value">{s.runCount}</div>
          </div>
          {s.earlyTerminationSavings && (
            <div className="card" data-testid="steps-saved">
              <div className="label">Steps saved</div>
              <div className="value">{s.earlyTerminationSavings.endedRuns ? formatPct(s.earlyTerminationSavings.fractionSaved) : '—'}</div>
              <div className="muted">
                {s.earlyTerminationSavings.stepsTrained.toLocaleString('en-US')} of {s.earlyTerminationSavings.stepsFull.toLocaleString('en-US')} steps trained
              </div>
            </div>
          )}
        </div>
        {(s.status === 'RUNNING' || s.status === 'QUEUED') && <CancelSweepButton id={s.id} />}
        <LiveUpdates sweepId={s.id} active={s.status === 'RUNNING' || s.status === 'QUEUED'} />
      </>
    );
  } catch (err) {
    return <ErrorBox error={err} />;
  }
}

export default async function SweepPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> }) {
  const id = decodeURIComponent((await params).id);
  const sp = await searchParams;
  return (
    <>
      <Suspense fallback={<div className="skeleton" style={{ height: 120 }} />}>
        <SweepHeader id={id} />
      </Suspense>
      <Suspense fallback={<ChartSkeleton />}>
        <SweepCharts id={id} />
      </Suspense>
      <h2>
        LoRA vs QLoRA at matched settings{' '}
        <Link href={`/sweeps/${encodeURIComponent(id)}/compare`} style={{ fontSize: '.9rem', fontWeight: 400 }}>
          Full compare report →
        </Link>
      </h2>
      <Suspense fallback={<TableSkeleton />}>
        <ComparisonTable id={id} limit={10} />
      </Suspense>
      <h2 id="runs">Runs</h2>
      <Suspense key={JSON.stringify(sp)} fallback={<TableSkeleton rows={10} />}>
        <RunsTable id={id} sp={sp} />
      </Suspense>
    </>
  );
}
