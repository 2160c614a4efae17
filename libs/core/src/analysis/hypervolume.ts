import { hypervolume2d } from '../search/motpe';
import { paretoFront, type ScoredRun } from './pareto';

/** The front's hypervolume once a sweep had `succeededRuns` SUCCEEDED runs. */
export interface HypervolumePoint {
  succeededRuns: number;
  /** Fraction (0..1) of the box from (accuracy 0, memory 0) to the reference point that the front dominates. */
  hypervolume: number;
}

export interface HypervolumeHistory {
  /** Memory of the reference point: 1.1 × the largest measured peak of the runs; null without runs. */
  referenceMemoryBytes: number | null;
  /** One point per SUCCEEDED run, in the order they finished. */
  points: HypervolumePoint[];
}

/**
 * How the (accuracy ↑, peak memory ↓) front grew as runs finished: after each run, in finish
 * order, the hypervolume of the front so far, up to the reference point (accuracy 0, 1.1 × the
 * largest peak memory of the runs), as a fraction of the box up to it (accuracy 1 × the reference
 * memory). The reference rule is the benchmark's (tools/bench/search); the whole history is
 * computed with one reference, so its points compare with each other.
 */
export function hypervolumeHistory(runsInFinishOrder: readonly ScoredRun[]): HypervolumeHistory {
  if (!runsInFinishOrder.length) return { referenceMemoryBytes: null, points: [] };
  const ref = 1.1 * Math.max(...runsInFinishOrder.map((r) => r.peakMemoryBytes));
  let front: ScoredRun[] = [];
  let hv = 0;
  const points = runsInFinishOrder.map((run, i) => {
    const dominated = front.some((f) => f.accuracy >= run.accuracy && f.peakMemoryBytes <= run.peakMemoryBytes);
    if (!dominated) {
      front = paretoFront([...front, run]);
      hv = hypervolume2d(front.map((f) => [-f.accuracy, f.peakMemoryBytes]), [0, ref]) / ref;
    }
    return { succeededRuns: i + 1, hypervolume: hv };
  });
  return { referenceMemoryBytes: ref, points };
}
