'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import {
  DATASET_FORMAT_FIELDS,
  DATASET_FORMATS,
  DATASET_SETTING_DESCRIPTIONS,
  EARLY_TERMINATE_TYPES,
  parseSweepFile,
  QUANT_TYPES,
  sweepPlanSchema,
  SWEEP_DIMENSIONS,
  toSweepFile,
  TRAIN_ON,
  TRAINING_SETTINGS,
  type DatasetFormat,
  type EarlyTerminateType,
  type QuantType,
  type SearchMethod,
  type SweepPlan,
  type SweepPlanInput,
  type SweepSpecInput,
  type TargetModule,
  type TrainOn,
} from '@loralab/core';
import { estimateSweep, launchSweep, type EstimateResult } from './actions';
import { SweepPreview } from './sweep-preview';

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
  gradientAccumulation: string;
  evalBatchSize: string;
  evalInterval: string;
  doubleQuant: boolean;
  earlyTerminate: 'OFF' | EarlyTerminateType;
  minSteps: string;
  eta: string;
  minRuns: string;
  /** Memory budget in `budgetUnit`; empty: none. */
  budget: string;
  budgetUnit: BudgetUnit;
}

const BUDGET_UNITS = { MiB: 2 ** 20, GiB: 2 ** 30 } as const;
type BudgetUnit = keyof typeof BUDGET_UNITS;

/** A byte count in the unit that shows it best (GiB from 1 GiB up), without rounding it away. */
function budgetFromBytes(bytes: number): { budget: string; budgetUnit: BudgetUnit } {
  const unit: BudgetUnit = bytes >= BUDGET_UNITS.GiB ? 'GiB' : 'MiB';
  return { budget: String(Number((bytes / BUDGET_UNITS[unit]).toFixed(6))), budgetUnit: unit };
}

