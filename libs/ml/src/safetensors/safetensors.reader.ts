import { readFileSync } from 'node:fs';
import { bf16BitsToFloat, halfTable } from '../util/half';
import { SafetensorsError } from './safetensors.error';
import {
  DTYPE_SIZES,
  isSafetensorsDtype,
  MAX_HEADER_BYTES,
  type SafetensorsFile,
  type SafetensorsTensor,
} from './safetensors.types';

/**
 * Parses and validates a whole safetensors buffer: header length bound, JSON, known dtypes,
 * shapes that match byte counts, offsets inside the data, no overlaps and no holes.
 * Tensors are views into `bytes`; nothing is copied.
 */
export function parseSafetensors(bytes: Uint8Array): SafetensorsFile {
  if (bytes.byteLength < 8) {
    throw new SafetensorsError('FILE_TOO_SHORT', `${bytes.byteLength} bytes, need at least 8 for the header length`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getBigUint64(0, true);
  if (headerLength > BigInt(MAX_HEADER_BYTES)) {
    throw new SafetensorsError('HEADER_TOO_LARGE', `header length ${headerLength} exceeds the ${MAX_HEADER_BYTES}-byte bound`);
  }
  const n = Number(headerLength);
  if (8 + n > bytes.byteLength) {
    throw new SafetensorsError('HEADER_LENGTH_EXCEEDS_FILE', `header length ${n} but only ${bytes.byteLength - 8} bytes follow`);
  }
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n)));
  } catch (e) {
    throw new SafetensorsError('HEADER_NOT_JSON', `header is not UTF-8 JSON (${(e as Error).message})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) {
    throw new SafetensorsError('HEADER_INVALID', 'header must be a JSON object');
  }
  const data = bytes.subarray(8 + n);
  const tensors = new Map<string, SafetensorsTensor>();
  let metadata: Record<string, string> | undefined;
  const spans: Array<{ name: string; begin: number; end: number }> = [];

  for (const [name, raw] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      metadata = parseMetadata(raw);
      continue;
    }
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      throw new SafetensorsError('HEADER_INVALID', `entry "${name}" must be an object`);
    }
    const { dtype, shape, data_offsets: offsets } = raw as Record<string, unknown>;
    if (!isSafetensorsDtype(dtype)) {
      throw new SafetensorsError('UNKNOWN_DTYPE', `tensor "${name}" has unknown dtype ${JSON.stringify(dtype)}`);
    }
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      throw new SafetensorsError('INVALID_SHAPE', `tensor "${name}" has invalid shape ${JSON.stringify(shape)}`);
    }
    if (
      !Array.isArray(offsets) ||
      offsets.length !== 2 ||
      !offsets.every((o) => Number.isSafeInteger(o) && o >= 0) ||
      offsets[1] < offsets[0]
    ) {
      throw new SafetensorsError('OFFSETS_INVALID', `tensor "${name}" has invalid data_offsets ${JSON.stringify(offsets)}`);
    }
    const [begin, end] = offsets as [number, number];
    const expected = (shape as number[]).reduce((a, b) => a * b, 1) * DTYPE_SIZES[dtype];
    if (end - begin !== expected) {
      throw new SafetensorsError(
        'SHAPE_SIZE_MISMATCH',
        `tensor "${name}" ${dtype}[${shape.join(',')}] needs ${expected} bytes, offsets give ${end - begin}`,
      );
    }
    spans.push({ name, begin, end });
    tensors.set(name, { dtype, shape: [...(shape as number[])], data: new Uint8Array(0) });
  }

  spans.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  for (const s of spans) {
    if (s.begin < cursor) {
      throw new SafetensorsError('OVERLAPPING_OFFSETS', `tensor "${s.name}" [${s.begin}, ${s.end}) overlaps the previous tensor (ends at ${cursor})`);
    }
    if (s.begin > cursor) {
      throw new SafetensorsError('DATA_HOLE', `bytes [${cursor}, ${s.begin}) before tensor "${s.name}" belong to no tensor`);
    }
    cursor = s.end;
  }
  if (cursor > data.byteLength) {
    const last = spans[spans.length - 1];
    throw new SafetensorsError('TRUNCATED_DATA', `tensor "${last.name}" ends at byte ${cursor} but the data buffer has ${data.byteLength}`);
  }
  if (cursor < data.byteLength) {
    throw new SafetensorsError('DATA_HOLE', `${data.byteLength - cursor} trailing bytes belong to no tensor`);
  }
  for (const s of spans) tensors.get(s.name)!.data = data.subarray(s.begin, s.end);
  return { tensors, metadata };
}

function parseMetadata(raw: unknown): Record<string, string> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new SafetensorsError('HEADER_INVALID', '__metadata__ must be an object of strings');
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof v !== 'string') throw new SafetensorsError('HEADER_INVALID', `__metadata__.${k} must be a string`);
    out[k] = v;
  }
  return out;
}

export function readSafetensorsFile(path: string): SafetensorsFile {
  return parseSafetensors(new Uint8Array(readFileSync(path)));
}

/** A float tensor's values as fp32 (F32, F16 and BF16). */
export function tensorToFloat32(t: SafetensorsTensor): Float32Array {
  const n = t.data.byteLength / DTYPE_SIZES[t.dtype];
  const dv = new DataView(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  const out = new Float32Array(n);
  switch (t.dtype) {
    case 'F32':
      for (let i = 0; i < n; i++) out[i] = dv.getFloat32(4 * i, true);
      return out;
    case 'F16': {
      const table = halfTable();
      for (let i = 0; i < n; i++) out[i] = table[dv.getUint16(2 * i, true)];
      return out;
    }
    case 'BF16':
      for (let i = 0; i < n; i++) out[i] = bf16BitsToFloat(dv.getUint16(2 * i, true));
      return out;
    case 'F64':
      for (let i = 0; i < n; i++) out[i] = dv.getFloat64(8 * i, true);
      return out;
    default:
      throw new SafetensorsError('UNSUPPORTED_CONVERSION', `cannot read ${t.dtype} as float32`);
  }
}
