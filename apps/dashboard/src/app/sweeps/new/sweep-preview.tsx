import { memoryCorrectionText, rungSteps, type SweepPlan } from '@loralab/core';
import { ConfigCells, ConfigHeaders } from '@/components/config-columns';
import { formatBytes } from '@/lib/format';
import type { EstimatedConfiguration, EstimateResult } from './actions';

function ConfigurationsTable({ label, rows, scale, color, memoryOnly = false }: { label: string; rows: EstimatedConfiguration[]; scale: number; color: string; memoryOnly?: boolean }) {
  return (
    <div className="table-wrap" style={{ maxHeight: 420, overflowY: 'auto' }}>
      <table aria-label={label}>
        <thead>
          <tr>
            <th scope="col" className="num">#</th>
            <ConfigHeaders />
            <th scope="col" className="num">Predicted peak</th>
            <th scope="col">
              <span className="sr-only">Relative</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c, i) => (
            <tr key={i}>
              <td className="num">{i}</td>
              <ConfigCells config={c} memoryOnly={memoryOnly} />
              <td className="num">{formatBytes(c.memoryTotal)}</td>
              <td>
                <span className="progress" aria-hidden="true">
                  <span style={{ width: `${scale ? Math.min(100, ((c.memoryTotal ?? 0) / scale) * 100) : 0}%`, background: color }} />
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** What early termination will do with runs of this plan: its rungs, in steps. */
function earlyTerminationText(plan: SweepPlan): string | null {
  const et = plan.earlyTerminate;
  if (!et) return null;
  const rungs = rungSteps(et, plan.training);
  const how =
    et.type === 'ASHA'
      ? `a run is stopped at a rung unless its eval loss is among the best ⌊n/${et.eta}⌋ (${Math.round(100 / et.eta)}%) of the n runs that reached it`
      : `a run is stopped at a rung only when at least ${Math.round((1 - 1 / et.eta) * 100)}% of the other runs that reached it dominate it: no worse on eval loss and peak memory (the measured peak of their training steps, else the prediction), better on one (the first run at a rung is never stopped)`;
  const judged = et.minRuns > 1 ? ` A run is judged only once ${et.minRuns} other runs have reached its rung.` : '';
  return `Early termination (${et.type === 'ASHA' ? 'ASHA' : 'Pareto'}): rungs at step${rungs.length === 1 ? '' : 's'} ${rungs.join(', ')} of ${plan.training.steps}; ${how}.${judged} A stopped run ends pruned, with its rung.`;
}

/** The builder's preview: the runs a sweep will create (or, for BAYES, its budget), their predicted memory, and what the budget keeps out. */
export function SweepPreview({ estimate, plan, stale }: { estimate: EstimateResult; plan: SweepPlan; stale: boolean }) {
  const queued = estimate.configurations ?? [];
  const infeasible = estimate.infeasible ?? [];
  const budget = plan.constraints?.maxPeakMemoryBytes ?? null;
  const scale = Math.max(0, budget ?? 0, ...[...queued, ...infeasible].map((c) => c.memoryTotal ?? 0));
  const et = earlyTerminationText(plan);
  const corrected = estimate.memoryCorrection ? memoryCorrectionText(estimate.memoryCorrection, plan.baseModel) : null;
  return (
    <section className="card" aria-labelledby="estimate-title" style={{ marginTop: '1rem' }}>
      {plan.method === 'BAYES' ? (
        <>
          <h2 id="estimate-title" style={{ marginTop: 0 }}>
            Up to <span data-testid="run-budget">{plan.maxRuns}</span> runs, proposed as results arrive
          </h2>
          <p data-testid="bayes-explainer">
            BAYES (multi-objective TPE, seed {plan.seed ?? 0}) creates no runs up front: each time an agent claims, it proposes the next configuration from the runs
            that finished, to raise eval accuracy and lower peak memory, until {plan.maxRuns} runs were made. Agents claiming together get different proposals.
            {budget != null &&
              ` Configurations predicted above the budget of ${formatBytes(budget)} are never proposed${infeasible.length ? `: ${infeasible.length} combination${infeasible.length === 1 ? '' : 's'} of base, rank and targets, below` : ''}.`}
          </p>
        </>
      ) : (
        <h2 id="estimate-title" style={{ marginTop: 0 }}>
          <span data-testid="run-count">{estimate.runCount}</span> runs · predicted peak memory
          {infeasible.length > 0 && (
            <>
              {' '}
              · <span data-testid="infeasible-count">{infeasible.length}</span> above the budget, not queued
            </>
          )}
        </h2>
      )}
      {stale && <p className="muted">The form changed since this preview: preview again to update it.</p>}
      {corrected && (
        <p className="muted" data-testid="correction-note">
          {corrected}
        </p>
      )}
      {et && <p data-testid="early-termination-explainer">{et}</p>}
      {budget != null && plan.method !== 'BAYES' && (
        <p className="muted">
          Memory budget {formatBytes(budget)} ({budget.toLocaleString('en-US')} bytes): configurations predicted above it are listed below and never queued.
        </p>
      )}
      {queued.length > 0 && <ConfigurationsTable label="Planned runs and predicted peak memory" rows={queued} scale={scale} color="#0b5cad" />}
      {infeasible.length > 0 && (
        <>
          <h3 id="infeasible-title">Infeasible: predicted above the budget of {formatBytes(budget)}</h3>
          <ConfigurationsTable label="Infeasible configurations and predicted peak memory" rows={infeasible} scale={scale} color="#b3261e" memoryOnly={plan.method === 'BAYES'} />
        </>
      )}
    </section>
  );
}
