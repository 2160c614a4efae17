import { seededRandom } from '../util/random';
import type { RunHyperparameters } from '../run-config';
import { TARGET_MODULES, type QuantType } from '../enums';
import {
  MAX_RUNS_PER_SWEEP,
  sweepSpecSchema,
  zodFieldErrors,
  type ParseResult,
  type SweepSpace,
  type SweepSpec,
} from './sweep-spec';

/** Largest product of value lists that is enumerated (RANDOM samples from it). */
export const MAX_SPACE_SIZE = 100_000;

const FOUR_BIT: ReadonlySet<QuantType> = new Set(['INT4', 'FP4', 'NF4']);

/** Double quantization only exists for 4-bit bases; elsewhere it is normalised to false. */
export function usesDoubleQuant(q: QuantType, doubleQuant: boolean): boolean {
  return doubleQuant && FOUR_BIT.has(q);
}

/** Every distinct configuration of the space, in a stable order (the grid). */
export function gridConfigurations(space: SweepSpace): RunHyperparameters[] {
  const out: RunHyperparameters[] = [];
  const seen = new Set<string>();
  const order = (set: readonly string[]) =>
    TARGET_MODULES.filter((t) => set.includes(t));
  for (const quantization of space.quantization)
    for (const doubleQuant of space.doubleQuant)
      for (const rank of space.rank)
        for (const alpha of space.alpha)
          for (const targets of space.targetModules)
            for (const learningRate of space.learningRate)
              for (const dropout of space.dropout) {
                const c: RunHyperparameters = {
                  rank,
                  alpha,
                  quantization,
                  targetModules: order(targets),
                  learningRate,
                  dropout,
                  doubleQuant: usesDoubleQuant(quantization, doubleQuant),
                };
                const key = JSON.stringify(c);
                if (!seen.has(key)) {
                  seen.add(key);
                  out.push(c);
                }
              }
  return out;
}

/** Upper bound of the grid's size, before duplicates from doubleQuant are folded. */
function productSize(space: SweepSpace): number {
  return (
    space.rank.length *
    space.alpha.length *
    space.quantization.length *
    space.targetModules.length *
    space.learningRate.length *
    space.dropout.length *
    space.doubleQuant.length
  );
}

/**
 * Validates a sweep and expands it into run configurations: GRID is the full product,
 * RANDOM draws `maxRuns` distinct configurations with a seeded generator (same seed, same runs).
 */
export function planSweep(
  input: unknown,
): ParseResult<{ spec: SweepSpec; configurations: RunHyperparameters[] }> {
  const parsed = sweepSpecSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: zodFieldErrors(parsed.error) };
  const spec = parsed.data;
  if (productSize(spec.space) > MAX_SPACE_SIZE) {
    return {
      ok: false,
      errors: [{ path: 'space', message: `the search space has more than ${MAX_SPACE_SIZE} combinations` }],
    };
  }
  const grid = gridConfigurations(spec.space);
  if (spec.method === 'GRID') {
    if (grid.length > MAX_RUNS_PER_SWEEP) {
      return {
        ok: false,
        errors: [
          {
            path: 'space',
            message: `the grid has ${grid.length} configurations; at most ${MAX_RUNS_PER_SWEEP} are allowed`,
          },
        ],
      };
    }
    return { ok: true, value: { spec, configurations: grid } };
  }
  const wanted = spec.maxRuns!;
  if (wanted > grid.length) {
    return {
      ok: false,
      errors: [
        {
          path: 'maxRuns',
          message: `the space has only ${grid.length} distinct configurations`,
        },
      ],
    };
  }
  // Partial Fisher-Yates shuffle: the first `wanted` items are a uniform distinct sample.
  const rnd = seededRandom(spec.seed ?? 0);
  const pool = grid.slice();
  for (let i = 0; i < wanted; i++) {
    const j = i + Math.floor(rnd() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return { ok: true, value: { spec, configurations: pool.slice(0, wanted) } };
}
