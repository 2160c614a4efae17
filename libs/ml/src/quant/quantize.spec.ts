import { describe, expect, it } from 'vitest';
import { Rng } from '../util/rng';
import { DYNAMIC_MAP_8BIT, FP4_CODE_BOOK, NF4_CODE_BOOK } from './code-books';
import { blockScales, dequantize, dequantizeInto, quantize, quantizedByteLength } from './quantize';

function normal(n: number, seed: number): Float32Array {
  const r = new Rng(seed);
  return Float32Array.from({ length: n }, () => r.normal());
}

function rmse(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s / a.length);
}

describe('quantize', () => {
  it('has the 256-entry signed dynamic map with 0 and 1', () => {
    expect(DYNAMIC_MAP_8BIT.length).toBe(256);
    expect(DYNAMIC_MAP_8BIT[255]).toBe(1);
    expect(Array.from(DYNAMIC_MAP_8BIT)).toContain(0);
    for (let i = 1; i < 256; i++) expect(DYNAMIC_MAP_8BIT[i]).toBeGreaterThanOrEqual(DYNAMIC_MAP_8BIT[i - 1]);
  });

  it('picks NF4 codes by nearest value and packs the first element in the high nibble', () => {
    const m = 2; // block absmax
    const v = Float32Array.from([1, -1, 0, 0.5626170039176941, 0.5, -0.3, 0.01, -0.05].map((x) => x * m));
    const q = quantize(v, 'NF4', { blockSize: 8 });
    expect(q.absmax![0]).toBe(2);
    // codes: 15, 0, 7, 13; 0.5 -> 12 (midpoint 0.5017), -0.3 -> 4 (midpoint -0.3397),
    // 0.01 -> 7, -0.05 -> 6 (midpoint -0.0455)
    expect(Array.from(q.packed)).toEqual([(15 << 4) | 0, (7 << 4) | 13, (12 << 4) | 4, (7 << 4) | 6]);
    const back = dequantize(q);
    expect(back[3]).toBeCloseTo(NF4_CODE_BOOK[13] * 2, 6);
    expect(back[4]).toBeCloseTo(NF4_CODE_BOOK[12] * 2, 6);
  });

  it('uses the FP4 E2M1 book in bit-pattern order and signed INT4 nibbles', () => {
    const v = Float32Array.from([1, -0.5, 0, 0.24]);
    const fp4 = quantize(v, 'FP4', { blockSize: 4 });
    // 1 -> 12/12 code 3; -0.5 -> -6/12 code 13; 0 -> code 0; 0.24 -> 3/12=0.25 code 7
    expect(Array.from(fp4.packed)).toEqual([(3 << 4) | 13, (0 << 4) | 7]);
    expect(dequantize(fp4)[1]).toBe(FP4_CODE_BOOK[13]);
    const int4 = quantize(v, 'INT4', { blockSize: 4 });
    // 1 -> 7, -0.5 -> round(-3.5) = -4 or -3 (nearest with tie), 0 -> 0, 0.24 -> 2 (0.2857)
    const hi = int4.packed[0] >> 4;
    const lo = int4.packed[0] & 15;
    expect(hi).toBe(7);
    expect([16 - 4, 16 - 3]).toContain(lo);
    expect(int4.packed[1]).toBe((0 << 4) | 2);
    const int8 = quantize(Float32Array.from([0.5, -1, 0.25, 0]), 'INT8', { blockSize: 4 });
    expect(Array.from(new Int8Array(int8.packed.buffer))).toEqual([64, -127, 32, 0]);
  });

  it("stores FP4's sign as bitsandbytes' dQuantizeFP4 does: tiny negative values get the -0 code", () => {
    // Expected codes read off the kernel's decision tree (csrc: sign = x < 0 ? 0b1000 : 0, then
    // |x| against the float32 pivots 0.29166667, 0.583333, 0.8333333, 0.4166667, 0.0859375,
    // 0.20833333, 0.00260417), not from this implementation.
    const v = Float32Array.from([1, -1e-4, 1e-4, -0, -0.0027, 0.0027, -0.3, 0.583333]);
    const q = quantize(v, 'FP4', { blockSize: 8 });
    expect(Array.from(q.packed)).toEqual([(0b0011 << 4) | 0b1000, 0, (0b1001 << 4) | 0b0001, (0b1100 << 4) | 0b0101]);
    const back = dequantize(q);
    expect(Object.is(back[1], -0)).toBe(true);
    expect(Object.is(back[2], 0)).toBe(true);
    // the values are unchanged by the sign of zero: -0 == +0
    expect(back[1] === 0).toBe(true);
  });

  it('on normal weights: NF4 < INT4 < FP4 in error, INT8 an order of magnitude lower', () => {
    const w = normal(64 * 1024, 1);
    const err = Object.fromEntries(
      (['NF4', 'INT4', 'FP4', 'INT8', 'FP16'] as const).map((t) => [t, rmse(w, dequantize(quantize(w, t)))]),
    );
    expect(err.NF4).toBeLessThan(err.INT4);
    expect(err.INT4).toBeLessThan(err.FP4);
    expect(err.INT8 * 10).toBeLessThan(err.NF4);
    expect(err.FP16).toBeLessThan(1e-3);
    // double quantization barely changes the error
    const dq = rmse(w, dequantize(quantize(w, 'NF4', { doubleQuant: true })));
    expect(dq).toBeLessThan(err.NF4 * 1.02);
  });

  it('stores a 4-bit tensor in n/2 bytes plus scales, 4.127 bits per weight with double quantization', () => {
    const n = 64 * 256 * 8;
    const w = normal(n, 2);
    for (const t of ['NF4', 'FP4', 'INT4'] as const) {
      const q = quantize(w, t);
      expect(q.packed.byteLength).toBe(n / 2);
      expect(q.absmax!.byteLength).toBe((n / 64) * 4);
      expect((quantizedByteLength(q) * 8) / n).toBeCloseTo(4.5, 6);
      const dq = quantize(w, t, { doubleQuant: true });
      expect(dq.packed.byteLength).toBe(n / 2);
      const bits = (quantizedByteLength(dq) * 8) / n;
      expect(bits).toBeLessThanOrEqual(4.13);
      expect(bits).toBeGreaterThan(4.12);
    }
    expect(quantizedByteLength(quantize(w, 'INT8'))).toBe(n + (n / 64) * 4);
    expect(quantizedByteLength(quantize(w, 'FP16'))).toBe(2 * n);
  });

  it('double-quantized scales decode close to the fp32 absmax', () => {
    const w = normal(64 * 600, 3);
    const plain = quantize(w, 'NF4').absmax!;
    const decoded = blockScales(quantize(w, 'NF4', { doubleQuant: true }));
    let worst = 0;
    for (let i = 0; i < plain.length; i++) worst = Math.max(worst, Math.abs(decoded[i] - plain[i]) / plain[i]);
    expect(worst).toBeLessThan(0.05);
  });

  it('handles odd lengths and transposed decoding', () => {
    const w = normal(7 * 9, 4);
    for (const t of ['FP32', 'FP16', 'INT8', 'NF4', 'FP4', 'INT4'] as const) {
      const q = quantize(w, t, { blockSize: 8 });
      const flat = dequantize(q);
      const tr = new Float32Array(w.length);
      dequantizeInto(q, q.packed, t === 'FP32' || t === 'FP16' ? undefined : blockScales(q), tr, [7, 9]);
      for (let r = 0; r < 7; r++) for (let c = 0; c < 9; c++) expect(tr[c * 7 + r]).toBe(flat[r * 9 + c]);
    }
  });
});
