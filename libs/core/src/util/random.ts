/**
 * One step of mulberry32, a small, fast, seedable PRNG whose whole state is one uint32: the
 * next state and the uniform [0, 1) number it yields. The one implementation: `seededRandom`
 * here and libs/ml's checkpointable `Rng` step with it.
 */
export function mulberry32(state: number): [next: number, value: number] {
  const next = (state + 0x6d2b79f5) >>> 0;
  let t = next;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return [next, ((t ^ (t >>> 14)) >>> 0) / 4294967296];
}

/** A generator of uniform [0, 1) numbers; the same seed always gives the same sequence. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    const [next, value] = mulberry32(state);
    state = next;
    return value;
  };
}
