import { doubleQuantApplies, TARGET_MODULES, type TargetModule } from '../enums';
import { estimateMemory, type MemoryBreakdown, type MemoryEstimateInput } from '../memory/estimate-memory';
import { builtinModelShape } from '../models/model-shape';
import type { RunConfig } from '../run-config';
import { seededRandom } from '../util/random';
import {
  isRange,
  MAX_RUNS_PER_SWEEP,
  rangeDimensions,
  SWEEP_DIMENSIONS,
  sweepPlanSchema,
  sweepSpecSchema,
  zodFieldErrors,
  type DimensionName,
  type FieldError,
  type NumberRange,
  type ParseResult,
  type RunHyperparameters,
  type SweepPlan,
  type SweepSpace,
  type SweepSpec,
} from './sweep-spec';

/** Largest product of value lists that is enumerated (RANDOM samples from it). */
export const MAX_SPACE_SIZE = 100_000;

const DIMENSIONS = Object.keys(SWEEP_DIMENSIONS) as DimensionName[];

/**
 * The canonical form of a point: targets in TARGET_MODULES order, and doubleQuant false where
 * it does not exist (so FP32 × {false, true} is one configuration, not two).
 */
export function canonicalConfiguration(c: RunHyperparameters): RunHyperparameters {
  const targets = c.targetModules as TargetModule[];
  return {
    ...c,
    targetModules: TARGET_MODULES.filter((t) => targets.includes(t)),
    doubleQuant: c.doubleQuant && doubleQuantApplies(c.quantization),
  };
}

/**
 * Every distinct configuration of the space, in a stable order (the grid; the first dimension
 * outermost). A dimension given as a range holds its lower end here (RANDOM samples it).
 */
export function gridConfigurations(space: SweepSpace): RunHyperparameters[] {
  let points: Record<string, unknown>[] = [{}];
  for (const d of DIMENSIONS) {
    const given = space[d] as unknown;
    const values = isRange(given) ? [given.min] : (given as unknown[]);
    points = points.flatMap((p) => values.map((v) => ({ ...p, [d]: v })));
  }
  const seen = new Set<string>();
  const out: RunHyperparameters[] = [];
  for (const p of points) {
    const c = canonicalConfiguration(p as RunHyperparameters);
    const key = JSON.stringify(DIMENSIONS.map((d) => c[d]));
    if (!seen.has(key)) {
      seen.add(key);
      out.push(c);
    }
  }
  return out;
}

/**
 * The sweep dimensions a run's memory depends on (the estimator's inputs among them); learning
 * rate, alpha, dropout and warm-up change no byte.
 */
export const MEMORY_DIMENSIONS = ['quantization', 'doubleQuant', 'rank', 'targetModules'] as const satisfies readonly (DimensionName & keyof MemoryEstimateInput)[];
// Every sweep dimension the estimator reads is listed (this fails to compile when one is added to the estimator and not here).
const _everyMemoryDimension: Exclude<DimensionName & keyof MemoryEstimateInput, (typeof MEMORY_DIMENSIONS)[number]> extends never ? true : never = true;
void _everyMemoryDimension;
const isMemoryDimension = (d: DimensionName) => (MEMORY_DIMENSIONS as readonly DimensionName[]).includes(d);

/** A configuration's memory dimensions, as one string: equal exactly when two configurations need the same memory. */
export function memoryKey(c: RunHyperparameters): string {
  const canonical = canonicalConfiguration(c);
  return JSON.stringify(MEMORY_DIMENSIONS.map((d) => canonical[d]));
}

/**
 * One configuration per distinct combination of the memory dimensions of a space, the other
 * dimensions at their first value (a range at its lower end): every memory a search of the
 * space can need, each once.
 */
export function memoryConfigurations(space: SweepSpace): RunHyperparameters[] {
  const collapsed = Object.fromEntries(DIMENSIONS.map((d) => [d, isMemoryDimension(d) || isRange(space[d]) ? space[d] : (space[d] as unknown[]).slice(0, 1)]));
  return gridConfigurations(collapsed as SweepSpace);
}

/** Upper bound of the grid's size, before duplicates are folded. */
function productSize(space: SweepSpace): number {
  return DIMENSIONS.reduce((n, d) => n * (isRange(space[d]) ? 1 : (space[d] as unknown[]).length), 1);
}

