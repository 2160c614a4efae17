import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/backend';
import { tf } from '../backend/tf';
import { quantize } from '../quant/quantize';
import { MlError } from '../util/ml.error';
import { isOutOfMemory } from './out-of-memory';

/** The WebAssembly global (this project's TypeScript lib has no DOM or WebAssembly types). */
interface WasmGlobal {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: Record<string, unknown> };
  Memory: new (d: { initial: number; maximum: number }) => { grow(pages: number): number };
  RuntimeError: new (message: string) => Error;
}
const WebAssembly = (globalThis as unknown as { WebAssembly: WasmGlobal }).WebAssembly;

/** The error `f` really throws. */
function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

/** (module (memory 1) (func (export "f") (result i32) (i32.load (i32.const 70000)))): reads past its one 64 KiB page. */
const OUT_OF_BOUNDS_WASM = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, // type: () -> i32
  0x03, 0x02, 0x01, 0x00, // func 0 has type 0
  0x05, 0x03, 0x01, 0x00, 0x01, // memory: min 1 page
  0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00, // export "f"
  0x0a, 0x0b, 0x01, 0x09, 0x00, 0x41, 0xf0, 0xa2, 0x04, 0x28, 0x02, 0x00, 0x0b, // i32.const 70000; i32.load; end
]);

describe('isOutOfMemory', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('recognises every way wasm and V8 run out of memory, from the errors they really throw', () => {
    const wasmTrap = thrown(() => (new WebAssembly.Instance(new WebAssembly.Module(OUT_OF_BOUNDS_WASM)).exports.f as () => number)());
    expect(wasmTrap).toBeInstanceOf(WebAssembly.RuntimeError);
    expect(String(wasmTrap)).toMatch(/memory access out of bounds/);
    const failedGrow = thrown(() => new WebAssembly.Memory({ initial: 1, maximum: 2 }).grow(4));
    expect(failedGrow).toBeInstanceOf(RangeError);
    const arrayBuffer = thrown(() => new ArrayBuffer(2 ** 45));
    // An 8 GiB tensor: the wasm heap's guarded malloc refuses it (backend/wasm-heap.ts).
    const tensorTooLarge = thrown(() => tf.zeros([2 ** 31]));
    expect(String(tensorTooLarge)).toMatch(/wasm heap out of memory/);
    const typedArrayTooLarge = thrown(() => new Float32Array(2 ** 33));
    expect(String(typedArrayTooLarge)).toMatch(/Invalid typed array length/);
    // Emscripten's abort() throws `new WebAssembly.RuntimeError('Aborted(' + what + ')')`.
    const aborted = new WebAssembly.RuntimeError('Aborted(OOM)');
    const cannotGrow = new WebAssembly.RuntimeError('Aborted(Cannot enlarge memory arrays to size 4294975488 bytes (OOM).)');
    const capped = new MlError('OUT_OF_MEMORY', 'step needs 300 MiB of tensors, the device cap is 200 MiB');
    const wrapped = new Error('training step failed', { cause: wasmTrap });
    for (const e of [wasmTrap, failedGrow, arrayBuffer, tensorTooLarge, typedArrayTooLarge, aborted, cannotGrow, capped, wrapped]) expect(isOutOfMemory(e), String(e)).toBe(true);
  });

  it('does not call other failures out-of-memory, RangeErrors included', () => {
    const recurse = (n: number): number => recurse(n + 1) + 1;
    const stack = thrown(() => recurse(0));
    expect(stack).toBeInstanceOf(RangeError);
    const badArgument = thrown(() => quantize(new Float32Array(8), 'NF4', { blockSize: 3 }));
    expect(badArgument).toBeInstanceOf(RangeError);
    const unreachable = new WebAssembly.RuntimeError('unreachable');
    for (const e of [stack, badArgument, unreachable, new MlError('NAN_LOSS', 'loss became NaN'), new Error('socket hang up'), null, undefined]) {
      expect(isOutOfMemory(e), String(e)).toBe(false);
    }
  });
});
