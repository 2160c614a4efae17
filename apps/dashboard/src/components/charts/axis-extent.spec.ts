import { describe, expect, it } from 'vitest';
import { logAxisExtent, valueAxisExtent } from './axis-extent';

describe('logAxisExtent', () => {
  it('spans the powers of the base around the values, the largest included', () => {
    expect(logAxisExtent([2, 4, 16, 32], 2)).toEqual({ min: 2, max: 32 });
    expect(logAxisExtent([3, 48], 2)).toEqual({ min: 2, max: 64 });
    expect(logAxisExtent([0.00147674, 0.0248795], 10)).toEqual({ min: 0.001, max: 0.1 });
  });

  it('one value, or none: one step of the base', () => {
    expect(logAxisExtent([8], 2)).toEqual({ min: 8, max: 16 });
    expect(logAxisExtent([], 10)).toEqual({ min: 1, max: 10 });
  });
});

describe('valueAxisExtent', () => {
  it('holds every value, its ends rounded, not from 0', () => {
    // The served search-front sweep's peaks (MiB).
    expect(valueAxisExtent([15.2, 16.4, 15.1, 16.2, 15.3, 15.3, 14.9])).toEqual({ min: 14.9, max: 16.4 });
    expect(valueAxisExtent([14.93, 16.41])).toEqual({ min: 14.9, max: 16.5 });
    expect(valueAxisExtent([1049.1, 696.3])).toEqual({ min: 690, max: 1050 });
  });

  it('one value: a step around it', () => {
    const { min, max } = valueAxisExtent([15.3]);
    expect(min).toBeLessThanOrEqual(15.3);
    expect(max).toBeGreaterThan(15.3);
  });
});
