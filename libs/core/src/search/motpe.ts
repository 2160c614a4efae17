import { isRange, SWEEP_DIMENSIONS, type DimensionName, type NumberRange, type RunHyperparameters, type SweepSpace } from '../sweep/sweep-spec';
import { canonicalConfiguration } from '../sweep/plan-sweep';
import { seededRandom } from '../util/random';

/**
 * BAYES: multi-objective Tree-structured Parzen Estimator (MOTPE, Ozaki et al. 2020, as Optuna's
 * TPESampler does it for several objectives, in its multivariate form), over a sweep's space,
 * maximising eval accuracy and minimising peak memory. Written from the algorithm's description,
 * not from Optuna's code:
 * - the first proposals are random: about 40% of the budget (maxRuns), at least 2 and at most
 *   10 (Optuna's n_startup_trials default), so a small budget is not spent at random;
 * - then finished trials are split into "good" (the best ⌈γ·n⌉, γ = 0.1, by non-domination
 *   rank, ties of the last rank broken by hypervolume contribution) and the rest;
 * - a multivariate Parzen estimator (one kernel per trial over all dimensions together, plus a
 *   prior kernel) is fitted to the good trials (l) and to the rest plus the infeasible, pruned
 *   and pending ones (g; failed ones are left out, as Optuna leaves them out, and only not
 *   repeated): values that did well together are proposed together (here: a high
 *   learning rate with few targets, a lower one with many);
 * - 24 candidates are drawn from l and the one with the largest l/g is proposed.
 * Infeasible trials (out of memory) count among the bad ones, never as a worst value; pending
 * trials are told the worst (constant liar), so proposals made together differ. Seeded: the same
 * trials and seed give the same proposals. The settings were chosen on the tabular benchmark's
 * seeds 100–119 (tools/bench/search, docs/benchmarks.md), not on the seeds it reports.
 */

/** What the search knows of one run. */
export interface SearchTrial {
  config: RunHyperparameters;
  /**
   * complete: finished with both objectives; pending: proposed or running; infeasible: ran out
   * of memory; pruned: stopped early; failed: failed otherwise or was cancelled.
   */
  state: 'complete' | 'pending' | 'infeasible' | 'pruned' | 'failed';
  accuracy?: number;
  memoryBytes?: number;
}

export interface ProposeOptions {
  space: SweepSpace;
  trials: readonly SearchTrial[];
  /** How many configurations to propose (told to each other as pending). */
  count: number;
  seed: number;
  /** Whether a configuration is allowed (the memory budget); candidates that are not are never proposed. */
  allowed?: (config: RunHyperparameters) => boolean;
  /** The sweep's budget (maxRuns): sets the number of random proposals (startupTrialsFor). */
  budget?: number;
  /** Random proposals until this many trials exist (default: startupTrialsFor(budget)). */
  startupTrials?: number;
  /** Candidates drawn from l per proposal (Optuna's n_ei_candidates default: 24). */
  candidates?: number;
}

const DIMENSIONS = Object.keys(SWEEP_DIMENSIONS) as DimensionName[];

type Param =
  | { name: DimensionName; kind: 'categorical'; values: unknown[] }
  | { name: DimensionName; kind: 'numeric'; range: NumberRange; low: number; high: number };

/** The searched dimensions: a listed dimension is categorical over its values, a range numeric (in log space when log). */
function paramsOf(space: SweepSpace): Param[] {
  return DIMENSIONS.map((name): Param => {
    const v = space[name] as unknown;
    if (isRange(v)) {
      const t = (x: number) => (v.log ? Math.log(x) : x);
      return { name, kind: 'numeric', range: v, low: t(v.min), high: t(v.max) };
    }
    return { name, kind: 'categorical', values: v as unknown[] };
  });
}

const key = (v: unknown) => JSON.stringify(v);
/** A configuration's identity: its dimensions only (a run's config also holds the training settings). */
const configKey = (c: RunHyperparameters) => key(DIMENSIONS.map((d) => c[d]));

function encode(p: Param, config: RunHyperparameters): number {
  const v = config[p.name] as unknown;
  if (p.kind === 'numeric') return p.range.log ? Math.log(v as number) : (v as number);
  const i = p.values.findIndex((x) => key(x) === key(v));
  return i; // -1: a value no longer listed (cannot happen for runs the sweep created)
}

function decode(p: Param, x: number): unknown {
  if (p.kind === 'categorical') return structuredClone(p.values[x]);
  const v = p.range.log ? Math.exp(x) : x;
  return Math.min(p.range.max, Math.max(p.range.min, Number(v.toPrecision(6))));
}

// --- Parzen estimators ------------------------------------------------------------------------

const SQRT2 = Math.SQRT2;
/** erf, Abramowitz–Stegun 7.1.26 (|error| < 1.5e-7). */
function erf(x: number): number {
  const s = Math.sign(x);
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return s * y;
}
const phi = (z: number) => 0.5 * (1 + erf(z / SQRT2));

/** Weight of the prior kernel (Optuna's prior_weight default). */
const PRIOR_WEIGHT = 1;

