import { MlError } from '../util/ml.error';

/**
 * Messages of every way a JS/wasm training process runs out of memory:
 * - V8 cannot allocate a buffer: `RangeError: Array buffer allocation failed`, `Invalid typed
 *   array length` (tfjs asking for more than a typed array can hold), `Invalid array length`;
 * - a WebAssembly.Memory cannot grow: `RangeError: WebAssembly.Memory.grow(): Maximum memory
 *   size exceeded`;
 * - wasm's malloc returned 0 once the 4 GiB heap was full and the kernel wrote through it:
 *   `RuntimeError: memory access out of bounds`;
 * - an Emscripten abort: `Aborted(OOM)`, `Aborted(Cannot enlarge memory arrays …)`;
 * - anything saying "out of memory" (the trainer's own device-memory cap, the tensorflow
 *   backend's OOM) and V8's `JavaScript heap out of memory`.
 * Other RangeErrors (a bad argument, `Maximum call stack size exceeded`) are not memory.
 */
const OUT_OF_MEMORY =
  /array buffer allocation failed|invalid (typed )?array length|memory\.grow|maximum memory size exceeded|memory access out of bounds|aborted\(oom\)|cannot enlarge memory|out of memory|\bOOM\b|failed to allocate|allocation failed/i;

/** Whether `err` (or an error in its `cause` chain) means the process ran out of memory. */
export function isOutOfMemory(err: unknown): boolean {
  for (let e = err, depth = 0; e != null && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof MlError) {
      if (e.code === 'OUT_OF_MEMORY') return true;
      continue;
    }
    const message = e instanceof Error ? e.message : typeof e === 'string' ? e : '';
    if (OUT_OF_MEMORY.test(message)) return true;
  }
  return false;
}
