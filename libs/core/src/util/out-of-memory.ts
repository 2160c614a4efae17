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
 *   backend's OOM), V8's `JavaScript heap out of memory`, and a run error the agent reported
 *   with the `OUT_OF_MEMORY:` code.
 * Other RangeErrors (a bad argument, `Maximum call stack size exceeded`) are not memory.
 */
const OUT_OF_MEMORY =
  /array buffer allocation failed|invalid (typed )?array length|memory\.grow|maximum memory size exceeded|memory access out of bounds|aborted\(oom\)|cannot enlarge memory|out of memory|\bOOM\b|OUT_OF_MEMORY|failed to allocate|allocation failed/i;

/**
 * Whether an error message says the process ran out of memory: the one test the trainer (retry
 * at a smaller micro-batch), the agent (not retryable) and the search (infeasible, not a worst
 * value) share.
 */
export function isOutOfMemoryMessage(message: string): boolean {
  return OUT_OF_MEMORY.test(message);
}
