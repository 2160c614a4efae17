'use client';

import { useRouter } from 'next/navigation';
import { useMemo, useState, useTransition } from 'react';
import { DATASET_FORMAT_FIELDS, DATASET_FORMATS, DATASET_SETTING_DESCRIPTIONS, parseSweepFile, QUANT_TYPES, SWEEP_DIMENSIONS, toSweepFile, TRAIN_ON, type DatasetFormat, type QuantType, type SearchMethod, type SweepPlanInput, type SweepSpecInput, type TargetModule, type TrainOn } from '@loralab/core';
import { formatBytes, targetsLabel } from '@/lib/format';
import { estimateSweep, launchSweep, type EstimateResult } from './actions';

const TARGET_SETS: Record<string, TargetModule[]> = {
  'q+v': ['Q_PROJ', 'V_PROJ'],
  'q+k+v+o': ['Q_PROJ', 'K_PROJ', 'V_PROJ', 'O_PROJ'],
  'mlp (gate+up+down)': ['GATE_PROJ', 'UP_PROJ', 'DOWN_PROJ'],
  all: ['Q_PROJ', 'K_PROJ', 'V_PROJ', 'O_PROJ', 'GATE_PROJ', 'UP_PROJ', 'DOWN_PROJ'],
};

interface FormState {
  name: string;
  projectId: string;
  baseModel: string;
  dataset: string;
  datasetFormat: DatasetFormat;
  trainOn: TrainOn;
  packing: boolean;
  evalDataset: string;
  evalFraction: string;
  method: SearchMethod;
  maxRuns: string;
  seed: string;
  ranks: string;
  alphas: string;
  quantization: QuantType[];
  targetSets: string[];
  learningRates: string;
  warmupRatios: string;
  steps: string;
  batchSize: string;
  doubleQuant: boolean;
}

const numbers = (s: string) =>
  s
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(Number);
const optInt = (s: string) => (s.trim() === '' ? undefined : Number(s));

/** A number field: a list (`1e-4, 2e-4`) or a range (`1e-5..1e-2 log`; for rank, `4..64`, powers of two). */
const RANGE_TEXT = /^\s*([^\s.][^\s]*?)\s*\.\.\s*([^\s]+?)\s*(log)?\s*$/i;
function numbersOrRange(s: string, log: boolean): number[] | { min: number; max: number; log?: boolean } {
  const m = RANGE_TEXT.exec(s);
  if (!m) return numbers(s);
  return log ? { min: Number(m[1]), max: Number(m[2]), log: Boolean(m[3]) } : { min: Number(m[1]), max: Number(m[2]) };
}
function formatNumbersOrRange(v: readonly number[] | { min: number; max: number; log?: boolean }): string {
  return Array.isArray(v) ? v.join(', ') : `${(v as { min: number }).min}..${(v as { max: number }).max}${(v as { log?: boolean }).log ? ' log' : ''}`;
}

function toPlan(f: FormState): SweepPlanInput {
  return {
    method: f.method,
    ...(f.method !== 'GRID' ? { maxRuns: optInt(f.maxRuns), seed: optInt(f.seed) } : {}),
    baseModel: f.baseModel,
    dataset: f.dataset,
    datasetSettings: {
      format: f.datasetFormat,
      trainOn: f.trainOn,
      packing: f.packing,
      ...(f.evalDataset.trim() ? { evalDataset: f.evalDataset.trim() } : {}),
      ...(f.evalFraction.trim() ? { evalFraction: Number(f.evalFraction) } : {}),
    },
    training: { steps: optInt(f.steps), batchSize: optInt(f.batchSize) },
    space: {
      rank: numbersOrRange(f.ranks, false) as number[] | { min: number; max: number },
      alpha: numbersOrRange(f.alphas, true),
      quantization: f.quantization,
      targetModules: f.targetSets.map((k) => TARGET_SETS[k]),
      learningRate: numbersOrRange(f.learningRates, true),
      warmupRatio: numbers(f.warmupRatios),
      doubleQuant: f.doubleQuant ? [true] : [false],
    },
  };
}

