import type { QuantType } from '@loralab/core';
import { blockScales, dequantizeInto, packedByteLength, type QuantizedTensor } from '../quant/quantize';
import { matmulCalls, matmulImplementation, nativeSgemm } from './native-matmul';
import { tf } from './tf';

/**
 * Custom kernels for the in-process backends (wasm, cpu), which keep tensor data in memory
 * this process can address:
 *  - `LoralabDequantize` decodes a packed base weight straight into a new fp32 tensor,
 *    optionally transposed, without the 70-340 ms/M-weight op chains tfjs ops would need.
 *  - `LoralabBatchMatMul` (wasm, XNNPACK) runs a batched matmul as one XNNPACK 2-D matmul per
 *    batch entry on views of the operands: wasm's own batched kernel falls back to a naive loop
 *    that is 5-7x slower. `ops/mat-mul.op.ts` calls it only while XNNPACK is the matmul.
 *  - wasm's `BatchMatMul` (every `tf.matMul`) is wrapped: while the native matmul is selected
 *    (`native-matmul.ts`: OpenBLAS on the wasm heap), it runs there, transposes and a broadcast
 *    batch of 1 included; other shapes, and everything under `LORALAB_MATMUL=xnnpack`, go to
 *    wasm's own kernel (XNNPACK).
 * Other backends (tensorflow) use the op-level fallbacks in `../ops`.
 */
export const DEQUANTIZE_KERNEL = 'LoralabDequantize';
export const BATCH_MATMUL_KERNEL = 'LoralabBatchMatMul';

export interface DequantizeAttrs {
  type: QuantType;
  length: number;
  blockSize: number;
  rows: number;
  cols: number;
  transpose: boolean;
  dqOffset: number;
  dqBlockSize: number;
  /** 'absmax' | 'double' | 'none' */
  scales: string;
}

type TensorInfo = { dataId: object; shape: number[]; dtype: string };

interface WasmModule {
  HEAPU8: Uint8Array;
  /** The threaded build's memory (a SharedArrayBuffer); the single-threaded build has none. */
  wasmMemory?: { buffer: ArrayBufferLike };
  cwrap(name: string, ret: null, args: string[]): (...args: unknown[]) => void;
  tfjs: { registerTensor(id: number, size: number, offset: number): void; disposeData(id: number): void };
}
interface WasmBackendLike {
  wasm: WasmModule;
  dataIdMap: { get(id: object): { memoryOffset: number } };
  dataIdNextNumber: number;
  makeOutput(shape: number[], dtype: string): TensorInfo;
}
interface CpuBackendLike {
  data: { get(id: object): { values: ArrayBufferView } };
  makeTensorInfo(shape: number[], dtype: string, values: ArrayBufferView): TensorInfo;
}

let registered = false;

