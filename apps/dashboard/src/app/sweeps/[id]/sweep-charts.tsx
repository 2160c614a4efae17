import { HypervolumeChart } from '@/components/charts/hypervolume-chart';
import { ParallelCoordinates } from '@/components/charts/parallel-chart';
import { ParetoChart } from '@/components/charts/pareto-chart';
import { ConfigCells, ConfigHeaders } from '@/components/config-columns';
import { ErrorBox } from '@/components/states';
import { formatBytes, targetsLabel } from '@/lib/format';
import { loadFinishedRuns, loadPrunedRuns, loadSweep, type SweepDetail } from '@/lib/sweep-data';

/** Configurations the memory budget kept out of the queue, heaviest first, with their predicted memory against the budget. */
function InfeasibleList({ sweep }: { sweep: SweepDetail }) {
  const budget = sweep.constraints?.maxPeakMemoryBytes ?? null;
  const rows = [...sweep.infeasible].sort((a, b) => b.predictedMemoryBytes - a.predictedMemoryBytes);
  const bayes = sweep.method === 'BAYES';
  return (
    <section className="card" aria-labelledby="infeasible-title">
      <h2 id="infeasible-title" style={{ marginTop: 0 }}>
        Infeasible: {rows.length} configuration{rows.length === 1 ? '' : 's'} over the {formatBytes(budget)} budget
      </h2>
      <p className="muted" style={{ marginTop: 0 }}>
        {bayes
          ? 'Predicted above the memory budget, so never proposed: each row stands for every configuration with its base, rank and targets (alpha, learning rate and dropout change no memory).'
          : 'Predicted above the memory budget before they ran, so never queued.'}
      </p>
      <div className="table-wrap" style={{ maxHeight: 260, overflowY: 'auto' }}>
        <table aria-label="Infeasible configurations">
          <thead>
            <tr>
              <ConfigHeaders />
              <th scope="col" className="num">Predicted peak</th>
              <th scope="col" className="num">Over budget</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                <ConfigCells config={r.config} memoryOnly={bayes} />
                <td className="num">{formatBytes(r.predictedMemoryBytes)}</td>
                <td className="num">{budget ? `+${(((r.predictedMemoryBytes - budget) / budget) * 100).toFixed(1)}%` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export async function SweepCharts({ id }: { id: string }) {
  try {
    const [sweep, runs, pruned] = await Promise.all([loadSweep(id), loadFinishedRuns(id), loadPrunedRuns(id)]);
    const done = runs.filter((r) => r.summary);
    const hv = sweep.hypervolume;
    const last = hv.points[hv.points.length - 1];
    return (
      <>
        <div className="grid2">
          <section className="card" aria-labelledby="pareto-title">
            <h2 id="pareto-title" style={{ marginTop: 0 }}>
              Accuracy vs peak memory
            </h2>
            <ParetoChart
              frontIds={sweep.paretoFront.map((r) => r.id)}
              points={done.map((r) => ({
                id: r.id,
                ordinal: r.ordinal,
                accuracy: r.summary!.accuracy,
                peakMemoryBytes: r.summary!.peakMemoryBytes,
                quantization: r.config.quantization,
                rank: r.config.rank,
              }))}
              pruned={pruned.map((r) => ({
                id: r.id,
                ordinal: r.ordinal,
                prunedRung: r.prunedRung,
                prunedReason: r.prunedReason,
                predictedMemoryBytes: r.predictedMemoryBytes,
                quantization: r.config.quantization,
                rank: r.config.rank,
              }))}
              infeasible={sweep.infeasible.map((c) => ({ predictedMemoryBytes: c.predictedMemoryBytes, quantization: c.config.quantization, rank: c.config.rank }))}
              budgetBytes={sweep.constraints?.maxPeakMemoryBytes ?? null}
            />
            <p className="muted" style={{ margin: 0 }}>
              Colour: base format · size: rank · dashed: Pareto front ({sweep.paretoFront.length} runs).
              {(pruned.length > 0 || sweep.infeasible.length > 0) &&
                ' Strip below: pruned runs (△, labelled @step of their rung) and infeasible configurations (■) at their predicted memory; they have no accuracy.'}{' '}
              Click a point to open the run.
            </p>
          </section>
          <section className="card" aria-labelledby="parallel-title">
            <h2 id="parallel-title" style={{ marginTop: 0 }}>
              Parallel coordinates
            </h2>
            <ParallelCoordinates
              runs={done.map((r) => ({
                rank: r.config.rank,
                alpha: r.config.alpha,
                quantization: r.config.quantization,
                targets: targetsLabel(r.config.targetModules),
                learningRate: r.config.learningRate,
                accuracy: r.summary!.accuracy,
                peakMemoryMiB: Math.round((r.summary!.peakMemoryBytes / 1048576) * 10) / 10,
              }))}
            />
          </section>
        </div>
        <div className="grid2" style={{ marginTop: '1rem' }}>
          <section className="card" aria-labelledby="hypervolume-title">
            <h2 id="hypervolume-title" style={{ marginTop: 0 }}>
              Hypervolume of the front:{' '}
              <span data-testid="hypervolume">{last ? last.hypervolume.toFixed(3) : '—'}</span>
            </h2>
            <HypervolumeChart points={hv.points} />
            <p className="muted" style={{ margin: 0 }}>
              The share of the accuracy × memory box, from (0%, 0 B) to the reference point (0% accuracy,{' '}
              {hv.referenceMemoryBytes != null ? formatBytes(hv.referenceMemoryBytes) : '1.1 × the largest peak'}), that the Pareto front dominates, after each
              finished run; higher is better. {sweep.progress.pruned > 0 && `${sweep.progress.pruned} pruned run${sweep.progress.pruned === 1 ? '' : 's'} added none.`}
            </p>
          </section>
          {sweep.infeasible.length > 0 && <InfeasibleList sweep={sweep} />}
        </div>
      </>
    );
  } catch (err) {
    return <ErrorBox error={err} />;
  }
}
