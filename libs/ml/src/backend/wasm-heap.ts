import { tf } from './tf';

interface EmscriptenHeap {
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  HEAPU8: Uint8Array;
  loralabMallocGuarded?: boolean;
}

/**
 * Makes a full wasm heap fail loudly. tfjs-backend-wasm takes every tensor's memory with
 * `Module._malloc` and never checks the result: once the 4 GiB heap is exhausted malloc returns
 * 0 (or, near 4 GiB, a block that wraps past the heap's end) and tfjs writes the tensor at
 * address 0, over the module's own data, and the process later dies with `memory access out of
 * bounds`, `offset is out of bounds`, or computes garbage. Wrapped, a failed allocation
 * throws a RangeError saying "out of memory" (what `isOutOfMemory` recognises) before anything
 * is written, so the trainer can fail the step as OUT_OF_MEMORY or retry it smaller.
 */
export function guardWasmMalloc(): void {
  const backend = tf.findBackend('wasm') as unknown as { wasm?: EmscriptenHeap; time: (f: () => void) => Promise<{ kernelMs: number }> } | null;
  const wasm = backend?.wasm;
  if (!backend || !wasm || wasm.loralabMallocGuarded) return;
  // tfjs-backend-wasm's `time` (which tf.profile, and so every measured step, runs each kernel
  // through) is async: a kernel that throws becomes an unhandled rejection that kills the
  // process, and the profiler goes on with no outputs (`TypeError: ... reading 'map'`). Run the
  // kernel synchronously so that its error reaches the step's caller.
  backend.time = (f) => {
    const start = performance.now();
    f();
    return Promise.resolve({ kernelMs: performance.now() - start });
  };
  // Emscripten's `_malloc` is a stub that replaces itself with the raw export on its first
  // call; make that happen now, so the wrapper is not overwritten later.
  wasm._free(wasm._malloc(8));
  const malloc = wasm._malloc;
  wasm._malloc = (bytes: number) => {
    const p = malloc(bytes);
    // Near 4 GiB Emscripten's sbrk wraps around instead of failing: a block that ends past the
    // heap is a failed allocation too.
    if (bytes > 0 && (p === 0 || (p >>> 0) + bytes > wasm.HEAPU8.length)) throw new RangeError(`wasm heap out of memory: malloc(${bytes}) failed`);
    return p;
  };
  wasm.loralabMallocGuarded = true;
}
