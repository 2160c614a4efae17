import { z } from 'zod';
import { QUANT_TYPES, SEARCH_METHODS, TARGET_MODULES } from '../enums';
import { BUILTIN_MODELS } from '../models/model-shape';
import { BUILTIN_DATASETS } from './datasets';
import { completeDatasetSettings, datasetSettingsSchema, type DatasetSettings } from './dataset-settings';
import { earlyTerminateSchema, rungSteps } from '../search/early-terminate';

/**
 * The one definition of a sweep: what it searches over (`SWEEP_DIMENSIONS`), the training
 * settings its runs share (`TRAINING_SETTINGS`), their bounds, defaults and descriptions.
 * The zod schema below, the GraphQL inputs and outputs (apps/api), the sweep file and the
 * dashboard's form validation are all built from these two tables: a new knob is one entry here.
 */

/** Bounds of a number; `describeBounds` renders them for humans. */
export interface NumberBounds {
  int?: boolean;
  min: number;
  max: number;
  /** `min` itself is not allowed. */
  minExclusive?: boolean;
  /** `max` itself is not allowed. */
  maxExclusive?: boolean;
}

/**
 * How a number dimension may be given besides a value list: `continuous` takes
 * `{ min, max, log }` (sampled, so RANDOM only); `powerOfTwo` takes `{ min, max }` with both
 * powers of two, which stands for the list of powers of two between them.
 */
export type RangeKind = 'continuous' | 'powerOfTwo';

/** One searchable setting; a sweep lists the values to try (or, where `range` says so, a range). */
export type Dimension =
  | { kind: 'number'; bounds: NumberBounds; description: string; default?: readonly number[]; range?: RangeKind }
  | { kind: 'enum'; values: readonly string[]; description: string; default?: readonly string[] }
  | { kind: 'enumSet'; values: readonly string[]; description: string; default?: readonly string[][] }
  | { kind: 'boolean'; description: string; default?: readonly boolean[] };

/** One training setting shared by every run of a sweep. */
export interface TrainingSetting {
  bounds: NumberBounds & { int: true };
  default: number;
  description: string;
  /**
   * An explicit value may not exceed this other setting; the default is clamped to it (so a
   * default never makes valid input invalid).
   */
  atMost?: string;
}

/**
 * The search space, in the order the grid enumerates it (outermost first). Lists default to
 * `default` when omitted; a dimension without `default` must be given.
 */
export const SWEEP_DIMENSIONS = {
  quantization: { kind: 'enum', values: QUANT_TYPES, description: 'Storage format of the frozen base.' },
  doubleQuant: {
    kind: 'boolean',
    default: [false],
    description: 'Whether the 4-bit scales are themselves quantized (QLoRA double quantization; 4-bit bases only, false elsewhere).',
  },
  rank: { kind: 'number', bounds: { int: true, min: 1, max: 1024 }, range: 'powerOfTwo', description: 'LoRA rank r.' },
  alpha: {
    kind: 'number',
    range: 'continuous',
    bounds: { min: 0, minExclusive: true, max: 1e6 },
    default: [16],
    description: 'LoRA alpha; the update is scaled by alpha / r.',
  },
  targetModules: { kind: 'enumSet', values: TARGET_MODULES, description: 'Projections that carry adapters.' },
  learningRate: {
    kind: 'number',
    range: 'continuous',
    bounds: { min: 0, minExclusive: true, max: 1, maxExclusive: true },
    default: [2e-4],
    description: 'Peak AdamW learning rate.',
  },
  dropout: {
    kind: 'number',
    range: 'continuous',
    // p = 1 would zero every adapter input (and inverted dropout divides by 1 - p).
    bounds: { min: 0, max: 1, maxExclusive: true },
    default: [0],
    description: 'Dropout on the adapter input.',
  },
  warmupRatio: {
    kind: 'number',
    bounds: { min: 0, max: 1 },
    default: [0.05],
    description: 'Fraction of the steps with linear learning-rate warm-up (floor(steps × ratio) steps), then cosine decay.',
  },
} as const satisfies Record<string, Dimension>;