function fromPlan(plan: SweepPlanInput, name: string, prev: FormState): FormState {
  const sets = plan.space.targetModules.map((set) => {
    const hit = Object.entries(TARGET_SETS).find(([, v]) => v.length === set.length && v.every((m) => set.includes(m)));
    return hit?.[0];
  });
  return {
    ...prev,
    name,
    baseModel: plan.baseModel,
    dataset: plan.dataset,
    datasetFormat: plan.datasetSettings?.format ?? 'AUTO',
    trainOn: plan.datasetSettings?.trainOn ?? 'COMPLETION',
    packing: Boolean(plan.datasetSettings?.packing),
    evalDataset: plan.datasetSettings?.evalDataset ?? '',
    evalFraction: plan.datasetSettings?.evalFraction != null ? String(plan.datasetSettings.evalFraction) : '',
    method: plan.method ?? 'GRID',
    maxRuns: plan.maxRuns != null ? String(plan.maxRuns) : '',
    seed: plan.seed != null ? String(plan.seed) : '',
    ranks: formatNumbersOrRange(plan.space.rank),
    alphas: formatNumbersOrRange(plan.space.alpha ?? SWEEP_DIMENSIONS.alpha.default),
    quantization: plan.space.quantization,
    targetSets: sets.filter((s): s is string => Boolean(s)),
    learningRates: formatNumbersOrRange(plan.space.learningRate ?? SWEEP_DIMENSIONS.learningRate.default),
    warmupRatios: (plan.space.warmupRatio ?? SWEEP_DIMENSIONS.warmupRatio.default).join(', '),
    steps: plan.training?.steps != null ? String(plan.training.steps) : prev.steps,
    batchSize: plan.training?.batchSize != null ? String(plan.training.batchSize) : prev.batchSize,
    doubleQuant: Boolean(plan.space.doubleQuant?.includes(true)),
  };
}

function FieldError({ id, message }: { id: string; message?: string }) {
  return (
    <span id={id} className="field-error" role={message ? 'alert' : undefined}>
      {message ?? ''}
    </span>
  );
}

