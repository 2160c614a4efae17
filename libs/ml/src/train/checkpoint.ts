import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSafetensorsFile, tensorToFloat32 } from '../safetensors/safetensors.reader';
import { serializeSafetensors, type TensorToWrite } from '../safetensors/safetensors.writer';
import { MlError } from '../util/ml.error';
import type { MeasuredMemory } from '../memory/memory-meter';
import type { AdamWState } from './adamw';

/**
 * What the attempts of a run measured up to a checkpoint, so that an attempt resuming from it
 * reports the work of every attempt, not only its own (which may be no step at all).
 */
export interface TrainMeasurements {
  /** The measured step with the highest peak over all attempts; absent while none was measured. */
  peak?: MeasuredMemory;
  /** Tokens trained and seconds spent in training steps, summed over attempts. */
  trainTokens: number;
  trainSeconds: number;
  /** Wall time of the attempts, summed. */
  durationSeconds: number;
}

/** Everything a run needs to continue exactly where it stopped. */
export interface TrainCheckpoint {
  /** Steps completed. */
  step: number;
  /** Batch sampler and dropout generator states. */
  rngState: { sampler: number; dropout: number };
  /** Adapter weights in `model.loraVariables()` order (A^T, B^T per projection). */
  adapter: Float32Array[];
  optimizer: AdamWState;
  /** Run fingerprint: resuming with another configuration is refused. */
  configHash: string;
  lastLoss?: number;
  /** Absent in checkpoints written before measurements were carried. */
  measurements?: TrainMeasurements;
}

export function saveCheckpoint(dir: string, c: TrainCheckpoint): void {
  mkdirSync(dir, { recursive: true });
  const tensors: Record<string, TensorToWrite> = {};
  const put = (name: string, a: Float32Array) => (tensors[name] = { dtype: 'F32', shape: [a.length], data: a });
  c.adapter.forEach((a, i) => put(`adapter.${i}`, a));
  c.optimizer.m.forEach((a, i) => put(`adam_m.${i}`, a));
  c.optimizer.v.forEach((a, i) => put(`adam_v.${i}`, a));
  writeFileSync(join(dir, 'checkpoint.safetensors'), serializeSafetensors(tensors));
  const meta = { step: c.step, rngState: c.rngState, optimizerStep: c.optimizer.step, configHash: c.configHash, lastLoss: c.lastLoss, measurements: c.measurements, count: c.adapter.length };
  writeFileSync(join(dir, 'checkpoint.json'), JSON.stringify(meta, null, 2));
}

export function loadCheckpoint(dir: string): TrainCheckpoint {
  const metaPath = join(dir, 'checkpoint.json');
  if (!existsSync(metaPath)) throw new MlError('CHECKPOINT_INVALID', `${metaPath} not found`);
  try {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8'));
    const file = readSafetensorsFile(join(dir, 'checkpoint.safetensors'));
    const get = (name: string) => {
      const t = file.tensors.get(name);
      if (!t) throw new MlError('CHECKPOINT_INVALID', `checkpoint lacks ${name}`);
      return tensorToFloat32(t);
    };
    const n = meta.count as number;
    return {
      step: meta.step,
      rngState: meta.rngState,
      configHash: meta.configHash,
      lastLoss: meta.lastLoss,
      measurements: meta.measurements,
      adapter: Array.from({ length: n }, (_, i) => get(`adapter.${i}`)),
      optimizer: {
        step: meta.optimizerStep,
        m: Array.from({ length: n }, (_, i) => get(`adam_m.${i}`)),
        v: Array.from({ length: n }, (_, i) => get(`adam_v.${i}`)),
      },
    };
  } catch (e) {
    if (e instanceof MlError) throw e;
    throw new MlError('CHECKPOINT_INVALID', `cannot read checkpoint in ${dir}: ${(e as Error).message}`, { cause: e });
  }
}