/** Training settings shared by every run of a sweep. */
export const TRAINING_SETTINGS = {
  steps: { bounds: { int: true, min: 1, max: 1_000_000 }, default: 200, description: 'Optimizer steps per run.' },
  batchSize: { bounds: { int: true, min: 1, max: 4096 }, default: 8, description: 'Sequences per forward/backward pass (the micro-batch).' },
  gradientAccumulation: {
    bounds: { int: true, min: 1, max: 4096 },
    default: 1,
    description: 'Micro-batches whose gradients are summed before each optimizer step: the effective batch is batchSize × gradientAccumulation.',
  },
  sequenceLength: { bounds: { int: true, min: 2, max: 32_768 }, default: 64, description: 'Tokens per sequence.' },
  activationBudgetMiB: {
    bounds: { int: true, min: 0, max: 4096 },
    default: 1024,
    description:
      'Activation memory (MiB) above which the trainer recomputes each decoder layer in backward (gradient checkpointing: far less memory, one more forward pass per step); 0 always recomputes.',
  },
  evalBatchSize: {
    bounds: { int: true, min: 0, max: 4096 },
    default: 0,
    description:
      "Sequences per evaluation forward pass (forward only, no tape); 0: chosen per run, the largest up to max(32, 8 × batchSize) whose predicted evaluation memory stays within the run's predicted training peak. Evaluation results do not depend on it.",
  },
  evalInterval: {
    bounds: { int: true, min: 0, max: 1_000_000 },
    default: 50,
    atMost: 'steps',
    description: 'Steps between evaluations (0: only the final evaluation).',
  },
  seed: { bounds: { int: true, min: 0, max: 2 ** 31 - 1 }, default: 0, description: 'Seed of initialisation, data order and dropout.' },
} as const satisfies Record<string, TrainingSetting>;

export type DimensionName = keyof typeof SWEEP_DIMENSIONS;
export type TrainingSettingName = keyof typeof TRAINING_SETTINGS;

/** A continuous range of a number dimension: sampled uniformly, or log-uniformly with `log`. */
export interface NumberRange {
  min: number;
  max: number;
  log: boolean;
}

/** The value type of one point of a dimension. */
export type DimensionValue<D> = D extends { kind: 'enum'; values: readonly (infer V)[] }
  ? V
  : D extends { kind: 'enumSet'; values: readonly (infer V)[] }
    ? V[]
    : D extends { kind: 'boolean' }
      ? boolean
      : number;

type Dims = typeof SWEEP_DIMENSIONS;
type DefaultedDims = { [K in DimensionName]: Dims[K] extends { default: unknown } ? K : never }[DimensionName];

type ContinuousDims = { [K in DimensionName]: Dims[K] extends { range: 'continuous' } ? K : never }[DimensionName];
type PowerOfTwoDims = { [K in DimensionName]: Dims[K] extends { range: 'powerOfTwo' } ? K : never }[DimensionName];
/** The dimensions that take `{ min, max, log }`. */
export type ContinuousDimensionName = ContinuousDims;

/**
 * The space after defaults: every dimension lists its values, or (continuous dimensions) holds
 * a range. A power-of-two range is already expanded into its list.
 */
export type SweepSpace = { [K in DimensionName]: K extends ContinuousDims ? number[] | NumberRange : DimensionValue<Dims[K]>[] };
type SweepSpaceGiven = {
  [K in DimensionName]: K extends ContinuousDims
    ? number[] | { min: number; max: number; log?: boolean }
    : K extends PowerOfTwoDims
      ? number[] | { min: number; max: number }
      : DimensionValue<Dims[K]>[];
};
/** The space as given: dimensions with a default may be left out. */
export type SweepSpaceInput = Omit<SweepSpaceGiven, DefaultedDims> & Partial<Pick<SweepSpaceGiven, DefaultedDims>>;

/** Whether a dimension's entry in the space is a (continuous) range rather than a value list. */
export const isRange = (v: unknown): v is NumberRange => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The GraphQL input's field for a dimension's range: `learningRateRange` beside `learningRate`
 * (GraphQL input objects cannot be unions).
 */
export const rangeFieldName = (dimension: string) => `${dimension}Range`;

/** A space as the spec takes it, in the GraphQL input's shape: each range under its `…Range` field. */
export function spaceToGraphQLInput(space: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(space)) out[isRange(v) ? rangeFieldName(k) : k] = v;
  return out;
}

/** The names of the dimensions given as ranges in a space. */
export function rangeDimensions(space: SweepSpace): DimensionName[] {
  return (Object.keys(space) as DimensionName[]).filter((k) => isRange(space[k]));
}
/** One point of a sweep's search space. */
export type RunHyperparameters = { [K in DimensionName]: DimensionValue<Dims[K]> };
/** Training settings shared by every run of a sweep. */
export type TrainingSettings = { [K in TrainingSettingName]: number };

/** Most runs one sweep may create. */
export const MAX_RUNS_PER_SWEEP = 10_000;

