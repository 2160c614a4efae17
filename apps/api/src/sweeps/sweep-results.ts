import { hypervolumeHistory, matchedPairs, paretoFront, type HypervolumeHistory } from '@loralab/core';
import { RunEntity } from '@loralab/db';
import type { FinishedRunScore, SweepService } from './sweep.service';

/** A matched pair as GraphQL returns it when only the runs' ids are asked for. */
export interface ComparisonRow {
  baseline: RunEntity;
  quantized: RunEntity;
  quantization: FinishedRunScore['quantization'];
  accuracyDelta: number;
  memoryRatio: number;
}

/** What a sweep's SUCCEEDED runs add up to: the Pareto front, its hypervolume as they finished, the matched LoRA/QLoRA pairs. */
export interface SweepResults {
  /** How many SUCCEEDED runs these were computed from. */
  succeeded: number;
  /** Non-dominated runs, by peak memory ascending. */
  front: FinishedRunScore[];
  /** Matched pairs; their runs are id-only entities (load them for more than the id). */
  pairs: ComparisonRow[];
  /** The front's hypervolume after each SUCCEEDED run, in finish order. */
  hypervolume: HypervolumeHistory;
}

/** Sweeps whose results are kept; the least recently read goes first. */
const MAX_SWEEPS = 64;

const idOnly = (id: string) => Object.assign(new RunEntity(), { id });

/**
 * Pareto fronts, hypervolume histories and matched pairs, computed once per set of finished runs and kept per process.
 * SUCCEEDED is final and a finished run's accuracy and peak memory never change (every write to a
 * run requires it to be QUEUED or RUNNING, and runs are never deleted), so a sweep's set of
 * SUCCEEDED runs only grows and its size identifies it: results are reused while the count of
 * SUCCEEDED runs, read by the caller in the same request, is the one they were computed from.
 */
export class SweepResultsCache {
  private readonly cache = new Map<string, SweepResults>();

  constructor(private readonly sweeps: SweepService) {}

  /** Results of each sweep, given its current number of SUCCEEDED runs. */
  async get(requests: readonly { sweepId: string; succeeded: number }[]): Promise<SweepResults[]> {
    const stale = requests.filter((r) => this.cache.get(r.sweepId)?.succeeded !== r.succeeded).map((r) => r.sweepId);
    if (stale.length) {
      const scores = await this.sweeps.finishedScores(stale);
      stale.forEach((sweepId, i) => this.remember(sweepId, compute(scores[i])));
    }
    return requests.map((r) => {
      const results = this.cache.get(r.sweepId)!;
      // Map order is the eviction order: move this sweep to the back.
      this.cache.delete(r.sweepId);
      this.cache.set(r.sweepId, results);
      return results;
    });
  }

  private remember(sweepId: string, results: SweepResults): void {
    this.cache.delete(sweepId);
    if (this.cache.size >= MAX_SWEEPS) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(sweepId, results);
  }
}

function compute(scores: FinishedRunScore[]): SweepResults {
  return {
    succeeded: scores.length,
    front: paretoFront(scores),
    hypervolume: hypervolumeHistory(scores),
    pairs: matchedPairs(scores).map((p) => ({
      baseline: idOnly(p.baseline.id),
      quantized: idOnly(p.quantized.id),
      quantization: p.quantized.quantization,
      accuracyDelta: p.accuracyDelta,
      memoryRatio: p.memoryRatio,
    })),
  };
}
