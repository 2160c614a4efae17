import { doubleQuantApplies, type QuantType } from '@loralab/core';
import { floatToHalfBits, halfTable } from '../util/half';
import {
  bucketize,
  DYNAMIC_MAP_8BIT,
  FP4_CODE_BOOK,
  INT4_CODE_BOOK,
  makeBucketizer,
  NF4_CODE_BOOK,
  type Bucketizer,
} from './code-books';

export const DEFAULT_BLOCK_SIZE = 64;
export const DOUBLE_QUANT_BLOCK_SIZE = 256;

/** Per-block absmax values quantized again (QLoRA double quantization). */
export interface DoubleQuantScales {
  /** One 8-bit dynamic-map code per block. */
  codes: Uint8Array;
  /** fp32 absmax of each group of 256 codes. */
  scales: Float32Array;
  /** Mean of the original absmax values, subtracted before quantizing. */
  offset: number;
  blockSize: number;
}

/**
 * A tensor stored packed in bitsandbytes' layout: row-major elements, blockwise absmax,
 * 4-bit codes two per byte with the first element in the high nibble, INT8 as two's complement
 * bytes, FP16 as little-endian halves, FP32 as little-endian floats.
 */
export interface QuantizedTensor {
  type: QuantType;
  length: number;
  blockSize: number;
  packed: Uint8Array;
  /** fp32 absmax per block (INT8 and 4-bit types without double quantization). */
  absmax?: Float32Array;
  doubleQuant?: DoubleQuantScales;
}

export interface QuantizeOptions {
  blockSize?: number;
  doubleQuant?: boolean;
}

const NF4_BUCKETS = makeBucketizer(NF4_CODE_BOOK);
const INT4_BUCKETS = makeBucketizer(INT4_CODE_BOOK, (c) => c !== 8);
const DYNAMIC_BUCKETS = makeBucketizer(DYNAMIC_MAP_8BIT);

export function codeBookOf(type: 'NF4' | 'FP4' | 'INT4'): Float32Array {
  return type === 'NF4' ? NF4_CODE_BOOK : type === 'FP4' ? FP4_CODE_BOOK : INT4_CODE_BOOK;
}

export function isFourBit(type: QuantType): type is 'NF4' | 'FP4' | 'INT4' {
  return type === 'NF4' || type === 'FP4' || type === 'INT4';
}

/** Quantizes `values` (row-major) to `type`; see `QuantizedTensor` for the layout. */
export function quantize(values: Float32Array, type: QuantType, options: QuantizeOptions = {}): QuantizedTensor {
  const blockSize = options.blockSize ?? DEFAULT_BLOCK_SIZE;
  const n = values.length;
  if (!Number.isInteger(blockSize) || blockSize <= 0 || blockSize % 2 !== 0) {
    throw new RangeError(`blockSize must be a positive even integer, got ${blockSize}`);
  }
  if (options.doubleQuant && !doubleQuantApplies(type)) {
    throw new RangeError(`doubleQuant applies to 4-bit types (INT4, FP4, NF4) only, not ${type}`);
  }
  switch (type) {
    case 'FP32':
      return { type, length: n, blockSize, packed: new Uint8Array(Float32Array.from(values).buffer) };
    case 'FP16': {
      const halves = new Uint16Array(n);
      for (let i = 0; i < n; i++) halves[i] = floatToHalfBits(values[i]);
      return { type, length: n, blockSize, packed: new Uint8Array(halves.buffer) };
    }
    case 'INT8':
    case 'INT4':
    case 'FP4':
    case 'NF4': {
      const absmax = blockAbsmax(values, blockSize);
      const packed =
        type === 'INT8'
          ? packInt8(values, absmax, blockSize)
          : type === 'FP4'
            ? packFp4(values, absmax, blockSize)
            : pack4Bit(values, absmax, blockSize, bucketsOf(type));
      const q: QuantizedTensor = { type, length: n, blockSize, packed };
      if (options.doubleQuant) q.doubleQuant = doubleQuantize(absmax);
      else q.absmax = absmax;
      return q;
    }
  }
}

