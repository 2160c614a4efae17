import { z } from 'zod';

/**
 * Early termination of a sweep's runs at rungs (ASHA: Li et al. 2020, asynchronous successive
 * halving, in its stopping form as Optuna's SuccessiveHalvingPruner applies it). Rungs are at
 * minSteps·η^k optimizer steps, rounded up to the evaluation they are judged on (`rungSteps`). η need not
 * be a whole number (as Ray Tune's reduction_factor): 1.5 puts rungs closer together and, for
 * PARETO, stops a run dominated by a third of the others. The metric at a rung is the run's eval
 * loss logged there (lower is better; accuracy is only measured at the end).
 * - ASHA: a run is stopped at a rung unless its eval loss is within the best ⌊n/η⌋ (at least 1)
 *   of the n runs that reached that rung, itself included.
 * - PARETO: a run is stopped at a rung only when at least (1 − 1/η) of the other runs that
 *   reached it dominate it on (eval loss at the rung, peak memory): a run that is worse but
 *   lighter survives.
 * Either way a run is judged only once at least `minRuns` other runs have reached the rung (as
 * Optuna's n_min_trials): the first runs of a sweep are not stopped on a comparison with one or two.
 */
export const EARLY_TERMINATE_TYPES = ['ASHA', 'PARETO'] as const;

/** The metric a rung is judged on: lower is better, logged by the agent at every evaluation during training. */
export const RUNG_METRIC = 'eval/loss';
/** The measured peak of a training step, which the agent logs on its measured steps and PARETO compares at a rung. */
export const PEAK_METRIC = 'memory/peak_bytes';
export type EarlyTerminateType = (typeof EARLY_TERMINATE_TYPES)[number];

/** The smallest reduction factor: rungs at most ~10% apart (η → 1 would put one at every step). */
export const ETA_MIN = 1.1;

export const earlyTerminateSchema = z.strictObject({
  type: z.enum(EARLY_TERMINATE_TYPES, { error: `must be one of ${EARLY_TERMINATE_TYPES.join(', ')}` }),
  minSteps: z.number({ error: 'must be a number' }).int('must be an integer').min(1, 'must be at least 1').max(1_000_000, 'must be at most 1000000'),
  eta: z.number({ error: 'must be a number' }).min(ETA_MIN, `must be at least ${ETA_MIN}`).max(100, 'must be at most 100').default(3),
  minRuns: z.number({ error: 'must be a number' }).int('must be an integer').min(1, 'must be at least 1').max(1000, 'must be at most 1000').default(1),
});
export type EarlyTerminate = z.output<typeof earlyTerminateSchema>;

/**
 * The rungs of a run: minSteps·η^k rounded up to a whole step and then to the evaluation it is
 * judged on (the first at or after it: training evaluates every `evalInterval` steps before its
 * last), each once, those with an evaluation before the last step. A rung after the last
 * evaluation during training is none: the final evaluation comes with the result, too late to
 * stop anything. Empty when nothing can be judged (evalInterval 0, or none left before the end).
 */
export function rungSteps(et: Pick<EarlyTerminate, 'minSteps' | 'eta'>, training: { steps: number; evalInterval: number }): number[] {
  const { steps, evalInterval } = training;
  if (!(evalInterval > 0) || !(et.eta > 1) || !(et.minSteps >= 1)) return [];
  const out: number[] = [];
  for (let k = 0; ; k++) {
    // The tolerance keeps a product that floating point puts a hair above a whole step (100·1.1² = 121.00000000000001) on it.
    const step = Math.ceil(et.minSteps * et.eta ** k - 1e-9);
    const judged = Math.ceil(step / evalInterval) * evalInterval;
    if (judged >= steps) return out;
    if (judged !== out[out.length - 1]) out.push(judged);
  }
}

/**
 * One run at a rung: its eval loss there and its peak memory, the same kind for every run at the
 * rung (`RungMemory`).
 */
export interface RungEntry {
  evalLoss: number;
  memoryBytes: number;
}

/**
 * Which peak the runs at a rung are compared on: the measured peak of their training steps (the
 * agent logs it from the first steps, so a running run has it too), or the estimator's
 * prediction, uncorrected, where not every run has a measurement.
 */
export type RungMemory = 'measured' | 'predicted';

const dominates = (a: RungEntry, b: RungEntry) =>
  a.evalLoss <= b.evalLoss && a.memoryBytes <= b.memoryBytes && (a.evalLoss < b.evalLoss || a.memoryBytes < b.memoryBytes);

/** The decision at a rung: whether the run is stopped, and why, in words a person reads on its page. */
export interface RungVerdict {
  stop: boolean;
  /** E.g. "dominated by 4 of 5 runs at that rung (eval loss and measured peak memory)". */
  reason: string;
}

const runsText = (n: number) => `${n} run${n === 1 ? '' : 's'}`;
const loss = (x: number) => Number(x.toPrecision(4)).toString();

/** Whether the run is stopped at this rung, given the other runs that reached it, and why. */
export function judgeAtRung(et: EarlyTerminate, mine: RungEntry, others: readonly RungEntry[], memory: RungMemory = 'predicted'): RungVerdict {
  if (others.length < et.minRuns) {
    return { stop: false, reason: others.length ? `${runsText(others.length)} reached that rung before it, fewer than minRuns ${et.minRuns}` : 'the first run to reach that rung' };
  }
  if (et.type === 'PARETO') {
    const dominating = others.filter((o) => dominates(o, mine)).length;
    return {
      // The tolerance keeps (1 − 1/η)·n that floating point puts a hair above a whole number (η 1.5, n 9: 3.0000000000000004) on it.
      stop: dominating >= (1 - 1 / et.eta) * others.length - 1e-9,
      reason: `dominated by ${dominating} of ${runsText(others.length)} at that rung (eval loss and ${memory === 'measured' ? 'measured peak memory' : 'predicted memory'})`,
    };
  }
  const losses = [...others.map((o) => o.evalLoss), mine.evalLoss].sort((a, b) => a - b);
  const kept = Math.max(1, Math.floor(losses.length / et.eta + 1e-9));
  const cutoff = losses[kept - 1];
  const stop = mine.evalLoss > cutoff;
  return {
    stop,
    reason: `eval loss ${loss(mine.evalLoss)} ${stop ? 'outside' : 'within'} the best ${kept} of ${runsText(losses.length)} at that rung (cut-off ${loss(cutoff)})`,
  };
}

/** Whether the run is stopped at this rung, given the other runs that reached it. */
export function stopsAtRung(et: EarlyTerminate, mine: RungEntry, others: readonly RungEntry[]): boolean {
  return judgeAtRung(et, mine, others).stop;
}