/** `1..1024`, `> 0 and ≤ 1000000`, `0 ≤ x < 1`. */
export function describeBounds(b: NumberBounds): string {
  if (b.int && !b.minExclusive && !b.maxExclusive) return `${b.min}..${b.max}`;
  return `${b.min} ${b.minExclusive ? '<' : '≤'} x ${b.maxExclusive ? '<' : '≤'} ${b.max}`;
}

function numberSchema(b: NumberBounds) {
  let s = z.number({ error: 'must be a number' });
  if (b.int) s = s.int('must be an integer');
  s = b.minExclusive ? s.gt(b.min, `must be greater than ${b.min}`) : s.min(b.min, `must be at least ${b.min}`);
  s = b.maxExclusive ? s.lt(b.max, `must be less than ${b.max}`) : s.max(b.max, `must be at most ${b.max}`);
  return s;
}

function unique<T>(key: (v: T) => string = (v) => JSON.stringify(v)) {
  return (values: T[], ctx: z.RefinementCtx) => {
    const seen = new Map<string, number>();
    values.forEach((v, i) => {
      const k = key(v);
      if (seen.has(k)) ctx.addIssue({ code: 'custom', path: [i], message: `duplicate value (same as item ${seen.get(k)})` });
      else seen.set(k, i);
    });
  };
}

const nonEmptyList = <T extends z.ZodType>(item: T) => z.array(item).min(1, 'must list at least one value');

/** The zod schema of one value of a dimension. */
export function dimensionValueSchema(d: Dimension): z.ZodType {
  switch (d.kind) {
    case 'number':
      return numberSchema(d.bounds);
    case 'boolean':
      return z.boolean({ error: 'must be true or false' });
    case 'enum':
      return z.enum(d.values as [string, ...string[]], { error: `must be one of ${d.values.join(', ')}` });
    case 'enumSet':
      return nonEmptyList(z.enum(d.values as [string, ...string[]], { error: `must be one of ${d.values.join(', ')}` })).superRefine(
        unique<string>(String),
      );
  }
}

const isPowerOfTwo = (n: number) => Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;

/** `{ min, max }` of a range, each a valid value of the dimension, with min < max. */
function rangeEnds(b: NumberBounds) {
  return { min: numberSchema(b), max: numberSchema(b) };
}

function checkOrder(r: { min: number; max: number }, ctx: z.RefinementCtx) {
  if (r.min >= r.max) ctx.addIssue({ code: 'custom', path: ['min'], message: `must be less than max (${r.max})` });
}

/** `{ min, max, log }`: log-uniform needs min > 0. */
function continuousRangeSchema(b: NumberBounds) {
  return z
    .strictObject({ ...rangeEnds(b), log: z.boolean({ error: 'must be true or false' }).default(false) })
    .superRefine((r, ctx) => {
      checkOrder(r, ctx);
      if (r.log && r.min <= 0) ctx.addIssue({ code: 'custom', path: ['min'], message: 'must be greater than 0 for a log range' });
    });
}

/** `{ min, max }`, both powers of two: becomes the list of powers of two from min to max. */
function powerOfTwoRangeSchema(b: NumberBounds) {
  return z
    .strictObject(rangeEnds(b))
    .superRefine((r, ctx) => {
      for (const k of ['min', 'max'] as const) {
        if (!isPowerOfTwo(r[k])) ctx.addIssue({ code: 'custom', path: [k], message: 'must be a power of two' });
      }
      checkOrder(r, ctx);
    })
    .transform((r) => {
      const out: number[] = [];
      for (let v = r.min; v <= r.max; v *= 2) out.push(v);
      return out;
    });
}

/** A list, or an object: a range (the union's issues would hide which field is wrong, so dispatch on the shape). */
function listOrRange(list: z.ZodType, range: z.ZodType): z.ZodType {
  return z.unknown().transform((v, ctx) => {
    const r = (isRange(v) ? range : list).safeParse(v);
    if (r.success) return r.data;
    for (const i of r.error.issues) {
      const message = i.code === 'unrecognized_keys' ? `unknown field${i.keys.length > 1 ? 's' : ''}: ${i.keys.join(', ')}` : i.message;
      ctx.addIssue({ code: 'custom', path: i.path, message });
    }
    return z.NEVER;
  });
}

function dimensionSchema(d: Dimension): z.ZodType {
  // Sets are equal whatever their order: [Q, V] repeats [V, Q].
  const key = d.kind === 'enumSet' ? (set: unknown) => [...(set as string[])].sort().join(',') : undefined;
  let schema: z.ZodType = nonEmptyList(dimensionValueSchema(d)).superRefine(unique<unknown>(key));
  if (d.kind === 'number' && d.range) {
    schema = listOrRange(schema, d.range === 'continuous' ? continuousRangeSchema(d.bounds) : powerOfTwoRangeSchema(d.bounds));
  }
  const fallback = d.default;
  return fallback ? schema.optional().transform((v) => v ?? (structuredClone(fallback) as never)) : schema;
}