function bucketsOf(type: 'NF4' | 'INT4'): Bucketizer {
  return type === 'NF4' ? NF4_BUCKETS : INT4_BUCKETS;
}

function blockAbsmax(values: Float32Array, blockSize: number): Float32Array {
  const blocks = Math.ceil(values.length / blockSize);
  const out = new Float32Array(blocks);
  for (let b = 0; b < blocks; b++) {
    let m = 0;
    const end = Math.min(values.length, (b + 1) * blockSize);
    for (let i = b * blockSize; i < end; i++) m = Math.max(m, Math.abs(values[i]));
    out[b] = m;
  }
  return out;
}

function packInt8(values: Float32Array, absmax: Float32Array, blockSize: number): Uint8Array {
  const out = new Int8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const m = absmax[Math.floor(i / blockSize)];
    out[i] = m === 0 ? 0 : Math.max(-127, Math.min(127, Math.round((values[i] / m) * 127)));
  }
  return new Uint8Array(out.buffer);
}

function pack4Bit(values: Float32Array, absmax: Float32Array, blockSize: number, buckets: Bucketizer): Uint8Array {
  const out = new Uint8Array(Math.ceil(values.length / 2));
  for (let i = 0; i < values.length; i++) {
    const m = absmax[Math.floor(i / blockSize)];
    const code = bucketize(buckets, m === 0 ? 0 : values[i] / m);
    out[i >> 1] |= i & 1 ? code : code << 4;
  }
  return out;
}

const f32 = Math.fround;
/** `dQuantizeFP4`'s pivots (bitsandbytes csrc), as the float32 constants the kernel compares against. */
const FP4_PIVOTS = [0.29166667, 0.583333, 0.8333333, 0.4166667, 0.0859375, 0.20833333, 0.00260417].map(f32);

/**
 * bitsandbytes' `dQuantizeFP4`: the sign bit from `x < 0` (so a tiny negative value gets the
 * −0 code 8, where nearest-value search would pick +0), then a binary search on |x|.
 */
export function fp4Code(x: number): number {
  const [p0, p1, p2, p3, p4, p5, p6] = FP4_PIVOTS;
  const sign = x < 0 ? 0b1000 : 0;
  const a = Math.abs(x);
  if (a > p0) {
    if (a > p1) return (a > p2 ? 0b0011 : 0b0010) + sign;
    return (a > p3 ? 0b101 : 0b100) + sign;
  }
  if (a > p4) return (a > p5 ? 0b0111 : 0b0110) + sign;
  return (a > p6 ? 0b0001 : 0b0000) + sign;
}

/** FP4 as `kQuantizeBlockwise` does it: each value times the float32 reciprocal of its block's absmax. */
function packFp4(values: Float32Array, absmax: Float32Array, blockSize: number): Uint8Array {
  const out = new Uint8Array(Math.ceil(values.length / 2));
  for (let i = 0; i < values.length; i++) {
    const m = absmax[Math.floor(i / blockSize)];
    const code = m === 0 ? 0 : fp4Code(f32(values[i] * f32(1 / m)));
    out[i >> 1] |= i & 1 ? code : code << 4;
  }
  return out;
}

function doubleQuantize(absmax: Float32Array): DoubleQuantScales {
  let sum = 0;
  for (const a of absmax) sum += a;
  const offset = Math.fround(absmax.length ? sum / absmax.length : 0);
  const centred = absmax.map((a) => a - offset);
  const scales = blockAbsmax(centred, DOUBLE_QUANT_BLOCK_SIZE);
  const codes = new Uint8Array(absmax.length);
  for (let i = 0; i < absmax.length; i++) {
    const s = scales[Math.floor(i / DOUBLE_QUANT_BLOCK_SIZE)];
    codes[i] = bucketize(DYNAMIC_BUCKETS, s === 0 ? 0 : centred[i] / s);
  }
  return { codes, scales, offset, blockSize: DOUBLE_QUANT_BLOCK_SIZE };
}

