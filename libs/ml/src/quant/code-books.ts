/** bitsandbytes' 4-bit code books (`get_4bit_type`) and its signed 8-bit dynamic map. */

/** NormalFloat4: quantiles of N(0, 1) scaled to [-1, 1], code 7 is exactly zero. */
export const NF4_CODE_BOOK = Float32Array.from([
  -1.0, -0.6961928009986877, -0.5250730514526367, -0.39491748809814453, -0.28444138169288635,
  -0.18477343022823334, -0.09105003625154495, 0.0, 0.07958029955625534, 0.16093020141124725,
  0.24611230194568634, 0.33791524171829224, 0.44070982933044434, 0.5626170039176941,
  0.7229568362236023, 1.0,
]);

/** FP4 E2M1 in bit-pattern order (bit 3 is the sign), divided by 12 so that the largest is 1. */
export const FP4_CODE_BOOK = Float32Array.from(
  [0, 0.0625, 8, 12, 4, 6, 2, 3, -0, -0.0625, -8, -12, -4, -6, -2, -3].map((v) => v / 12),
);

/** Symmetric INT4: code c in -7..7 stored as its 4-bit two's complement nibble. */
export const INT4_CODE_BOOK = Float32Array.from({ length: 16 }, (_, nibble) => {
  const c = nibble >= 8 ? nibble - 16 : nibble;
  return c === -8 ? -1 : c / 7; // -8 is never produced; keep it finite
});

/** `create_dynamic_map(signed=True)`: 256 sorted values, 0 and 1 included. */
export const DYNAMIC_MAP_8BIT: Float32Array = (() => {
  const data: number[] = [];
  const maxExponentBits = 7;
  for (let i = 0; i < maxExponentBits; i++) {
    const items = 2 ** i + 1;
    const boundaries = Array.from({ length: items }, (_, k) => 0.1 + ((1 - 0.1) * k) / (items - 1));
    const scale = 10 ** (-(maxExponentBits - 1) + i);
    for (let k = 0; k + 1 < items; k++) {
      const mean = (boundaries[k] + boundaries[k + 1]) / 2;
      data.push(scale * mean, -scale * mean);
    }
  }
  data.push(0, 1);
  data.sort((a, b) => a - b);
  return Float32Array.from(data);
})();

/**
 * Nearest-value lookup for an arbitrary (unsorted) code book: the codes sorted by value and
 * the midpoints between neighbours, as `torch.bucketize` against midpoints does.
 */
export interface Bucketizer {
  mids: Float64Array;
  codes: Uint8Array;
}

export function makeBucketizer(book: Float32Array, usable?: (code: number) => boolean): Bucketizer {
  const order = Array.from(book.keys())
    .filter((c) => (usable ? usable(c) : true))
    .sort((a, b) => book[a] - book[b] || a - b);
  // Equal values (FP4's +0 and -0): keep the first code only.
  const unique = order.filter((c, i) => i === 0 || book[c] !== book[order[i - 1]]);
  const mids = new Float64Array(unique.length - 1);
  for (let i = 0; i + 1 < unique.length; i++) mids[i] = (book[unique[i]] + book[unique[i + 1]]) / 2;
  return { mids, codes: Uint8Array.from(unique) };
}

/** Code of the code-book value nearest `x` (binary search over the midpoints). */
export function bucketize(b: Bucketizer, x: number): number {
  let lo = 0;
  let hi = b.mids.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x > b.mids[mid]) lo = mid + 1;
    else hi = mid;
  }
  return b.codes[lo];
}
