/** What the analyses need of a finished run. */
export interface ScoredRun {
  id: string;
  accuracy: number;
  peakMemoryBytes: number;
}

/**
 * The non-dominated runs: no other run has at least the accuracy with at most the memory,
 * better in one of the two. Sorted by memory, ascending (accuracy rises along the front).
 */
export function paretoFront<T extends ScoredRun>(runs: readonly T[]): T[] {
  const sorted = [...runs].sort(
    (a, b) => a.peakMemoryBytes - b.peakMemoryBytes || b.accuracy - a.accuracy || a.id.localeCompare(b.id),
  );
  const front: T[] = [];
  for (const r of sorted) {
    const last = front[front.length - 1];
    if (!last || r.accuracy > last.accuracy) front.push(r);
    // Exact ties with the last point are not dominated by it either.
    else if (r.accuracy === last.accuracy && r.peakMemoryBytes === last.peakMemoryBytes) front.push(r);
  }
  return front;
}
