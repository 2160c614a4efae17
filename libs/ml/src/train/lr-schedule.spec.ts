import { describe, expect, it } from 'vitest';
import { learningRateAt } from './lr-schedule';

describe('learningRateAt', () => {
  it('warms up linearly then decays by cosine to the floor', () => {
    expect(learningRateAt(0, 1, 100, 10)).toBeCloseTo(0.1);
    expect(learningRateAt(9, 1, 100, 10)).toBeCloseTo(1);
    expect(learningRateAt(10, 1, 100, 10)).toBeCloseTo(1);
    expect(learningRateAt(55, 1, 100, 10)).toBeCloseTo(0.55);
    expect(learningRateAt(100, 1, 100, 10)).toBeCloseTo(0.1);
    for (let s = 11; s < 100; s++) expect(learningRateAt(s, 1, 100, 10)).toBeLessThan(learningRateAt(s - 1, 1, 100, 10));
  });
});
