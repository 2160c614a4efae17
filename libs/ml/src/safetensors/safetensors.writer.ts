import { writeFileSync } from 'node:fs';
import { floatToBf16Bits, floatToHalfBits } from '../util/half';
import { SafetensorsError } from './safetensors.error';
import { DTYPE_SIZES, type SafetensorsDtype } from './safetensors.types';

export interface TensorToWrite {
  dtype: SafetensorsDtype;
  shape: number[];
  /** Raw little-endian bytes, or fp32 values converted to `dtype` (F32, F16, BF16). */
  data: Uint8Array | Float32Array;
}

/** Serializes tensors in name order, contiguous, header padded to 8 bytes as the reference writer does. */
export function serializeSafetensors(
  tensors: Record<string, TensorToWrite>,
  metadata?: Record<string, string>,
): Uint8Array {
  const names = Object.keys(tensors).sort();
  const header: Record<string, unknown> = {};
  if (metadata) header.__metadata__ = metadata;
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const name of names) {
    const t = tensors[name];
    const bytes = toBytes(name, t);
    const expected = t.shape.reduce((a, b) => a * b, 1) * DTYPE_SIZES[t.dtype];
    if (bytes.byteLength !== expected) {
      throw new SafetensorsError('SHAPE_SIZE_MISMATCH', `tensor "${name}" ${t.dtype}[${t.shape.join(',')}] needs ${expected} bytes, got ${bytes.byteLength}`);
    }
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + bytes.byteLength] };
    chunks.push(bytes);
    offset += bytes.byteLength;
  }
  let json = JSON.stringify(header);
  while ((8 + Buffer.byteLength(json)) % 8 !== 0) json += ' ';
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.byteLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.byteLength), true);
  out.set(headerBytes, 8);
  let p = 8 + headerBytes.byteLength;
  for (const c of chunks) {
    out.set(c, p);
    p += c.byteLength;
  }
  return out;
}

function toBytes(name: string, t: TensorToWrite): Uint8Array {
  if (t.data instanceof Uint8Array) return t.data;
  const v = t.data;
  switch (t.dtype) {
    case 'F32': {
      const out = new Uint8Array(v.length * 4);
      const dv = new DataView(out.buffer);
      for (let i = 0; i < v.length; i++) dv.setFloat32(4 * i, v[i], true);
      return out;
    }
    case 'F16':
    case 'BF16': {
      const out = new Uint8Array(v.length * 2);
      const dv = new DataView(out.buffer);
      const conv = t.dtype === 'F16' ? floatToHalfBits : floatToBf16Bits;
      for (let i = 0; i < v.length; i++) dv.setUint16(2 * i, conv(v[i]), true);
      return out;
    }
    default:
      throw new SafetensorsError('UNSUPPORTED_CONVERSION', `tensor "${name}": cannot write float32 values as ${t.dtype}`);
  }
}

export function writeSafetensorsFile(path: string, tensors: Record<string, TensorToWrite>, metadata?: Record<string, string>): void {
  writeFileSync(path, serializeSafetensors(tensors, metadata));
}
