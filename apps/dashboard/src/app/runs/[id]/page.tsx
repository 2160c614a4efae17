import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense, type ReactNode } from 'react';
import { graphql, type ResultOf } from '@loralab/client';
import { CurvesChart } from '@/components/charts/curves-chart';
import { MemoryChart } from '@/components/charts/memory-chart';
import { LiveRefresh } from '@/components/live-refresh';
import { ChartSkeleton, ErrorBox, StatusBadge } from '@/components/states';
import { accuracyMetricLabel, formatBytes, formatDate, formatPct, targetsLabel } from '@/lib/format';
import { apiClient } from '@/lib/session';
import { CancelRunButton } from './cancel-run-button';

export const metadata: Metadata = { title: 'Run' };

const RunDetailQuery = graphql(`
  query RunDetail($id: ID!) {
    run(id: $id) {
      id ordinal status prunedRung prunedReason attempt maxAttempts error errorDetail { code file line row field } predictedMemoryBytes queuedAt startedAt finishedAt leaseExpiresAt cancelRequested
      sweep { id name }
      artifacts { id kind name sizeBytes sha256 createdAt }
      agent { id name backend hostname online }
      config { baseModel dataset datasetSettings { format trainOn packing evalDataset evalFraction } rank alpha quantization doubleQuant targetModules learningRate dropout warmupRatio steps batchSize gradientAccumulation sequenceLength activationBudgetMiB evalBatchSize evalInterval seed }
      summary {
        accuracy accuracyMetric evalLoss perplexity peakMemoryBytes predictedMemoryBytes trainableParams totalParams tokensPerSecond durationSeconds evalBatchSize evalPeakMemoryBytes
        memory { baseWeights adapters gradients optimizerState activations }
      }
    }
  }
`);
type RunDetail = ResultOf<typeof RunDetailQuery>['run'];

/** The final evaluation's batch, and why it is that one: the configuration's, chosen automatically (0: within the predicted training peak, halved if it did not fit), or the configuration's halved to fit. */
function evalBatchText(used: number, configured: number): string {
  const n = `${used} sequence${used === 1 ? '' : 's'} per forward pass`;
  if (configured === 0) return `${n} (chosen automatically: the config's evalBatchSize is 0)`;
  if (used < configured) return `${n} (${configured} did not fit the device memory and was halved)`;
  return n;
}

