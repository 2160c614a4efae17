import { describe, expect, it } from 'vitest';
import { hypervolumeHistory } from './hypervolume';

describe('hypervolumeHistory', () => {
  it('is the area the front dominates up to (accuracy 0, 1.1 × the largest peak), over the box, after each finished run', () => {
    // Reference memory 1.1 × 200 = 220. Areas worked out by hand as sums of rectangles:
    //   a: 0.5 × (220 − 100) = 60; + b: 60 + (0.8 − 0.5) × (220 − 200) = 66; c is dominated by a: 66;
    //   d dominates a and b: 0.9 × (220 − 50) = 153. Each over the box 1 × 220.
    const h = hypervolumeHistory([
      { id: 'a', accuracy: 0.5, peakMemoryBytes: 100 },
      { id: 'b', accuracy: 0.8, peakMemoryBytes: 200 },
      { id: 'c', accuracy: 0.4, peakMemoryBytes: 150 },
      { id: 'd', accuracy: 0.9, peakMemoryBytes: 50 },
    ]);
    expect(h.referenceMemoryBytes).toBeCloseTo(220, 9);
    expect(h.points.map((p) => p.succeededRuns)).toEqual([1, 2, 3, 4]);
    const expected = [60, 66, 66, 153].map((a) => a / 220);
    h.points.forEach((p, i) => expect(p.hypervolume).toBeCloseTo(expected[i], 12));
  });

  it('has no points and no reference without runs', () => {
    expect(hypervolumeHistory([])).toEqual({ referenceMemoryBytes: null, points: [] });
  });
});