/** One draw from a range: uniform, or log-uniform; 6 significant digits, kept inside the range. */
export function sampleRange(r: NumberRange, u: number): number {
  const x = r.log ? Math.exp(Math.log(r.min) + u * (Math.log(r.max) - Math.log(r.min))) : r.min + u * (r.max - r.min);
  return Math.min(r.max, Math.max(r.min, Number(x.toPrecision(6))));
}

/**
 * What a team's measured runs on one base taught of the estimator's error (measured ÷ predicted
 * peak, a high quantile; `memoryCorrection` in the API): for the base, and for each set of
 * adapted projections those runs had. The set moves activations by up to 15% in ways the
 * estimator does not model (docs/benchmarks.md, "target set"), so one number for the base
 * under-predicts the sets it measured high and over-predicts the others; a set the team has
 * not measured takes the base's.
 */
export interface MemoryCorrection {
  base: number;
  /** By `targetsKey` of the runs' targetModules. */
  byTargets?: Readonly<Record<string, number>>;
}

/** A set of target modules as one string, whatever their order, in the canonical order (TARGET_MODULES): `Q_PROJ+V_PROJ`. */
export const targetsKey = (targets: readonly string[]): string => TARGET_MODULES.filter((t) => targets.includes(t)).join('+');
/** The modules of a `targetsKey`. */
export const targetsOfKey = (key: string): string[] => (key ? key.split('+') : []);

/** Where a configuration's correction came from: runs with its target set, the base's runs, or nothing learned yet. */
export const CORRECTION_SOURCES = ['TARGETS', 'BASE', 'NONE'] as const;
export type CorrectionSource = (typeof CORRECTION_SOURCES)[number];

/** The factor a configuration's prediction is scaled by, and where it came from: its target set's, else the base's; 1 when nothing was learned. */
export function correctionOf(correction: number | MemoryCorrection | undefined, config: Pick<RunConfig, 'targetModules'>): { factor: number; source: CorrectionSource } {
  if (correction === undefined || correction === 1) return { factor: 1, source: 'NONE' };
  if (typeof correction === 'number') return { factor: correction, source: 'BASE' };
  const bySet = correction.byTargets?.[targetsKey(config.targetModules)];
  if (bySet !== undefined) return { factor: bySet, source: 'TARGETS' };
  return { factor: correction.base, source: correction.base === 1 ? 'NONE' : 'BASE' };
}

/** The factor alone (see `correctionOf`). */
export const correctionFor = (correction: number | MemoryCorrection | undefined, config: Pick<RunConfig, 'targetModules'>): number => correctionOf(correction, config).factor;

/**
 * The predicted peak of a run, or null when its base's shape is not known before it loads.
 * `correction` (measured ÷ predicted, learned from finished runs on the same base: see
 * `MemoryCorrection`) scales the estimate; the difference lands in activations, the part the
 * estimator fits.
 */
export function predictRunMemory(config: RunConfig, correction: number | MemoryCorrection = 1): MemoryBreakdown | null {
  const shape = builtinModelShape(config.baseModel);
  if (!shape) return null;
  const m = estimateMemory(shape, config);
  const factor = correctionFor(correction, config);
  if (factor === 1) return m;
  const total = Math.round(m.total * factor);
  return { ...m, activations: Math.max(0, m.activations + total - m.total), total };
}

/** How a sweep is planned beyond its spec. */
export interface PlanOptions {
  /** Scales every prediction (see `predictRunMemory`); 1 when nothing was learned. */
  memoryCorrection?: number | MemoryCorrection;
}

/** A run a sweep creates: its configuration and predicted peak memory. */
export interface PlannedRun {
  config: RunConfig;
  memory: MemoryBreakdown | null;
}

