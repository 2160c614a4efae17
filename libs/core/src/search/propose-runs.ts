import type { RunConfig } from '../run-config';
import type { DatasetSettings } from '../sweep/dataset-settings';
import { memoryKey, predictRunMemory, type MemoryCorrection, type PlannedRun } from '../sweep/plan-sweep';
import type { RunHyperparameters, SweepConstraints, SweepSpace, TrainingSettings } from '../sweep/sweep-spec';
import { proposeConfigurations, type SearchTrial } from './motpe';

/** What BAYES needs of a sweep to propose its next runs. */
export interface BayesSweep {
  space: SweepSpace;
  training: TrainingSettings;
  baseModel: string;
  dataset: string;
  datasetSettings?: DatasetSettings | null;
  seed: number;
  /** The budget: how many runs the sweep makes in all. */
  maxRuns: number;
  constraints?: SweepConstraints | null;
  /** The learned correction of predictions (see `MemoryCorrection`). */
  memoryCorrection?: number | MemoryCorrection;
  /**
   * What the sweep listed as infeasible when it was created (`memoryConfigurations` above the
   * budget): never proposed, even if the correction learned since would let one fit.
   */
  infeasible?: readonly { config: RunHyperparameters }[];
}

/**
 * The next `count` runs of a BAYES sweep, given what its runs so far did: configurations from
 * MOTPE, predicted above the sweep's budget or the claiming agent's memory, or sharing the memory
 * of one the sweep listed as infeasible, never proposed.
 */
export function proposeRuns(sweep: BayesSweep, trials: readonly SearchTrial[], count: number, agentMemoryBytes?: number | null): PlannedRun[] {
  const limits = [sweep.constraints?.maxPeakMemoryBytes, agentMemoryBytes].filter((x): x is number => x != null);
  const configOf = (c: object): RunConfig => ({ ...(c as RunConfig), ...sweep.training, baseModel: sweep.baseModel, dataset: sweep.dataset, ...(sweep.datasetSettings ? { datasetSettings: sweep.datasetSettings } : {}) });
  const listed = new Set((sweep.infeasible ?? []).map((i) => memoryKey(i.config)));
  const allowed = (c: object) => {
    if (listed.has(memoryKey(c as RunHyperparameters))) return false;
    const m = predictRunMemory(configOf(c), sweep.memoryCorrection);
    return m == null || limits.every((l) => m.total <= l);
  };
  return proposeConfigurations({ space: sweep.space, trials, count, seed: sweep.seed, budget: sweep.maxRuns, allowed }).map((c) => {
    const config = configOf(c);
    return { config, memory: predictRunMemory(config, sweep.memoryCorrection) };
  });
}