/**
 * Why `value` is not a valid value of dimension or training setting `name` by the tables'
 * bounds (the message the sweep spec gives), or undefined when it is. For code that takes one
 * run's settings directly (the trainer, pretraining) and must refuse what a sweep would.
 */
export function settingValueError(name: DimensionName | TrainingSettingName, value: unknown): string | undefined {
  const schema = name in SWEEP_DIMENSIONS ? dimensionValueSchema(SWEEP_DIMENSIONS[name as DimensionName]) : numberSchema(TRAINING_SETTINGS[name as TrainingSettingName].bounds);
  const r = schema.safeParse(value);
  return r.success ? undefined : r.error.issues[0].message;
}

export const sweepSpaceSchema = z
  .strictObject(
    Object.fromEntries(Object.entries(SWEEP_DIMENSIONS).map(([k, d]) => [k, dimensionSchema(d)])) as Record<DimensionName, z.ZodType>,
  ) as unknown as z.ZodType<SweepSpace, SweepSpaceInput>;

const settings = Object.entries(TRAINING_SETTINGS) as [TrainingSettingName, TrainingSetting][];

/** Fills defaults; a default with `atMost` is clamped to the (resolved) other setting. */
function withTrainingDefaults(given: Partial<TrainingSettings>): TrainingSettings {
  const out = {} as TrainingSettings;
  for (const [k, s] of settings) if (!s.atMost) out[k] = given[k] ?? s.default;
  for (const [k, s] of settings) if (s.atMost) out[k] = given[k] ?? Math.min(s.default, out[s.atMost as TrainingSettingName]);
  return out;
}

export const trainingSettingsSchema = z
  .strictObject(Object.fromEntries(settings.map(([k, s]) => [k, numberSchema(s.bounds).optional()])) as Record<TrainingSettingName, z.ZodOptional<z.ZodNumber>>)
  .superRefine((given, ctx) => {
    const resolved = withTrainingDefaults(given);
    for (const [k, s] of settings) {
      if (s.atMost && given[k] !== undefined && given[k]! > resolved[s.atMost as TrainingSettingName]) {
        ctx.addIssue({ code: 'custom', path: [k], message: `must not exceed ${s.atMost} (${resolved[s.atMost as TrainingSettingName]})` });
      }
    }
  })
  .transform(withTrainingDefaults);

const reference = (kind: string, builtins: readonly string[]) =>
  z
    .string({ error: `must name a ${kind}` })
    .trim()
    .min(1, `must name a ${kind}`)
    .max(1000)
    .refine((v) => !v.startsWith('builtin:') || builtins.includes(v), {
      message: `unknown built-in ${kind}; known: ${builtins.join(', ')}`,
    });

/** Limits every queued run must respect. */
export const sweepConstraintsSchema = z.strictObject({
  /** Configurations predicted above it are not queued; they are listed as infeasible. */
  maxPeakMemoryBytes: numberSchema({ int: true, min: 1, max: Number.MAX_SAFE_INTEGER }).nullish(),
});
export type SweepConstraints = z.output<typeof sweepConstraintsSchema>;

/** Everything that decides which runs a sweep creates (a sweep without its name and project). */
const planShape = {
  constraints: sweepConstraintsSchema.nullish(),
  earlyTerminate: earlyTerminateSchema.nullish(),
  method: z.enum(SEARCH_METHODS).default('GRID'),
  maxRuns: numberSchema({ int: true, min: 1, max: MAX_RUNS_PER_SWEEP }).nullish(),
  seed: numberSchema({ int: true, min: 0, max: 2 ** 31 - 1 }).nullish(),
  baseModel: reference('model', Object.keys(BUILTIN_MODELS)),
  dataset: reference('dataset', BUILTIN_DATASETS),
  datasetSettings: datasetSettingsSchema.prefault({}),
  training: trainingSettingsSchema.prefault({}),
  space: sweepSpaceSchema,
};