function selectConfigurations(plan: SweepPlan): ParseResult<RunHyperparameters[]> {
  const fail = (e: FieldError) => ({ ok: false as const, errors: [e] });
  if (productSize(plan.space) > MAX_SPACE_SIZE) {
    return fail({ path: 'space', message: `the search space has more than ${MAX_SPACE_SIZE} combinations` });
  }
  const grid = gridConfigurations(plan.space);
  const ranges = rangeDimensions(plan.space);
  if (plan.method === 'GRID') {
    if (ranges.length) {
      return {
        ok: false,
        errors: ranges.map((d) => ({ path: `space.${d}`, message: 'is a range, which GRID cannot enumerate: list values, or use RANDOM' })),
      };
    }
    if (grid.length > MAX_RUNS_PER_SWEEP) {
      return fail({ path: 'space', message: `the grid has ${grid.length} configurations; at most ${MAX_RUNS_PER_SWEEP} are allowed` });
    }
    return { ok: true, value: grid };
  }
  // BAYES creates its runs when agents claim (proposeConfigurations); nothing is planned up front.
  if (plan.method === 'BAYES') return { ok: true, value: [] };
  const wanted = plan.maxRuns!;
  const rnd = seededRandom(plan.seed ?? 0);
  if (ranges.length) {
    // Continuous dimensions make every draw distinct: draw the listed dimensions' point and each range per run.
    return {
      ok: true,
      value: Array.from({ length: wanted }, () => {
        const c = { ...grid[Math.floor(rnd() * grid.length)] } as Record<string, unknown>;
        for (const d of ranges) c[d] = sampleRange(plan.space[d] as NumberRange, rnd());
        return c as RunHyperparameters;
      }),
    };
  }
  if (wanted > grid.length) return fail({ path: 'maxRuns', message: `the space has only ${grid.length} distinct configurations` });
  // Partial Fisher-Yates shuffle: the first `wanted` items are a uniform distinct sample.
  const pool = grid.slice();
  for (let i = 0; i < wanted; i++) {
    const j = i + Math.floor(rnd() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return { ok: true, value: pool.slice(0, wanted) };
}

/** What a sweep plans: the runs to queue, and the configurations predicted above its memory budget. */
export interface SweepPlanResult<S> {
  spec: S;
  runs: PlannedRun[];
  /**
   * Predicted above `constraints.maxPeakMemoryBytes`: never queued. For BAYES, which plans no
   * runs, one per combination of the memory dimensions (`memoryConfigurations`): it never
   * proposes any configuration sharing them.
   */
  infeasible: PlannedRun[];
}

function plan<S extends SweepPlan>(spec: S, options: PlanOptions): ParseResult<SweepPlanResult<S>> {
  const selected = selectConfigurations(spec);
  if (!selected.ok) return selected;
  const predict = (c: RunHyperparameters): PlannedRun => {
    const config: RunConfig = { ...c, ...spec.training, baseModel: spec.baseModel, dataset: spec.dataset, datasetSettings: spec.datasetSettings };
    return { config, memory: predictRunMemory(config, options.memoryCorrection) };
  };
  const planned = selected.value.map(predict);
  const budget = spec.constraints?.maxPeakMemoryBytes;
  // A base whose shape is unknown before it loads has no prediction: it is queued (and measured).
  const fits = (r: PlannedRun) => budget == null || r.memory == null || r.memory.total <= budget;
  const runs = planned.filter(fits);
  // BAYES plans no runs: what it will never propose is each memory it could need that is above the budget.
  const candidates = spec.method === 'BAYES' ? memoryConfigurations(spec.space).map(predict) : planned;
  const infeasible = candidates.filter((r) => !fits(r));
  if (infeasible.length && infeasible.length === candidates.length) {
    const smallest = Math.min(...infeasible.map((r) => r.memory!.total));
    return {
      ok: false,
      errors: [{ path: 'constraints.maxPeakMemoryBytes', message: `every configuration is predicted above the budget (the smallest needs ${smallest} bytes)` }],
    };
  }
  return { ok: true, value: { spec, runs, infeasible } };
}

/**
 * Validates a sweep and expands it into its runs, each with its predicted memory: GRID is the
 * full product (and refuses ranges), RANDOM draws `maxRuns` distinct configurations with a
 * seeded generator (same seed, same runs), sampling ranges uniformly or log-uniformly, BAYES
 * plans none (it proposes runs as agents claim). Those predicted above
 * `constraints.maxPeakMemoryBytes` are set apart as `infeasible` (for BAYES, each memory it could
 * need above the budget).
 */
export function planSweep(input: unknown, options: PlanOptions = {}): ParseResult<SweepPlanResult<SweepSpec>> {
  const parsed = sweepSpecSchema.safeParse(input);
  return parsed.success ? plan(parsed.data, options) : { ok: false, errors: zodFieldErrors(parsed.error) };
}

/** `planSweep` for a plan without name or attempts (what `estimateMemory` answers). */
export function planSweepRuns(input: unknown, options: PlanOptions = {}): ParseResult<SweepPlanResult<SweepPlan>> {
  const parsed = sweepPlanSchema.safeParse(input);
  return parsed.success ? plan(parsed.data, options) : { ok: false, errors: zodFieldErrors(parsed.error) };
}