const numbers = (s: string) =>
  s
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(Number);
const optInt = (s: string) => (s.trim() === '' ? undefined : Number(s));
const optText = (n: number | null | undefined, fallback: string) => (n != null ? String(n) : fallback);

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
    training: { steps: optInt(f.steps), batchSize: optInt(f.batchSize), gradientAccumulation: optInt(f.gradientAccumulation), evalBatchSize: optInt(f.evalBatchSize), evalInterval: optInt(f.evalInterval) },
    ...(f.budget.trim() !== '' ? { constraints: { maxPeakMemoryBytes: Math.round(Number(f.budget) * BUDGET_UNITS[f.budgetUnit]) } } : {}),
    ...(f.earlyTerminate !== 'OFF' ? { earlyTerminate: { type: f.earlyTerminate, minSteps: optInt(f.minSteps) as number, eta: optInt(f.eta), minRuns: optInt(f.minRuns) } } : {}),
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
    steps: optText(plan.training?.steps, prev.steps),
    batchSize: optText(plan.training?.batchSize, prev.batchSize),
    gradientAccumulation: optText(plan.training?.gradientAccumulation, String(TRAINING_SETTINGS.gradientAccumulation.default)),
    evalBatchSize: optText(plan.training?.evalBatchSize, String(TRAINING_SETTINGS.evalBatchSize.default)),
    evalInterval: optText(plan.training?.evalInterval, String(TRAINING_SETTINGS.evalInterval.default)),
    doubleQuant: Boolean(plan.space.doubleQuant?.includes(true)),
    earlyTerminate: plan.earlyTerminate?.type ?? 'OFF',
    minSteps: optText(plan.earlyTerminate?.minSteps, prev.minSteps),
    eta: optText(plan.earlyTerminate?.eta, prev.eta),
    minRuns: optText(plan.earlyTerminate?.minRuns, prev.minRuns),
    ...(plan.constraints?.maxPeakMemoryBytes != null ? budgetFromBytes(plan.constraints.maxPeakMemoryBytes) : { budget: '' }),
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
    gradientAccumulation: String(TRAINING_SETTINGS.gradientAccumulation.default),
    evalBatchSize: String(TRAINING_SETTINGS.evalBatchSize.default),
    evalInterval: String(TRAINING_SETTINGS.evalInterval.default),
    doubleQuant: false,
    earlyTerminate: 'OFF',
    minSteps: '50',
    eta: '3',
    minRuns: '1',
    budget: '',
    budgetUnit: 'MiB',
  });
  const [yaml, setYaml] = useState('');
  const [yamlProblems, setYamlProblems] = useState<string[]>([]);
  const [estimate, setEstimate] = useState<EstimateResult | null>(null);
  /** The plan the preview was made from, with its defaults. */
  const [estimatedPlan, setEstimatedPlan] = useState<SweepPlan | null>(null);
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
      const planned = sweepPlanSchema.safeParse(cur.plan);
      setEstimate(r.runCount != null && planned.success ? r : null);
      setEstimatedPlan(planned.success ? planned.data : null);
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
              Batch size (sequences per forward/backward pass)
              <input name="batchSize" inputMode="numeric" value={f.batchSize} onChange={(e) => set('batchSize', e.target.value)} aria-describedby="err-batchSize" />
              <FieldError id="err-batchSize" message={err('batchSize')} />
            </label>
            <label>
              Gradient accumulation (micro-batches per optimizer step)
              <input
                name="gradientAccumulation"
                inputMode="numeric"
                value={f.gradientAccumulation}
                onChange={(e) => set('gradientAccumulation', e.target.value)}
                aria-describedby="err-gradientAccumulation"
              />
              <FieldError id="err-gradientAccumulation" message={err('gradientAccumulation')} />
            </label>
            <label>
              Eval batch size (sequences per evaluation pass; 0: the largest within the training peak)
              <input
                name="evalBatchSize"
                inputMode="numeric"
                value={f.evalBatchSize}
                onChange={(e) => set('evalBatchSize', e.target.value)}
                aria-describedby="err-evalBatchSize"
              />
              <FieldError id="err-evalBatchSize" message={err('evalBatchSize')} />
            </label>
            <label>
              Evaluate every (steps; 0: only at the end)
              <input name="evalInterval" inputMode="numeric" value={f.evalInterval} onChange={(e) => set('evalInterval', e.target.value)} aria-invalid={Boolean(err('evalInterval'))} aria-describedby="err-evalInterval" />
              <FieldError id="err-evalInterval" message={err('evalInterval')} />
            </label>
            <label>
              Memory budget (predicted peak per run; empty: none)
              <span className="input-with-unit">
                <input
                  name="maxPeakMemory"
                  inputMode="decimal"
                  value={f.budget}
                  onChange={(e) => set('budget', e.target.value)}
                  aria-invalid={Boolean(err('maxPeakMemoryBytes'))}
                  aria-describedby="err-maxPeakMemoryBytes"
                />
                <select name="budgetUnit" aria-label="Memory budget unit" value={f.budgetUnit} onChange={(e) => set('budgetUnit', e.target.value as BudgetUnit)}>
                  {Object.keys(BUDGET_UNITS).map((u) => (
                    <option key={u} value={u}>
                      {u}
                    </option>
                  ))}
                </select>
              </span>
              <FieldError id="err-maxPeakMemoryBytes" message={err('maxPeakMemoryBytes')} />
            </label>
          </div>
          <fieldset style={{ marginTop: '.8rem' }}>
            <legend>Early termination (stop hopeless runs at rungs of minSteps·η^k steps, judged on the eval loss)</legend>
            <div className="form-grid">
              <label>
                Early termination
                <select
                  name="earlyTerminate"
                  value={f.earlyTerminate}
                  onChange={(e) => set('earlyTerminate', e.target.value as FormState['earlyTerminate'])}
                  aria-describedby="err-earlyTerminate"
                >
                  <option value="OFF">off</option>
                  {EARLY_TERMINATE_TYPES.map((t) => (
                    <option key={t} value={t}>
                      {t === 'ASHA' ? 'ASHA (keep the best 1/η at each rung)' : 'Pareto (stop only runs dominated on loss and memory)'}
                    </option>
                  ))}
                </select>
                <FieldError id="err-earlyTerminate" message={err('earlyTerminate')} />
              </label>
              {f.earlyTerminate !== 'OFF' && (
                <>
                  <label>
                    First rung (min steps)
                    <input name="minSteps" inputMode="numeric" value={f.minSteps} onChange={(e) => set('minSteps', e.target.value)} aria-invalid={Boolean(err('minSteps'))} aria-describedby="err-minSteps" />
                    <FieldError id="err-minSteps" message={err('minSteps')} />
                  </label>
                  <label>
                    Reduction factor η
                    <input name="eta" inputMode="decimal" value={f.eta} onChange={(e) => set('eta', e.target.value)} aria-invalid={Boolean(err('eta'))} aria-describedby="err-eta" />
                    <FieldError id="err-eta" message={err('eta')} />
                  </label>
                  <label>
                    Runs at a rung before judging
                    <input name="minRuns" inputMode="numeric" value={f.minRuns} onChange={(e) => set('minRuns', e.target.value)} aria-invalid={Boolean(err('minRuns'))} aria-describedby="err-minRuns" />
                    <FieldError id="err-minRuns" message={err('minRuns')} />
                  </label>
                </>
              )}
            </div>
          </fieldset>
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

      {estimate && estimatedPlan && <SweepPreview estimate={estimate} plan={estimatedPlan} stale={stale} />}
    </div>
  );
}