function checkMethod(
  s: {
    method: string;
    maxRuns?: number | null;
    earlyTerminate?: { minSteps: number } | null;
    training: TrainingSettings;
    dataset: string;
    datasetSettings: DatasetSettings;
  },
  ctx: z.RefinementCtx,
) {
  if (s.dataset.startsWith('builtin:')) {
    // A built-in task is generated, with its own eval split: file settings would be ignored.
    const d = s.datasetSettings;
    const given = [d.format !== 'AUTO' && 'format', d.evalDataset != null && 'evalDataset', d.evalFraction != null && 'evalFraction'].filter(Boolean);
    for (const k of given) ctx.addIssue({ code: 'custom', path: ['datasetSettings', k as string], message: 'applies to dataset files, not built-in tasks' });
  }
  if (s.earlyTerminate) {
    const { steps, evalInterval } = s.training;
    if (s.earlyTerminate.minSteps >= steps) {
      ctx.addIssue({ code: 'custom', path: ['earlyTerminate', 'minSteps'], message: `must be below training.steps (${steps})` });
    } else if (evalInterval > 0 && rungSteps({ minSteps: s.earlyTerminate.minSteps, eta: 2 }, s.training).length === 0) {
      // No rung: training evaluates every evalInterval steps before its last, and none is at or after minSteps.
      // (The first rung does not depend on η, which is checked on its own.)
      ctx.addIssue({
        code: 'custom',
        path: ['earlyTerminate', 'minSteps'],
        message: `must leave an evaluation before the last step: training evaluates every ${evalInterval} steps (training.evalInterval) before step ${steps} (training.steps), none at or after it`,
      });
    }
    if (s.training.evalInterval === 0) {
      ctx.addIssue({ code: 'custom', path: ['training', 'evalInterval'], message: 'must be above 0 with earlyTerminate (rungs are judged on the eval loss)' });
    }
  }
  if (s.method !== 'GRID' && s.maxRuns == null) {
    ctx.addIssue({ code: 'custom', path: ['maxRuns'], message: `is required for ${s.method} search` });
  }
  if (s.method === 'GRID' && s.maxRuns != null) {
    ctx.addIssue({ code: 'custom', path: ['maxRuns'], message: 'applies to RANDOM and BAYES search only' });
  }
}

/** What `estimateMemory` takes: the plan of a sweep, without name, project or attempts. */
export const sweepPlanSchema = z.strictObject(planShape).superRefine(checkMethod);

/** A whole sweep as `createSweep` takes it (without its project). */
export const sweepSpecSchema = z
  .strictObject({
    ...planShape,
    name: z.string({ error: 'must not be empty' }).trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
    maxAttempts: numberSchema({ int: true, min: 1, max: 100 }).default(3),
  })
  .superRefine(checkMethod);

export type SweepPlanInput = z.input<typeof sweepPlanSchema>;
export type SweepPlan = z.output<typeof sweepPlanSchema>;
export type SweepSpecInput = z.input<typeof sweepSpecSchema>;
export type SweepSpec = z.output<typeof sweepSpecSchema>;

/** A problem with one field of the input; `path` is dotted, with list indices, e.g. `space.rank.1`. */
export interface FieldError {
  path: string;
  message: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

export function zodFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((i) => {
    const path = i.path.map(String).join('.');
    if (i.code === 'unrecognized_keys') return { path, message: `unknown field${i.keys.length > 1 ? 's' : ''}: ${i.keys.join(', ')}` };
    return { path, message: i.message };
  });
}

/** A stored space with the defaults of dimensions added after it was written. */
export function completeSpace(stored: Partial<SweepSpace>): SweepSpace {
  const out = { ...stored } as Record<string, unknown>;
  for (const [k, d] of Object.entries(SWEEP_DIMENSIONS) as [DimensionName, Dimension][]) {
    if (out[k] === undefined && d.default) out[k] = [...d.default];
  }
  return out as SweepSpace;
}

/** Stored training settings with the default of every setting they predate (e.g. `gradientAccumulation`). */
export function completeTraining<C extends object>(stored: C): C & TrainingSettings {
  const out = { ...stored } as Record<string, unknown>;
  for (const [k, s] of settings) if (out[k] === undefined && !s.atMost) out[k] = s.default;
  return out as C & TrainingSettings;
}

/**
 * A stored run configuration with the default of every dimension (the first default value) and
 * training setting it predates.
 */
export function completeRunConfig<C extends object>(stored: C): C & RunHyperparameters & TrainingSettings & { datasetSettings: DatasetSettings } {
  const out = completeTraining(stored) as Record<string, unknown>;
  out.datasetSettings = completeDatasetSettings(out.datasetSettings as Partial<DatasetSettings> | undefined);
  for (const [k, d] of Object.entries(SWEEP_DIMENSIONS) as [DimensionName, Dimension][]) {
    if (out[k] === undefined && d.default) out[k] = structuredClone(d.default[0]);
  }
  return out as C & RunHyperparameters & TrainingSettings & { datasetSettings: DatasetSettings };
}
