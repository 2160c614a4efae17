import { describe, expect, it } from 'vitest';
import { floatToHalfBits, halfBitsToFloat } from '../util/half';
import { parseSafetensors, tensorToFloat32 } from './safetensors.reader';
import { serializeSafetensors } from './safetensors.writer';
import { SafetensorsError, type SafetensorsErrorCode } from './safetensors.error';

/** Builds a file from a literal header object and a data buffer, with no validation. */
function rawFile(header: unknown, data: Uint8Array, lengthOverride?: bigint): Uint8Array {
  const json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + json.byteLength + data.byteLength);
  new DataView(out.buffer).setBigUint64(0, lengthOverride ?? BigInt(json.byteLength), true);
  out.set(json, 8);
  out.set(data, 8 + json.byteLength);
  return out;
}

function codeOf(f: () => unknown): SafetensorsErrorCode | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof SafetensorsError) return e.code;
    throw e;
  }
  return undefined;
}

describe('safetensors', () => {
  it('round-trips F32, F16, BF16 and raw tensors with metadata', () => {
    const a = Float32Array.from([1.5, -2.25, 3, 0.1]);
    const bytes = serializeSafetensors(
      {
        'b.weight': { dtype: 'F32', shape: [2, 2], data: a },
        'a.half': { dtype: 'F16', shape: [4], data: a },
        'c.bf16': { dtype: 'BF16', shape: [4], data: a },
        'd.raw': { dtype: 'U8', shape: [3], data: Uint8Array.from([1, 2, 3]) },
      },
      { format: 'pt' },
    );
    expect((new DataView(bytes.buffer).getUint32(0, true) + 8) % 8).toBe(0);
    const f = parseSafetensors(bytes);
    expect(f.metadata).toEqual({ format: 'pt' });
    expect(Array.from(tensorToFloat32(f.tensors.get('b.weight')!))).toEqual(Array.from(a));
    expect(f.tensors.get('b.weight')!.shape).toEqual([2, 2]);
    const half = tensorToFloat32(f.tensors.get('a.half')!);
    expect(half[3]).toBeCloseTo(0.1, 3);
    expect(half[1]).toBe(-2.25);
    const bf = tensorToFloat32(f.tensors.get('c.bf16')!);
    expect(bf[0]).toBe(1.5);
    expect(Math.abs(bf[3] - 0.1)).toBeLessThan(1e-3);
    expect(Array.from(f.tensors.get('d.raw')!.data)).toEqual([1, 2, 3]);
  });

  it('converts halves with round-to-nearest-even, subnormals and infinities', () => {
    expect(halfBitsToFloat(floatToHalfBits(65504))).toBe(65504);
    expect(halfBitsToFloat(floatToHalfBits(1e6))).toBe(Infinity);
    expect(halfBitsToFloat(floatToHalfBits(2 ** -24))).toBe(2 ** -24);
    expect(halfBitsToFloat(floatToHalfBits(1 + 2 ** -11))).toBe(1); // tie -> even
    expect(halfBitsToFloat(floatToHalfBits(1 + 3 * 2 ** -11))).toBe(1 + 2 ** -9);
  });

  const f32 = (n: number) => new Uint8Array(4 * n);

  it('rejects a file shorter than the length prefix', () => {
    expect(codeOf(() => parseSafetensors(new Uint8Array(5)))).toBe('FILE_TOO_SHORT');
  });

  it('rejects a header length beyond the bound or the file', () => {
    expect(codeOf(() => parseSafetensors(rawFile({}, f32(0), 1n << 40n)))).toBe('HEADER_TOO_LARGE');
    expect(codeOf(() => parseSafetensors(rawFile({}, f32(0), 1000n)))).toBe('HEADER_LENGTH_EXCEEDS_FILE');
  });

  it('rejects a header that is not JSON or not an object', () => {
    expect(codeOf(() => parseSafetensors(rawFile('{"a": ', f32(0))))).toBe('HEADER_NOT_JSON');
    expect(codeOf(() => parseSafetensors(rawFile('[1]', f32(0))))).toBe('HEADER_INVALID');
  });

  it('rejects an unknown dtype', () => {
    const h = { x: { dtype: 'F8_E9', shape: [1], data_offsets: [0, 4] } };
    expect(codeOf(() => parseSafetensors(rawFile(h, f32(1))))).toBe('UNKNOWN_DTYPE');
  });

  it('rejects shapes that do not match the byte count, and bad shapes/offsets', () => {
    const h = { x: { dtype: 'F32', shape: [2, 2], data_offsets: [0, 12] } };
    expect(codeOf(() => parseSafetensors(rawFile(h, f32(3))))).toBe('SHAPE_SIZE_MISMATCH');
    const bad = { x: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } };
    expect(codeOf(() => parseSafetensors(rawFile(bad, f32(1))))).toBe('INVALID_SHAPE');
    const off = { x: { dtype: 'F32', shape: [1], data_offsets: [4, 0] } };
    expect(codeOf(() => parseSafetensors(rawFile(off, f32(1))))).toBe('OFFSETS_INVALID');
  });

  it('rejects overlapping offsets', () => {
    const h = {
      x: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
      y: { dtype: 'F32', shape: [2], data_offsets: [4, 12] },
    };
    expect(codeOf(() => parseSafetensors(rawFile(h, f32(3))))).toBe('OVERLAPPING_OFFSETS');
  });

  it('rejects holes between tensors and trailing bytes', () => {
    const h = {
      x: { dtype: 'F32', shape: [1], data_offsets: [0, 4] },
      y: { dtype: 'F32', shape: [1], data_offsets: [8, 12] },
    };
    expect(codeOf(() => parseSafetensors(rawFile(h, f32(3))))).toBe('DATA_HOLE');
    const one = { x: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } };
    expect(codeOf(() => parseSafetensors(rawFile(one, f32(2))))).toBe('DATA_HOLE');
  });

  it('rejects truncated data', () => {
    const good = serializeSafetensors({ w: { dtype: 'F32', shape: [16], data: new Float32Array(16) } });
    expect(codeOf(() => parseSafetensors(good.subarray(0, good.byteLength - 3)))).toBe('TRUNCATED_DATA');
  });

  it('refuses to write data whose size does not match the shape', () => {
    expect(codeOf(() => serializeSafetensors({ w: { dtype: 'F32', shape: [3], data: new Float32Array(2) } }))).toBe(
      'SHAPE_SIZE_MISMATCH',
    );
  });
});
