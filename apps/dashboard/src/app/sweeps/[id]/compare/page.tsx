import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { CompareChart } from '@/components/charts/compare-chart';
import { ChartSkeleton, ErrorBox, TableSkeleton } from '@/components/states';
import { formatPct, targetsLabel } from '@/lib/format';
import { recommend, summarizeByFormat } from '@loralab/core';
import { one, type SearchParams } from '@/lib/search-params';
import { loadComparison, loadSweep } from '@/lib/sweep-data';
import { ComparisonTable } from '../comparison-table';

export const metadata: Metadata = { title: 'Compare report' };

async function Report({ id, tolerance }: { id: string; tolerance: number }) {
  try {
    const [sweep, comparison] = await Promise.all([loadSweep(id), loadComparison(id)]);
    const rec = recommend(sweep.paretoFront, tolerance);
    const byFormat = summarizeByFormat(comparison);
    const slug = sweep.name.replace(/[^A-Za-z0-9_-]+/g, '-') || 'sweep';
    const base = `/sweeps/${encodeURIComponent(id)}/compare/export`;
    return (
      <>
        <h1>LoRA vs QLoRA: {sweep.name}</h1>
        <p>
          <Link href={`/sweeps/${encodeURIComponent(id)}`}>← Sweep</Link> · Export:{' '}
          <a href={`${base}?format=md&tolerance=${tolerance}`} download>
            Markdown
          </a>{' '}
          ·{' '}
          <a href={`${base}?format=csv`} download>
            CSV
          </a>
        </p>
        <section className="card" aria-labelledby="rec-title" style={{ marginBottom: '1rem' }}>
          <h2 id="rec-title" style={{ marginTop: 0 }}>
            Recommendation
          </h2>
          <p data-testid="recommendation">{rec ? rec.text : 'No finished runs yet.'}</p>
          <form method="get" className="filters" aria-label="Tolerance">
            <label>
              Within (accuracy points of the best)
              <input name="tolerance" type="number" min={0} step="any" defaultValue={tolerance} style={{ width: 120 }} />
            </label>
            <button type="submit">Update</button>
          </form>
        </section>
        <div className="grid2">
          <section className="card" aria-labelledby="chart-title">
            <h2 id="chart-title" style={{ marginTop: 0 }}>
              Memory saved vs accuracy change
            </h2>
            <CompareChart
              fileName={`${slug}-compare`}
              points={comparison.map((p) => ({
                quantization: p.quantization,
                label: `${p.quantization} r${p.baseline.config.rank} ${targetsLabel(p.baseline.config.targetModules)} lr ${p.baseline.config.learningRate}`,
                accuracyDeltaPoints: p.accuracyDelta * 100,
                memorySavedPct: (1 - p.memoryRatio) * 100,
              }))}
            />
          </section>
          <section className="card" aria-labelledby="format-title">
            <h2 id="format-title" style={{ marginTop: 0 }}>
              By base format
            </h2>
            {byFormat.length ? (
              <table aria-label="Averages by base format">
                <thead>
                  <tr>
                    <th scope="col">Base</th>
                    <th scope="col" className="num">Pairs</th>
                    <th scope="col" className="num">Mean Δ accuracy</th>
                    <th scope="col" className="num">Mean memory saved</th>
                  </tr>
                </thead>
                <tbody>
                  {byFormat.map((g) => (
                    <tr key={g.quantization}>
                      <td>{g.quantization}</td>
                      <td className="num">{g.pairs}</td>
                      <td className="num">{(g.meanAccuracyDelta * 100).toFixed(2)} pt</td>
                      <td className="num">{formatPct(g.meanMemorySaved)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <div className="empty">No matched pairs yet.</div>
            )}
          </section>
        </div>
      </>
    );
  } catch (err) {
    return <ErrorBox error={err} />;
  }
}

export default async function ComparePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> }) {
  const id = decodeURIComponent((await params).id);
  const sp = await searchParams;
  const t = Number(one(sp, 'tolerance') ?? 1);
  const tolerance = Number.isFinite(t) && t >= 0 ? t : 1;
  return (
    <>
      <Suspense fallback={<ChartSkeleton />}>
        <Report id={id} tolerance={tolerance} />
      </Suspense>
      <h2>Matched pairs</h2>
      <Suspense fallback={<TableSkeleton />}>
        <ComparisonTable id={id} />
      </Suspense>
    </>
  );
}