/** The per-block fp32 absmax values, decoding double quantization if used. */
export function blockScales(q: QuantizedTensor): Float32Array {
  if (q.absmax) return q.absmax;
  const dq = q.doubleQuant;
  if (!dq) throw new Error(`${q.type} tensor has no scales`);
  const out = new Float32Array(dq.codes.length);
  for (let i = 0; i < out.length; i++) {
    out[i] = DYNAMIC_MAP_8BIT[dq.codes[i]] * dq.scales[Math.floor(i / dq.blockSize)] + dq.offset;
  }
  return out;
}

/** Bytes of the packed codes of `n` values of `type`: fp32 4, fp16 2, int8 1, 4-bit types two per byte. */
export function packedByteLength(type: QuantType, n: number): number {
  switch (type) {
    case 'FP32':
      return 4 * n;
    case 'FP16':
      return 2 * n;
    case 'INT8':
      return n;
    default:
      return Math.ceil(n / 2);
  }
}

/** Bytes the tensor occupies: packed data plus every scale and offset. */
export function quantizedByteLength(q: QuantizedTensor): number {
  let bytes = q.packed.byteLength;
  if (q.absmax) bytes += q.absmax.byteLength;
  if (q.doubleQuant) bytes += q.doubleQuant.codes.byteLength + q.doubleQuant.scales.byteLength + 4;
  return bytes;
}

/**
 * Decodes into `out`. With `transposeOf = [rows, cols]` the tensor is read as a row-major
 * [rows, cols] matrix and written as its [cols, rows] transpose.
 */
export function dequantizeInto(
  q: QuantizedTensor,
  packed: Uint8Array,
  scales: Float32Array | undefined,
  out: Float32Array,
  transposeOf?: [number, number],
): void {
  const n = q.length;
  const rows = transposeOf ? transposeOf[0] : 1;
  const cols = transposeOf ? transposeOf[1] : n;
  const bs = q.blockSize;
  const put = transposeOf !== undefined;
  switch (q.type) {
    case 'FP32': {
      const src = new Float32Array(packed.buffer, packed.byteOffset, n);
      if (!put) out.set(src);
      else for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = src[r * cols + c];
      return;
    }
    case 'FP16': {
      const table = halfTable();
      const src = new Uint16Array(packed.buffer, packed.byteOffset, n);
      if (!put) for (let i = 0; i < n; i++) out[i] = table[src[i]];
      else for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = table[src[r * cols + c]];
      return;
    }
    case 'INT8': {
      const src = new Int8Array(packed.buffer, packed.byteOffset, n);
      const s = scales!;
      if (!put) for (let i = 0; i < n; i++) out[i] = (src[i] / 127) * s[Math.floor(i / bs)];
      else
        for (let r = 0; r < rows; r++)
          for (let c = 0; c < cols; c++) {
            const i = r * cols + c;
            out[c * rows + r] = (src[i] / 127) * s[Math.floor(i / bs)];
          }
      return;
    }
    default: {
      const book = codeBookOf(q.type);
      const s = scales!;
      if (!put) {
        for (let i = 0; i < n; i++) {
          const byte = packed[i >> 1];
          out[i] = book[i & 1 ? byte & 15 : byte >> 4] * s[Math.floor(i / bs)];
        }
      } else {
        for (let r = 0; r < rows; r++) {
          const base = r * cols;
          for (let c = 0; c < cols; c++) {
            const i = base + c;
            const byte = packed[i >> 1];
            out[c * rows + r] = book[i & 1 ? byte & 15 : byte >> 4] * s[Math.floor(i / bs)];
          }
        }
      }
    }
  }
}

/** Decodes a quantized tensor back to fp32 (row-major). */
export function dequantize(q: QuantizedTensor): Float32Array {
  const out = new Float32Array(q.length);
  const scales = q.type === 'FP32' || q.type === 'FP16' ? undefined : blockScales(q);
  dequantizeInto(q, q.packed, scales, out);
  return out;
}