/** Where a malformed dataset record is (file, line or row, field), and the error's code, as the agent reported them. */
function ErrorDetail({ detail }: { detail: NonNullable<RunDetail['errorDetail']> }) {
  const rows: [string, ReactNode][] = [['Code', <code key="code">{detail.code}</code>]];
  if (detail.file != null) rows.push(['File', <code key="file">{detail.file}</code>]);
  if (detail.line != null) rows.push(['Line', String(detail.line)]);
  if (detail.row != null) rows.push(['Row', `${detail.row} (from 0)`]);
  if (detail.file != null) rows.push(['Field', detail.field != null ? <code key="field">{detail.field}</code> : 'the record as a whole']);
  return (
    <dl data-testid="error-detail" style={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '0.2rem 1rem', margin: '0.5rem 0 0' }}>
      {rows.map(([label, value]) => (
        <div key={label} style={{ display: 'contents' }}>
          <dt className="muted">{label}</dt>
          <dd style={{ margin: 0, overflowWrap: 'anywhere' }}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

// Downsampled on the server: at most 1000 points per series whatever the run's length.
const RunMetricsQuery = graphql(`
  query RunMetrics($id: ID!, $keys: [String!]) { run(id: $id) { metrics(keys: $keys, maxPoints: 1000) { key downsampled points { step value } } } }
`);

async function loadRun(id: string): Promise<RunDetail> {
  const client = await apiClient();
  return (await client.request(RunDetailQuery, { id })).run;
}

const CURVE_KEYS = ['train/loss', 'eval/loss', 'eval/accuracy'];

const RunPeakQuery = graphql(`
  query RunPeak($id: ID!) { run(id: $id) { metrics(keys: ["memory/peak_bytes"], maxPoints: 2) { max } } }
`);

/**
 * The highest peak of the training steps the agent measured (`memory/peak_bytes`, its first
 * steps, or every step on a device with a memory cap), over every point the API stores, for a run
 * without a final peak (running, pruned, failed): what early termination compares at a rung.
 * Null when none was logged.
 */
async function trainingPeak(id: string): Promise<number | null> {
  const client = await apiClient();
  const { run } = await client.request(RunPeakQuery, { id });
  return run.metrics[0]?.max ?? null;
}

async function Curves({ id }: { id: string }) {
  try {
    const client = await apiClient();
    // Only loss and accuracy: an agent also logs learning rate, gradient norm, throughput and
    // memory in bytes, whose scale flattened the loss to the axis.
    const { run } = await client.request(RunMetricsQuery, { id, keys: CURVE_KEYS });
    // A requested key the run has not logged comes back as an empty series.
    const logged = run.metrics.filter((m) => m.points.length > 0);
    return (
      <>
        <CurvesChart series={logged} />
        {run.metrics.some((m) => m.downsampled) && <p className="muted">Long series are downsampled by the API to 1,000 points.</p>}
      </>
    );
  } catch (err) {
    return <ErrorBox error={err} />;
  }
}

/** What PEFT loads (`PeftModel.from_pretrained(folder)`); the archive is offered once both are uploaded. */
const PEFT_FILES = ['adapter_config.json', 'adapter_model.safetensors'];

function Artifacts({ runId, artifacts }: { runId: string; artifacts: RunDetail['artifacts'] }) {
  if (artifacts.length === 0) return <div className="empty">No files yet: the agent uploads checkpoints while training and the adapter when the run succeeds.</div>;
  const hasAdapter = PEFT_FILES.every((name) => artifacts.some((a) => a.kind === 'adapter' && a.name === name));
  const sorted = [...artifacts].sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'adapter' ? -1 : 1));
  return (
    <>
      {hasAdapter && (
        <p>
          <a className="button" href={`/api/artifacts/${encodeURIComponent(runId)}/adapter.tar`} download>
            Download adapter
          </a>{' '}
          <span className="muted">one .tar of a folder PEFT loads: adapter_config.json and adapter_model.safetensors</span>
        </p>
      )}
      <div className="table-wrap">
        <table aria-label="Artifacts">
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">File</th>
              <th scope="col">Size</th>
              <th scope="col">SHA-256</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((a) => (
              <tr key={a.id}>
                <td>{a.kind}</td>
                <td>
                  <a href={`/api/artifacts/${encodeURIComponent(a.id)}`} download={a.name}>
                    {a.name}
                  </a>
                </td>
                <td>{formatBytes(a.sizeBytes)}</td>
                <td>
                  <code title={a.sha256}>{a.sha256}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/**
 * What the Predicted tile's figure is. The run's prediction (the one the sweep's budget and its
 * runs table use) is the estimator's scaled by the learned correction; the memory chart compares
 * the measurement with the estimator's own for the run as it finished (its final micro-batch and
 * eval batch), part by part. Say both when they differ.
 */
function predictedNote(queued: number | null, estimator: number | null): string {
  if (queued == null) return estimator == null ? '' : "the estimator's";
  if (estimator == null || Math.abs(queued - estimator) <= 0.005 * estimator) return 'when queued';
  return `when queued; the estimator for the run as it finished: ${formatBytes(estimator)}`;
}

function datasetSettingsLabel(d: RunDetail['config']['datasetSettings']): string {
  return Object.entries(d)
    .filter(([, v]) => v != null)
    .map(([k, v]) => `${k} ${String(v)}`)
    .join(' · ');
}

function ConfigTable({ config }: { config: RunDetail['config'] }) {
  return (
    <table aria-label="Configuration">
      <tbody>
        {Object.entries(config).map(([k, v]) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td>{k === 'targetModules' ? targetsLabel(v as string[]) : k === 'datasetSettings' ? datasetSettingsLabel(v as RunDetail['config']['datasetSettings']) : String(v)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const id = decodeURIComponent((await params).id);
  let run: RunDetail;
  try {
    run = await loadRun(id);
  } catch (err) {
    return <ErrorBox error={err} />;
  }
  const s = run.summary;
  const peakSoFar = s ? null : await trainingPeak(run.id).catch(() => null);
  return (
    <>
      <p>
        <Link href={`/sweeps/${encodeURIComponent(run.sweep.id)}`}>← {run.sweep.name}</Link>
      </p>
      <h1>
        Run #{run.ordinal} <StatusBadge status={run.status} prunedRung={run.prunedRung} />
      </h1>
      {(run.status === 'QUEUED' || (run.status === 'RUNNING' && !run.cancelRequested)) && <CancelRunButton id={run.id} />}
      {run.cancelRequested && run.status === 'RUNNING' && <p className="muted">Cancellation requested: the agent stops within one heartbeat.</p>}
      <LiveRefresh url={`/api/live/runs/${encodeURIComponent(run.id)}`} active={run.status === 'RUNNING'} label="curves update as metrics arrive" />
      {run.status === 'PRUNED' && (
        <p data-testid="pruned-note">
          The sweep&apos;s early termination stopped this run: {run.prunedReason ?? `pruned at rung step ${run.prunedRung}`}. It was judged on its eval loss at the
          rung against the other runs that reached it; accuracy is measured only at the end, so it has none, and the search counts it as pruned, not failed.
        </p>
      )}
      {run.error && run.status !== 'PRUNED' && (
        <div role="alert" className="card error" style={{ marginBottom: '1rem' }}>
          <strong>Error:</strong> {run.error}
          {run.errorDetail && <ErrorDetail detail={run.errorDetail} />}
        </div>
      )}
      <div className="stats">
        <div className="card">
          <div className="label">Accuracy</div>
          <div className="value">{formatPct(s?.accuracy)}</div>
          {s?.accuracyMetric && <div className="muted" data-testid="accuracy-metric">{accuracyMetricLabel(s.accuracyMetric)}</div>}
        </div>
        <div className="card">
          <div className="label">Eval loss</div>
          <div className="value">{s ? s.evalLoss.toFixed(3) : '—'}</div>
        </div>
        <div className="card">
          <div className="label">Peak memory (measured)</div>
          <div className="value">{formatBytes(s?.peakMemoryBytes ?? peakSoFar)}</div>
          {peakSoFar != null && (
            <div className="muted" data-testid="training-peak-note">
              of its training steps so far
            </div>
          )}
        </div>
        <div className="card">
          <div className="label">Predicted</div>
          <div className="value">{formatBytes(run.predictedMemoryBytes ?? s?.predictedMemoryBytes)}</div>
          <div className="muted" data-testid="predicted-note">
            {predictedNote(run.predictedMemoryBytes, s?.predictedMemoryBytes ?? null)}
          </div>
        </div>
        <div className="card">
          <div className="label">Trainable / total params</div>
          <div className="value">{s ? `${s.trainableParams.toLocaleString('en')} / ${s.totalParams.toLocaleString('en')}` : '—'}</div>
        </div>
        <div className="card">
          <div className="label">Throughput</div>
          <div className="value">{s ? `${Math.round(s.tokensPerSecond).toLocaleString('en')} tok/s` : '—'}</div>
          <div className="muted">{s ? `${s.durationSeconds.toFixed(1)} s` : ''}</div>
        </div>
      </div>
      <div className="grid2">
        <section className="card" aria-labelledby="curves-title">
          <h2 id="curves-title" style={{ marginTop: 0 }}>
            Loss and accuracy
          </h2>
          <Suspense fallback={<ChartSkeleton />}>
            <Curves id={run.id} />
          </Suspense>
        </section>
        <section className="card" aria-labelledby="memory-title">
          <h2 id="memory-title" style={{ marginTop: 0 }}>
            Memory: measured against the estimator
          </h2>
          {s ? <MemoryChart measured={s.memory} predicted={s.predictedMemoryBytes} /> : <div className="empty">Measured once the run succeeds.</div>}
        </section>
      </div>
      <div className="grid2" style={{ marginTop: '1rem' }}>
        <section className="card" aria-labelledby="config-title">
          <h2 id="config-title" style={{ marginTop: 0 }}>
            Configuration
          </h2>
          <ConfigTable config={run.config} />
        </section>
        <section className="card" aria-labelledby="exec-title">
          <h2 id="exec-title" style={{ marginTop: 0 }}>
            Execution
          </h2>
          <table aria-label="Execution" className="wrap">
            <tbody>
              <tr>
                <th scope="row">Agent</th>
                <td>{run.agent ? `${run.agent.name} (${run.agent.backend} on ${run.agent.hostname || 'unknown host'}, ${run.agent.online ? 'online' : 'offline'})` : '—'}</td>
              </tr>
              <tr>
                <th scope="row">Attempts</th>
                <td>
                  {run.attempt} of {run.maxAttempts}
                </td>
              </tr>
              {s?.evalBatchSize != null && (
                <tr>
                  <th scope="row">Evaluation batch</th>
                  <td data-testid="eval-batch">{evalBatchText(s.evalBatchSize, run.config.evalBatchSize)}</td>
                </tr>
              )}
              {s?.evalPeakMemoryBytes != null && (
                <tr>
                  <th scope="row">Evaluation peak (measured)</th>
                  <td>{formatBytes(s.evalPeakMemoryBytes)}</td>
                </tr>
              )}
              <tr>
                <th scope="row">Queued</th>
                <td>{formatDate(run.queuedAt)}</td>
              </tr>
              <tr>
                <th scope="row">Started</th>
                <td>{formatDate(run.startedAt)}</td>
              </tr>
              <tr>
                <th scope="row">Finished</th>
                <td>{formatDate(run.finishedAt)}</td>
              </tr>
            </tbody>
          </table>
        </section>
      </div>
      <section className="card" aria-labelledby="artifacts-title" style={{ marginTop: '1rem' }}>
        <h2 id="artifacts-title" style={{ marginTop: 0 }}>
          Artifacts
        </h2>
        <Artifacts runId={run.id} artifacts={run.artifacts} />
      </section>
    </>
  );
}