export function registerLoralabKernels(): void {
  if (registered) return;
  registered = true;
  tf.registerKernel({
    kernelName: DEQUANTIZE_KERNEL,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const b = backend as unknown as WasmBackendLike;
      const a = attrs as unknown as DequantizeAttrs;
      const out = b.makeOutput(outShape(a), 'float32');
      // Views are taken after the allocation: growing the heap detaches older views.
      const heap = b.wasm.HEAPU8.buffer;
      const bytes = (t: TensorInfo, n: number) => new Uint8Array(heap, b.dataIdMap.get(t.dataId).memoryOffset, n);
      const ins = inputs as unknown as TensorInfo[];
      const outVals = new Float32Array(heap, b.dataIdMap.get(out.dataId).memoryOffset, a.length);
      runDequantize(a, ins, bytes, outVals);
      return out as never;
    },
  });
  tf.registerKernel({
    kernelName: DEQUANTIZE_KERNEL,
    backendName: 'cpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const b = backend as unknown as CpuBackendLike;
      const a = attrs as unknown as DequantizeAttrs;
      const bytes = (t: TensorInfo, n: number) => {
        const v = b.data.get(t.dataId).values;
        return new Uint8Array(v.buffer, v.byteOffset, n);
      };
      const outVals = new Float32Array(a.length);
      runDequantize(a, inputs as unknown as TensorInfo[], bytes, outVals);
      return b.makeTensorInfo(outShape(a), 'float32', outVals) as never;
    },
  });
  const wasmMatMul = tf.getKernel('BatchMatMul', 'wasm');
  if (wasmMatMul) {
    // Replaced, not registered twice (tfjs would log a warning); setupFunc still prepares wasm's kernel.
    tf.unregisterKernel('BatchMatMul', 'wasm');
    tf.registerKernel({
      ...wasmMatMul,
      kernelFunc: (args) => {
        const { a, b } = args.inputs as unknown as { a: TensorInfo; b: TensorInfo };
        const { transposeA, transposeB } = args.attrs as unknown as { transposeA: boolean; transposeB: boolean };
        const out = nativeMatMul(args.backend as unknown as WasmBackendLike, a, b, transposeA, transposeB);
        if (out) return out as never;
        matmulCalls.xnnpack++;
        return wasmMatMul.kernelFunc(args);
      },
    });
  }
  let wasmBmm: ((...args: unknown[]) => void) | undefined;
  tf.registerKernel({
    kernelName: BATCH_MATMUL_KERNEL,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) => {
      const b = backend as unknown as WasmBackendLike;
      const { a: x, b: y } = inputs as unknown as { a: TensorInfo; b: TensorInfo };
      matmulCalls.xnnpack++;
      const [batch, m, k] = x.shape;
      const n = y.shape[2];
      wasmBmm ??= b.wasm.cwrap('BatchMatMul', null, ['number', 'array', 'number', 'number', 'array', 'number', 'number', 'number', 'number']);
      const out = b.makeOutput([batch, m, n], 'float32');
      const xOff = b.dataIdMap.get(x.dataId).memoryOffset;
      const yOff = b.dataIdMap.get(y.dataId).memoryOffset;
      const oOff = b.dataIdMap.get(out.dataId).memoryOffset;
      const xShape = new Uint8Array(new Int32Array([1, m, k]).buffer);
      const yShape = new Uint8Array(new Int32Array([1, k, n]).buffer);
      for (let i = 0; i < batch; i++) {
        // Fresh ids each time: XNNPACK caches packed weights per id until the id is disposed.
        const ids = [b.dataIdNextNumber++, b.dataIdNextNumber++, b.dataIdNextNumber++];
        b.wasm.tfjs.registerTensor(ids[0], m * k, xOff + 4 * i * m * k);
        b.wasm.tfjs.registerTensor(ids[1], k * n, yOff + 4 * i * k * n);
        b.wasm.tfjs.registerTensor(ids[2], m * n, oOff + 4 * i * m * n);
        wasmBmm(ids[0], xShape, 3, ids[1], yShape, 3, false, false, ids[2]);
        for (const id of ids) b.wasm.tfjs.disposeData(id);
      }
      return out as never;
    },
  });
}

/**
 * op(a) op(b) with OpenBLAS on the wasm heap while the native matmul is selected, for float32
 * operands of rank >= 2 whose batch dimensions are equal or one of them a single matrix
 * (broadcast); undefined otherwise (the caller runs XNNPACK).
 */
