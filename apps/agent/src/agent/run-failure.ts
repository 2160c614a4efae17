import { DatasetInvalidError, MlError, isOutOfMemory } from '@loralab/ml';
import type { RunErrorDetailInput } from '@loralab/client';
import { PathNotAllowedError } from './allowed-roots';
import { TrainingStalledError } from './training-thread';

/** How the agent reports an error that ended a run: the message, and the same as data. */
export interface RunFailure {
  /** `CODE: message` for the run's coded errors, else the message. */
  reason: string;
  /**
   * The code and, for a malformed dataset record, its file, line or row, and field: `failRun`'s
   * `errorDetail` and the fields of the agent's log line. Absent for uncoded errors.
   */
  detail?: RunErrorDetailInput;
}

export function runFailure(err: unknown): RunFailure {
  if (err instanceof DatasetInvalidError) {
    const where = Object.entries({ file: err.file, line: err.line, row: err.row, field: err.field }).filter(([, v]) => v !== undefined);
    return { reason: `${err.code}: ${err.message}`, detail: { code: err.code, ...Object.fromEntries(where) } };
  }
  if (err instanceof MlError || err instanceof PathNotAllowedError || err instanceof TrainingStalledError) return { reason: `${err.code}: ${err.message}`, detail: { code: err.code } };
  if (isOutOfMemory(err)) return { reason: `OUT_OF_MEMORY: ${(err as Error).message}`, detail: { code: 'OUT_OF_MEMORY' } };
  return { reason: (err as Error)?.message ?? String(err) };
}