/** One kernel of a Parzen estimator in one dimension: value probabilities, or a truncated Gaussian. */
type Kernel = { kind: 'categorical'; probs: number[] } | { kind: 'numeric'; low: number; high: number; mu: number; sigma: number; mass: number };

function sampleKernel(k: Kernel, rnd: () => number): number {
  if (k.kind === 'categorical') {
    let u = rnd();
    for (let i = 0; i < k.probs.length; i++) if ((u -= k.probs[i]) < 0) return i;
    return k.probs.length - 1;
  }
  // Inverse-CDF sampling inside the truncation, by bisection on the normal CDF.
  const target = phi((k.low - k.mu) / k.sigma) + rnd() * k.mass;
  let lo = k.low;
  let hi = k.high;
  for (let it = 0; it < 50; it++) {
    const mid = (lo + hi) / 2;
    if (phi((mid - k.mu) / k.sigma) < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

function logKernel(k: Kernel, x: number): number {
  if (k.kind === 'categorical') return Math.log(k.probs[x]);
  const z = (x - k.mu) / k.sigma;
  return -0.5 * z * z - Math.log(k.sigma * Math.sqrt(2 * Math.PI) * k.mass);
}

/**
 * Multivariate Parzen estimator (Optuna's multivariate TPE): one kernel per observation over all
 * dimensions at once, plus a prior kernel, so that values that did well together are sampled
 * together. Categorical kernels put 1 + w/(n+1) on the observed value and w/(n+1) on each other
 * one (w: the prior weight), normalised; numeric ones are Gaussians truncated to the range with
 * bandwidth 0.2·(high − low)·n^(−1/(d+4)) (Scott's rule in d dimensions, Optuna's magnitude);
 * the prior kernel is uniform (categorical) or centred with σ = high − low (numeric).
 */
interface Estimator {
  sample(rnd: () => number): number[];
  logDensity(xs: readonly number[]): number;
}

function parzenEstimator(params: Param[], observed: number[][]): Estimator {
  const n = observed.length;
  const weights = [...observed.map(() => 1), PRIOR_WEIGHT];
  const total = weights.reduce((a, b) => a + b, 0);
  const logW = weights.map((w) => Math.log(w / total));
  const base = PRIOR_WEIGHT / (n + 1);
  /** Kernel j (j = n: the prior) of dimension d. */
  const kernel = (j: number, d: number): Kernel => {
    const p = params[d];
    if (p.kind === 'categorical') {
      const k = p.values.length;
      const at = j < n ? observed[j][d] : -1;
      if (at < 0) return { kind: 'categorical', probs: new Array<number>(k).fill(1 / k) };
      const probs = new Array<number>(k).fill(base / (1 + k * base));
      probs[at] = (1 + base) / (1 + k * base);
      return { kind: 'categorical', probs };
    }
    const span = p.high - p.low;
    const mu = j < n ? observed[j][d] : (p.low + p.high) / 2;
    const sigma = j < n ? Math.max(0.2 * span * Math.pow(Math.max(n, 1), -1 / (params.length + 4)), span * 1e-3) : span;
    return { kind: 'numeric', low: p.low, high: p.high, mu, sigma, mass: Math.max(phi((p.high - mu) / sigma) - phi((p.low - mu) / sigma), 1e-12) };
  };
  const kernels = weights.map((_, j) => params.map((_, d) => kernel(j, d)));
  return {
    sample(rnd) {
      let u = rnd() * total;
      let j = 0;
      while (j < n && (u -= weights[j]) >= 0) j++;
      return kernels[j].map((k) => sampleKernel(k, rnd));
    },
    logDensity(xs) {
      const terms = kernels.map((kj, j) => kj.reduce((acc, k, d) => acc + logKernel(k, xs[d]), logW[j]));
      const top = Math.max(...terms);
      return top + Math.log(terms.reduce((a, t) => a + Math.exp(t - top), 0));
    },
  };
}

// --- Splitting by non-domination -------------------------------------------------------------

/** Objectives to minimise: (−accuracy, memory). */
type Point = [number, number];
const dominates = (a: Point, b: Point) => a[0] <= b[0] && a[1] <= b[1] && (a[0] < b[0] || a[1] < b[1]);

/** Non-domination rank of each point (0: the Pareto front). */
export function nondominationRanks(points: readonly Point[]): number[] {
  const rank = new Array<number>(points.length).fill(-1);
  let left = points.map((_, i) => i);
  for (let r = 0; left.length; r++) {
    const front = left.filter((i) => !left.some((j) => j !== i && dominates(points[j], points[i])));
    for (const i of front) rank[i] = r;
    left = left.filter((i) => rank[i] < 0);
  }
  return rank;
}

/** Hypervolume (to minimise) of 2-D points dominated region up to `ref`. */
export function hypervolume2d(points: readonly Point[], ref: Point): number {
  const pts = points.filter((p) => p[0] < ref[0] && p[1] < ref[1]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let hv = 0;
  let bestY = ref[1];
  for (const [x, y] of pts) {
    if (y < bestY) {
      hv += (ref[0] - x) * (bestY - y);
      bestY = y;
    }
  }
  return hv;
}

/** Indices of the ⌈γ·n⌉ best points: whole fronts, the last one cut by greedy hypervolume contribution. */
function goodIndices(points: Point[]): Set<number> {
  const n = points.length;
  const want = Math.min(Math.ceil(0.1 * n), 25);
  const ranks = nondominationRanks(points);
  const order = points.map((_, i) => i).sort((a, b) => ranks[a] - ranks[b] || a - b);
  const good = new Set<number>();
  for (let r = 0; good.size < want; r++) {
    const front = order.filter((i) => ranks[i] === r);
    if (good.size + front.length <= want) {
      for (const i of front) good.add(i);
      continue;
    }
    // Greedy hypervolume subset selection on this front, the reference just past its worst values.
    const ref: Point = [Math.max(...points.map((p) => p[0])) + 1, Math.max(...points.map((p) => p[1])) * 1.1 + 1];
    const chosen: number[] = [];
    while (good.size < want) {
      let best = -1;
      let bestHv = -Infinity;
      for (const i of front) {
        if (chosen.includes(i)) continue;
        const hv = hypervolume2d([...chosen, i].map((j) => points[j]), ref);
        if (hv > bestHv) {
          bestHv = hv;
          best = i;
        }
      }
      chosen.push(best);
      good.add(best);
    }
  }
  return good;
}

// --- Proposals --------------------------------------------------------------------------------

function randomConfig(params: Param[], rnd: () => number): RunHyperparameters {
  const c: Record<string, unknown> = {};
  for (const p of params) {
    c[p.name] = p.kind === 'categorical' ? decode(p, Math.floor(rnd() * p.values.length)) : decode(p, p.low + rnd() * (p.high - p.low));
  }
  return canonicalConfiguration(c as RunHyperparameters);
}

/** Random proposals before the model: about 40% of the budget, at least 2, at most 10 (10 without a budget). */
export function startupTrialsFor(budget: number | undefined): number {
  return budget == null ? 10 : Math.max(2, Math.min(10, Math.round(0.4 * budget)));
}

/** One proposal given the trials so far; null when no allowed (and, in a discrete space, untried) configuration was found. */
function proposeOne(params: Param[], trials: readonly SearchTrial[], rnd: () => number, opts: ProposeOptions): RunHyperparameters | null {
  const allowed = opts.allowed ?? (() => true);
  const seen = new Set(trials.map((t) => configKey(canonicalConfiguration(t.config))));
  const discrete = params.every((p) => p.kind === 'categorical');
  const fresh = (c: RunHyperparameters) => allowed(c) && (!discrete || !seen.has(configKey(c)));
  const complete = trials.filter((t) => t.state === 'complete');
  const random = () => {
    for (let i = 0; i < 1000; i++) {
      const c = randomConfig(params, rnd);
      if (fresh(c)) return c;
    }
    return null;
  };
  if (trials.length < (opts.startupTrials ?? startupTrialsFor(opts.budget)) || complete.length < 2) return random();

  const points = complete.map((t): Point => [-(t.accuracy ?? 0), t.memoryBytes ?? 0]);
  const good = goodIndices(points);
  const below = complete.filter((_, i) => good.has(i));
  // A failed (or cancelled) run says nothing about its configuration, as in Optuna: it is only not repeated.
  const above = [...complete.filter((_, i) => !good.has(i)), ...trials.filter((t) => t.state !== 'complete' && t.state !== 'failed')];
  const encodeAll = (c: RunHyperparameters) => params.map((p) => encode(p, c));
  const l = parzenEstimator(params, below.map((t) => encodeAll(t.config)));
  const g = parzenEstimator(params, above.map((t) => encodeAll(t.config)));
  let best: RunHyperparameters | null = null;
  let bestScore = -Infinity;
  for (let i = 0; i < (opts.candidates ?? 24); i++) {
    const xs = l.sample(rnd);
    const c: Record<string, unknown> = {};
    params.forEach((p, d) => (c[p.name] = decode(p, xs[d])));
    const config = canonicalConfiguration(c as RunHyperparameters);
    if (!fresh(config)) continue;
    // Scored at the decoded point (numeric values are rounded, categorical ones canonical).
    const x = encodeAll(config);
    const score = l.logDensity(x) - g.logDensity(x);
    if (score > bestScore) {
      bestScore = score;
      best = config;
    }
  }
  return best ?? random();
}

/**
 * Up to `count` configurations to run next (fewer when the allowed, untried ones run out). Deterministic: the generator is seeded with the sweep's
 * seed and the number of trials so far, so a replay of the same history proposes the same.
 */
export function proposeConfigurations(opts: ProposeOptions): RunHyperparameters[] {
  const params = paramsOf(opts.space);
  const trials = [...opts.trials];
  const out: RunHyperparameters[] = [];
  for (let i = 0; i < opts.count; i++) {
    const rnd = seededRandom(((opts.seed >>> 0) * 1_000_003 + trials.length * 7919) >>> 0);
    const c = proposeOne(params, trials, rnd, opts);
    if (!c) break;
    out.push(c);
    trials.push({ config: c, state: 'pending' }); // constant liar: the next proposal sees it as bad
  }
  return out;
}