function nativeMatMul(backend: WasmBackendLike, a: TensorInfo, b: TensorInfo, transA: boolean, transB: boolean): TensorInfo | undefined {
  if (matmulImplementation() !== 'native' || a.dtype !== 'float32' || b.dtype !== 'float32') return undefined;
  const ra = a.shape.length;
  const rb = b.shape.length;
  if (ra < 2 || rb < 2) return undefined;
  const m = a.shape[transA ? ra - 1 : ra - 2];
  const k = a.shape[transA ? ra - 2 : ra - 1];
  const n = b.shape[transB ? rb - 2 : rb - 1];
  // A mismatch is left to wasm's kernel, whose error message tfjs users know; k = 0 too.
  if (k === 0 || k !== b.shape[transB ? rb - 1 : rb - 2]) return undefined;
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  const batchA = outerA.reduce((p, d) => p * d, 1);
  const batchB = outerB.reduce((p, d) => p * d, 1);
  const same = outerA.length === outerB.length && outerA.every((d, i) => d === outerB[i]);
  if (!same && batchA !== 1 && batchB !== 1) return undefined;
  const aOff = backend.dataIdMap.get(a.dataId).memoryOffset;
  const bOff = backend.dataIdMap.get(b.dataId).memoryOffset;
  if (aOff % 4 !== 0 || bOff % 4 !== 0) return undefined;
  // One side is a single matrix or both have the same batch dims: each output dim is the larger.
  const rank = Math.max(outerA.length, outerB.length);
  const pad = (d: number[]) => [...Array<number>(rank - d.length).fill(1), ...d];
  const padB = pad(outerB);
  // Broadcasting: a dimension of 1 takes the other's (an empty batch stays empty).
  const outer = pad(outerA).map((d, i) => (d === 1 ? padB[i] : d));
  const batch = batchA === 1 ? batchB : batchA;
  const out = backend.makeOutput([...outer, m, n], 'float32');
  if (batch === 0) return out;
  // Taken after the allocation, which may have grown (and so replaced) the heap's buffer.
  const heap = heapF32(backend.wasm);
  const cOff = backend.dataIdMap.get(out.dataId).memoryOffset;
  nativeSgemm(
    heap,
    transA,
    transB,
    m,
    n,
    k,
    { offset: aOff / 4, ld: transA ? m : k, stride: batchA === 1 ? 0 : m * k },
    { offset: bOff / 4, ld: transB ? k : n, stride: batchB === 1 ? 0 : k * n },
    { offset: cOff / 4, ld: n, stride: m * n },
    batch,
  );
  return out;
}

let heapView: Float32Array | undefined;

/** A Float32Array over the whole wasm heap, re-made when growth has replaced its buffer. */
function heapF32(wasm: WasmModule): Float32Array {
  const buffer = wasm.wasmMemory?.buffer ?? wasm.HEAPU8.buffer;
  if (heapView?.buffer === buffer) return heapView;
  const view = new Float32Array(buffer);
  heapView = view;
  return view;
}

function outShape(a: DequantizeAttrs): number[] {
  return a.transpose ? [a.cols, a.rows] : [a.rows, a.cols];
}

function runDequantize(
  a: DequantizeAttrs,
  inputs: TensorInfo[],
  bytes: (t: TensorInfo, n: number) => Uint8Array,
  out: Float32Array,
): void {
  const packedBytes = packedByteLength(a.type, a.length);
  const q: QuantizedTensor = { type: a.type, length: a.length, blockSize: a.blockSize, packed: bytes(inputs[0], packedBytes) };
  const blocks = Math.ceil(a.length / a.blockSize);
  let scales: Float32Array | undefined;
  if (a.scales === 'absmax') {
    const raw = bytes(inputs[1], 4 * blocks);
    scales = new Float32Array(raw.buffer, raw.byteOffset, blocks);
  } else if (a.scales === 'double') {
    const groups = Math.ceil(blocks / a.dqBlockSize);
    const codes = bytes(inputs[1], blocks);
    const raw = bytes(inputs[2], 4 * groups);
    const s2 = new Float32Array(raw.buffer, raw.byteOffset, groups);
    scales = blockScales({ ...q, doubleQuant: { codes, scales: s2, offset: a.dqOffset, blockSize: a.dqBlockSize } });
  }
  dequantizeInto(q, q.packed, scales, out, a.transpose ? [a.rows, a.cols] : undefined);
}

export function hasKernel(name: string): boolean {
  return tf.getKernel(name, tf.getBackend()) !== undefined;
}
