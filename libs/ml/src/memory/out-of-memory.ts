import { isOutOfMemoryMessage } from '@loralab/core';
import { MlError } from '../util/ml.error';

/** Whether `err` (or an error in its `cause` chain) means the process ran out of memory (see `isOutOfMemoryMessage`). */
export function isOutOfMemory(err: unknown): boolean {
  for (let e = err, depth = 0; e != null && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof MlError) {
      if (e.code === 'OUT_OF_MEMORY') return true;
      continue;
    }
    const message = e instanceof Error ? e.message : typeof e === 'string' ? e : '';
    if (isOutOfMemoryMessage(message)) return true;
  }
  return false;
}

/** An out-of-memory error (`isOutOfMemory(err)`) as the MlError OUT_OF_MEMORY callers map: itself when it is an MlError already. */
export function asOutOfMemoryError(err: unknown): MlError {
  return err instanceof MlError ? err : new MlError('OUT_OF_MEMORY', (err as Error).message ?? String(err), { cause: err });
}
