import { DatasetInvalidError, MlError, isOutOfMemory } from '@loralab/ml';
import { ApiError, isRetryable, type RunErrorDetailInput } from '@loralab/client';
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
  /**
   * Whether another attempt may succeed (`failRun`'s `retryable`). Not for errors of the run
   * itself, which fail again (a bad model or dataset, a path it may not read, NaN, out of memory),
   * nor for an API refusal of what it reported (its metrics or summary, BAD_USER_INPUT). Yes for
   * the rest: an API outage that outlasted the agent's retries, a stalled training thread, a
   * TensorFlow.js backend that did not start (BACKEND_UNAVAILABLE), an error of the agent.
   */
  retryable: boolean;
}

/** What `failRun` takes as `errorDetail.code`. */
const ERROR_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

export function runFailure(err: unknown): RunFailure {
  if (err instanceof DatasetInvalidError) {
    const where = Object.entries({ file: err.file, line: err.line, row: err.row, field: err.field }).filter(([, v]) => v !== undefined);
    return { reason: `${err.code}: ${err.message}`, detail: { code: err.code, ...Object.fromEntries(where) }, retryable: false };
  }
  if (err instanceof TrainingStalledError) return { reason: `${err.code}: ${err.message}`, detail: { code: err.code }, retryable: true };
  if (err instanceof MlError || err instanceof PathNotAllowedError) {
    // A backend that did not start in any attempt is this host's fault, not the run's.
    return { reason: `${err.code}: ${err.message}`, detail: { code: err.code }, retryable: err.code === 'BACKEND_UNAVAILABLE' };
  }
  if (err instanceof ApiError) {
    const fields = err.fields.map((f) => `${f.path}: ${f.message}`).join('; ');
    const reason = `the API: ${err.code}: ${err.message}${fields ? ` (${fields})` : ''}`;
    return { reason, ...(ERROR_CODE.test(err.code) ? { detail: { code: err.code } } : {}), retryable: isRetryable(err) };
  }
  // After ApiError: an API answer that mentions memory (a 503 from an out-of-memory database) is not the run's OOM.
  if (isOutOfMemory(err)) return { reason: `OUT_OF_MEMORY: ${(err as Error).message}`, detail: { code: 'OUT_OF_MEMORY' }, retryable: false };
  return { reason: (err as Error)?.message ?? String(err), retryable: true };
}
