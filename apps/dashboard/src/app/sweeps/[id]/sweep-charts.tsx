import { ParallelCoordinates } from '@/components/charts/parallel-chart';
import { ParetoChart } from '@/components/charts/pareto-chart';
import { ErrorBox } from '@/components/states';
import { targetsLabel } from '@/lib/format';
import { loadFinishedRuns, loadSweep } from '@/lib/sweep-data';

export async function SweepCharts({ id }: { id: string }) {
  try {
    const [sweep, runs] = await Promise.all([loadSweep(id), loadFinishedRuns(id)]);
    const done = runs.filter((r) => r.summary);
    return (
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
          />
          <p className="muted" style={{ margin: 0 }}>
            Colour: base format · size: rank · dashed: Pareto front ({sweep.paretoFront.length} runs). Click a point to open the run.
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
    );
  } catch (err) {
    return <ErrorBox error={err} />;
  }
}
