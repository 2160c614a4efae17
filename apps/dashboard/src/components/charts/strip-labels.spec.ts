import { describe, expect, it } from 'vitest';
import { labelLines, rungLabel } from './strip-labels';

const MIB = 1024 * 1024;

describe("the Pareto strip's rung labels", () => {
  it('runs pruned at the same predicted memory share one label, on the first', () => {
    const pruned = [
      { predictedMemoryBytes: 15.58 * MIB, prunedRung: 10 },
      { predictedMemoryBytes: 15.3 * MIB, prunedRung: 20 },
      { predictedMemoryBytes: 15.58 * MIB, prunedRung: 40 },
    ];
    expect(pruned.map((_, i) => rungLabel(pruned, i))).toEqual(['@10 @40', '@20', '']);
  });

  it('labels at close memories go on separate lines, apart ones on the first', () => {
    // The served search-front sweep: "@20" at 15.3 MiB, "@10 @40" at 15.58, on an axis of 14–19 MiB.
    expect(labelLines([15.58, 15.3, 15.58], ['@10 @40', '@20', ''], 5)).toEqual([1, 0, 0]);
    expect(labelLines([14.5, 16.0, 17.5], ['@10', '@20', '@40'], 5)).toEqual([0, 0, 0]);
    // Three in a cluster: three lines; a fourth far away: the first.
    expect(labelLines([15, 15.1, 15.2, 18], ['@10', '@10', '@10', '@10'], 5)).toEqual([0, 1, 2, 0]);
  });
});
