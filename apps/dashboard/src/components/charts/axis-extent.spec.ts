import { describe, expect, it } from 'vitest';
import { accuracyAxis, logAxisExtent, valueAxisExtent, wrapTargets } from './axis-extent';

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

describe('accuracyAxis', () => {
  it('5 points beyond the values, its ends whole tens of percent, within [0, 1], ticks every 10%', () => {
    const extent = (min: number, max: number) => [accuracyAxis.min({ min }), accuracyAxis.max({ max })];
    // The served search-front sweep's accuracies: 21.5% to 96%.
    expect(extent(0.215, 0.96)).toEqual([0.1, 1]);
    expect(extent(0.45, 0.55)).toEqual([0.4, 0.6]);
    expect(extent(0.02, 0.3)).toEqual([0, 0.4]);
    expect(accuracyAxis.interval).toBe(0.1);
  });
});

describe('wrapTargets', () => {
  it("breaks a long targets label before a '+' into lines of about 8 characters; a short one stays whole", () => {
    expect(wrapTargets('q+k+v+o+gate+up+down')).toBe('q+k+v+o\n+gate+up\n+down');
    expect(wrapTargets('q+v')).toBe('q+v');
    expect(wrapTargets('all-linear-layers')).toBe('all-linear-layers');
  });
});
