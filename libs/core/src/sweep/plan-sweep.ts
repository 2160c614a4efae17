import { doubleQuantApplies, TARGET_MODULES, type TargetModule } from '../enums';
import { estimateMemory, type MemoryBreakdown } from '../memory/estimate-memory';
import { builtinModelShape } from '../models/model-shape';
import type { RunConfig } from '../run-config';
import { seededRandom } from '../util/random';
import {
  MAX_RUNS_PER_SWEEP,
  SWEEP_DIMENSIONS,
  sweepPlanSchema,
  sweepSpecSchema,
  zodFieldErrors,
  type DimensionName,
  type FieldError,
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
function canonical(c: RunHyperparameters): RunHyperparameters {
  const targets = c.targetModules as TargetModule[];
  return {
    ...c,
    targetModules: TARGET_MODULES.filter((t) => targets.includes(t)),
    doubleQuant: c.doubleQuant && doubleQuantApplies(c.quantization),
  };
}

/** Every distinct configuration of the space, in a stable order (the grid; the first dimension outermost). */
export function gridConfigurations(space: SweepSpace): RunHyperparameters[] {
  let points: Record<string, unknown>[] = [{}];
  for (const d of DIMENSIONS) {
    const values = space[d] as unknown[];
    points = points.flatMap((p) => values.map((v) => ({ ...p, [d]: v })));
  }
  const seen = new Set<string>();
  const out: RunHyperparameters[] = [];
  for (const p of points) {
    const c = canonical(p as RunHyperparameters);
    const key = JSON.stringify(DIMENSIONS.map((d) => c[d]));
    if (!seen.has(key)) {
      seen.add(key);
      out.push(c);
    }
  }
  return out;
}

/** Upper bound of the grid's size, before duplicates are folded. */
function productSize(space: SweepSpace): number {
  return DIMENSIONS.reduce((n, d) => n * (space[d] as unknown[]).length, 1);
}

/** The predicted peak of a run, or null when its base's shape is not known before it loads. */
export function predictRunMemory(config: RunConfig): MemoryBreakdown | null {
  const shape = builtinModelShape(config.baseModel);
  return shape ? estimateMemory(shape, config) : null;
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
  if (plan.method === 'GRID') {
    if (grid.length > MAX_RUNS_PER_SWEEP) {
      return fail({ path: 'space', message: `the grid has ${grid.length} configurations; at most ${MAX_RUNS_PER_SWEEP} are allowed` });
    }
    return { ok: true, value: grid };
  }
  const wanted = plan.maxRuns!;
  if (wanted > grid.length) return fail({ path: 'maxRuns', message: `the space has only ${grid.length} distinct configurations` });
  // Partial Fisher-Yates shuffle: the first `wanted` items are a uniform distinct sample.
  const rnd = seededRandom(plan.seed ?? 0);
  const pool = grid.slice();
  for (let i = 0; i < wanted; i++) {
    const j = i + Math.floor(rnd() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return { ok: true, value: pool.slice(0, wanted) };
}

function plan<S extends SweepPlan>(spec: S): ParseResult<{ spec: S; runs: PlannedRun[] }> {
  const selected = selectConfigurations(spec);
  if (!selected.ok) return selected;
  const runs = selected.value.map((c) => {
    const config: RunConfig = { ...c, ...spec.training, baseModel: spec.baseModel, dataset: spec.dataset };
    return { config, memory: predictRunMemory(config) };
  });
  return { ok: true, value: { spec, runs } };
}

/**
 * Validates a sweep and expands it into its runs, each with its predicted memory: GRID is the
 * full product, RANDOM draws `maxRuns` distinct configurations with a seeded generator (same
 * seed, same runs).
 */
export function planSweep(input: unknown): ParseResult<{ spec: SweepSpec; runs: PlannedRun[] }> {
  const parsed = sweepSpecSchema.safeParse(input);
  return parsed.success ? plan(parsed.data) : { ok: false, errors: zodFieldErrors(parsed.error) };
}

/** `planSweep` for a plan without name or attempts (what `estimateMemory` answers). */
export function planSweepRuns(input: unknown): ParseResult<{ spec: SweepPlan; runs: PlannedRun[] }> {
  const parsed = sweepPlanSchema.safeParse(input);
  return parsed.success ? plan(parsed.data) : { ok: false, errors: zodFieldErrors(parsed.error) };
}