export function SweepBuilder({
  projects,
  initialProjectId,
  baseModels,
  datasets,
}: {
  projects: Array<{ id: string; name: string }>;
  initialProjectId?: string;
  /** Built-in references from @loralab/core, passed by the server page. */
  baseModels: readonly string[];
  datasets: readonly string[];
}) {
  const router = useRouter();
  const [tab, setTab] = useState<'form' | 'yaml'>('form');
  const [f, setF] = useState<FormState>({
    name: '',
    projectId: initialProjectId ?? projects[0]?.id ?? '',
    baseModel: baseModels[0] ?? '',
    dataset: datasets[0] ?? '',
    datasetFormat: 'AUTO',
    trainOn: 'COMPLETION',
    packing: false,
    evalDataset: '',
    evalFraction: '',
    method: 'GRID',
    maxRuns: '',
    seed: '',
    ranks: '4, 8',
    alphas: '16',
    quantization: ['FP32', 'NF4'],
    targetSets: ['q+v'],
    learningRates: SWEEP_DIMENSIONS.learningRate.default.join(', '),
    warmupRatios: SWEEP_DIMENSIONS.warmupRatio.default.join(', '),
    steps: '200',
    batchSize: '8',
    doubleQuant: false,
  });
  const [yaml, setYaml] = useState('');
  const [yamlProblems, setYamlProblems] = useState<string[]>([]);
  const [estimate, setEstimate] = useState<EstimateResult | null>(null);
  const [errors, setErrors] = useState<{ message?: string; fields?: Record<string, string> }>({});
  const [pending, start] = useTransition();
  const [stale, setStale] = useState(false);
  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => {
    setF((prev) => ({ ...prev, [k]: v }));
    setStale(true);
  };
  const err = (k: string) => errors.fields?.[k];

  /** The sweep from whichever tab is showing; the YAML tab's file replaces the form. */
  const currentSweep = (): { spec: SweepSpecInput; plan: SweepPlanInput; projectId: string } | null => {
    if (tab === 'form') return { spec: { ...toPlan(f), name: f.name }, plan: toPlan(f), projectId: f.projectId };
    const r = parseSweepFile(yaml);
    if (!r.ok) {
      setYamlProblems(r.problems.map((p) => `${p.line ? `line ${p.line}: ` : ''}${p.path || '(file)'}: ${p.message}`));
      return null;
    }
    setYamlProblems([]);
    const byName = r.project ? projects.find((p) => p.name === r.project || p.id === r.project) : undefined;
    const { name: _name, maxAttempts: _attempts, ...plan } = r.spec;
    return { spec: r.spec, plan, projectId: byName?.id ?? f.projectId };
  };

  const onEstimate = () => {
    const cur = currentSweep();
    if (!cur) return;
    start(async () => {
      const r = await estimateSweep(cur.plan);
      setErrors({ message: r.message, fields: r.fields });
      setEstimate(r.runCount != null ? r : null);
      setStale(false);
    });
  };

  const onLaunch = () => {
    const cur = currentSweep();
    if (!cur) return;
    start(async () => {
      const r = await launchSweep(cur.projectId, cur.spec);
      if (r.sweepId) {
        router.push(`/sweeps/${encodeURIComponent(r.sweepId)}`);
        return;
      }
      setErrors({ message: r.message, fields: r.fields });
      if (tab === 'yaml' && r.fields) setYamlProblems(Object.entries(r.fields).map(([k, v]) => `${k}: ${v}`));
    });
  };

  const switchTab = (next: 'form' | 'yaml') => {
    if (next === tab) return;
    if (next === 'yaml') {
      const projectName = projects.find((p) => p.id === f.projectId)?.name;
      setYaml(toSweepFile({ ...toPlan(f), name: f.name || 'my-sweep' }, projectName));
      setYamlProblems([]);
    } else {
      const r = parseSweepFile(yaml);
      if (r.ok) setF((prev) => fromPlan(r.spec, r.spec.name, prev));
    }
    setTab(next);
  };

  const maxMemory = useMemo(() => Math.max(0, ...(estimate?.configurations ?? []).map((c) => c.memoryTotal ?? 0)), [estimate]);

  return (
    <div>
      <div className="tabs" role="tablist" aria-label="Sweep definition">
        <button type="button" role="tab" id="tab-form" aria-controls="panel-form" aria-selected={tab === 'form'} onClick={() => switchTab('form')}>
          Form
        </button>
        <button type="button" role="tab" id="tab-yaml" aria-controls="panel-yaml" aria-selected={tab === 'yaml'} onClick={() => switchTab('yaml')}>
          YAML
        </button>
      </div>

      {tab === 'form' ? (
        <div id="panel-form" role="tabpanel" aria-labelledby="tab-form" className="card">
          <div className="form-grid">
            <label>
              Sweep name
              <input name="name" value={f.name} onChange={(e) => set('name', e.target.value)} aria-invalid={Boolean(err('name'))} aria-describedby="err-name" />
              <FieldError id="err-name" message={err('name')} />
            </label>
            <label>
              Project
              <select name="projectId" value={f.projectId} onChange={(e) => set('projectId', e.target.value)} aria-describedby="err-projectId">
                {projects.length === 0 && <option value="">No projects: create one first</option>}
                {projects.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
              <FieldError id="err-projectId" message={err('projectId')} />
            </label>
            <label>
              Base model
              <input name="baseModel" list="base-models" value={f.baseModel} onChange={(e) => set('baseModel', e.target.value)} aria-describedby="err-baseModel" />
              <datalist id="base-models">
                {baseModels.map((m) => (
                  <option key={m} value={m} />
                ))}
              </datalist>
              <FieldError id="err-baseModel" message={err('baseModel')} />
            </label>
            <label>
              Dataset
              <input name="dataset" list="datasets" value={f.dataset} onChange={(e) => set('dataset', e.target.value)} aria-describedby="err-dataset" />
              <datalist id="datasets">
                {datasets.map((d) => (
                  <option key={d} value={d} />
                ))}
              </datalist>
              <FieldError id="err-dataset" message={err('dataset')} />
            </label>
            <label>
              Dataset format
              <select name="datasetFormat" value={f.datasetFormat} onChange={(e) => set('datasetFormat', e.target.value as DatasetFormat)} title={DATASET_SETTING_DESCRIPTIONS.format} aria-describedby="err-format">
                {DATASET_FORMATS.map((d) => (
                  <option key={d} value={d} title={DATASET_FORMAT_FIELDS[d]}>
                    {d.toLowerCase().replace('_', '/')}
                  </option>
                ))}
              </select>
              <FieldError id="err-format" message={err('format')} />
            </label>
            <label>
              Loss on
              <select name="trainOn" value={f.trainOn} onChange={(e) => set('trainOn', e.target.value as TrainOn)} title={DATASET_SETTING_DESCRIPTIONS.trainOn}>
                {TRAIN_ON.map((t) => (
                  <option key={t} value={t}>
                    {t === 'COMPLETION' ? 'completion / assistant tokens' : 'all tokens'}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Eval file (optional; else the split field or a fraction)
              <input name="evalDataset" value={f.evalDataset} onChange={(e) => set('evalDataset', e.target.value)} aria-describedby="err-evalDataset" />
              <FieldError id="err-evalDataset" message={err('evalDataset')} />
            </label>
            <label>
              Eval fraction (default 0.1)
              <input name="evalFraction" inputMode="decimal" value={f.evalFraction} onChange={(e) => set('evalFraction', e.target.value)} aria-describedby="err-evalFraction" />
              <FieldError id="err-evalFraction" message={err('evalFraction')} />
            </label>
            <label>
              <input type="checkbox" name="packing" checked={f.packing} onChange={(e) => set('packing', e.target.checked)} title={DATASET_SETTING_DESCRIPTIONS.packing} />
              pack several examples per sequence
            </label>
            <label>
              Method
              <select name="method" value={f.method} onChange={(e) => set('method', e.target.value as FormState['method'])}>
                <option value="GRID">grid (every combination)</option>
                <option value="RANDOM">random</option>
                <option value="BAYES">bayes (accuracy vs memory; runs proposed as results arrive)</option>
              </select>
            </label>
            {f.method !== 'GRID' && (
              <>
                <label>
                  Max runs (the budget)
                  <input name="maxRuns" inputMode="numeric" value={f.maxRuns} onChange={(e) => set('maxRuns', e.target.value)} aria-describedby="err-maxRuns" />
                  <FieldError id="err-maxRuns" message={err('maxRuns')} />
                </label>
                <label>
                  Random seed
                  <input name="seed" inputMode="numeric" value={f.seed} onChange={(e) => set('seed', e.target.value)} aria-describedby="err-seed" />
                  <FieldError id="err-seed" message={err('seed')} />
                </label>
              </>
            )}
            <label>
              Rank values (comma-separated, or a power-of-two range such as 4..64)
              <input name="rank" value={f.ranks} onChange={(e) => set('ranks', e.target.value)} aria-invalid={Boolean(err('rank'))} aria-describedby="err-rank" />
              <FieldError id="err-rank" message={err('rank')} />
            </label>
            <label>
              Alpha values (or a range such as 4..64, add log for log-uniform; RANDOM and BAYES)
              <input name="alpha" value={f.alphas} onChange={(e) => set('alphas', e.target.value)} aria-describedby="err-alpha" />
              <FieldError id="err-alpha" message={err('alpha')} />
            </label>
            <label>
              Learning rates (or a range such as 1e-5..1e-2 log; RANDOM and BAYES)
              <input name="learningRate" value={f.learningRates} onChange={(e) => set('learningRates', e.target.value)} aria-describedby="err-learningRate" />
              <FieldError id="err-learningRate" message={err('learningRate')} />
            </label>
            <label>
              Warm-up ratios (fraction of steps)
              <input name="warmupRatio" value={f.warmupRatios} onChange={(e) => set('warmupRatios', e.target.value)} aria-describedby="err-warmupRatio" />
              <FieldError id="err-warmupRatio" message={err('warmupRatio')} />
            </label>
            <label>
              Steps
              <input name="steps" inputMode="numeric" value={f.steps} onChange={(e) => set('steps', e.target.value)} aria-describedby="err-steps" />
              <FieldError id="err-steps" message={err('steps')} />
            </label>
            <label>
              Batch size
              <input name="batchSize" inputMode="numeric" value={f.batchSize} onChange={(e) => set('batchSize', e.target.value)} aria-describedby="err-batchSize" />
              <FieldError id="err-batchSize" message={err('batchSize')} />
            </label>
          </div>
          <fieldset style={{ marginTop: '.8rem' }} aria-describedby="err-quantization">
            <legend>Base formats (quantization)</legend>
            <div className="checks">
              {QUANT_TYPES.map((q) => (
                <label key={q}>
                  <input
                    type="checkbox"
                    name="quantization"
                    value={q}
                    checked={f.quantization.includes(q)}
                    onChange={(e) => set('quantization', e.target.checked ? [...f.quantization, q] : f.quantization.filter((x) => x !== q))}
                  />
                  {q}
                </label>
              ))}
              <label>
                <input type="checkbox" name="doubleQuant" checked={f.doubleQuant} onChange={(e) => set('doubleQuant', e.target.checked)} />
                double quantization (4-bit)
              </label>
            </div>
            <FieldError id="err-quantization" message={err('quantization') ?? err('doubleQuant')} />
          </fieldset>
          <fieldset style={{ marginTop: '.8rem' }} aria-describedby="err-targetModules">
            <legend>Target-module sets</legend>
            <div className="checks">
              {Object.keys(TARGET_SETS).map((k) => (
                <label key={k}>
                  <input
                    type="checkbox"
                    name="targetModules"
                    value={k}
                    checked={f.targetSets.includes(k)}
                    onChange={(e) => set('targetSets', e.target.checked ? [...f.targetSets, k] : f.targetSets.filter((x) => x !== k))}
                  />
                  {k}
                </label>
              ))}
            </div>
            <FieldError id="err-targetModules" message={err('targetModules')} />
          </fieldset>
        </div>
      ) : (
        <div id="panel-yaml" role="tabpanel" aria-labelledby="tab-yaml" className="card">
          <label>
            Sweep file (the same YAML the CLI takes)
            <textarea name="yaml" rows={22} spellCheck={false} style={{ fontFamily: 'ui-monospace, monospace' }} value={yaml} onChange={(e) => setYaml(e.target.value)} />
          </label>
          {yamlProblems.length > 0 && (
            <ul role="alert" className="error">
              {yamlProblems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
        </div>
      )}

      <div className="filters" style={{ marginTop: '1rem' }}>
        <button type="button" className="secondary" onClick={onEstimate} disabled={pending}>
          Preview runs and memory
        </button>
        <button type="button" onClick={onLaunch} disabled={pending}>
          Launch sweep
        </button>
        {pending && <span role="status">Working…</span>}
      </div>
      {errors.message && (
        <p role="alert" className="error" data-testid="builder-error">
          {errors.message}
        </p>
      )}

      {estimate?.configurations && (
        <section className="card" aria-labelledby="estimate-title" style={{ marginTop: '1rem' }}>
          <h2 id="estimate-title" style={{ marginTop: 0 }}>
            <span data-testid="run-count">{estimate.runCount}</span> runs · predicted peak memory
          </h2>
          {stale && <p className="muted">The form changed since this preview: preview again to update it.</p>}
          <div className="table-wrap" style={{ maxHeight: 420, overflowY: 'auto' }}>
            <table aria-label="Planned runs and predicted peak memory">
              <thead>
                <tr>
                  <th scope="col" className="num">#</th>
                  <th scope="col" className="num">Rank</th>
                  <th scope="col" className="num">Alpha</th>
                  <th scope="col">Base</th>
                  <th scope="col">Targets</th>
                  <th scope="col" className="num">LR</th>
                  <th scope="col" className="num">Predicted peak</th>
                  <th scope="col">
                    <span className="sr-only">Relative</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {estimate.configurations.map((c, i) => (
                  <tr key={i}>
                    <td className="num">{i}</td>
                    <td className="num">{c.rank}</td>
                    <td className="num">{c.alpha}</td>
                    <td>
                      {c.quantization}
                      {c.doubleQuant ? ' (dq)' : ''}
                    </td>
                    <td>{targetsLabel(c.targetModules)}</td>
                    <td className="num">{c.learningRate}</td>
                    <td className="num">{formatBytes(c.memoryTotal)}</td>
                    <td>
                      <span className="progress" aria-hidden="true">
                        <span style={{ width: `${maxMemory ? ((c.memoryTotal ?? 0) / maxMemory) * 100 : 0}%`, background: '#0b5cad' }} />
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </div>
  );
}
