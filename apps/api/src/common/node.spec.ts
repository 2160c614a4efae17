import { runFromRow } from '@loralab/db';
import { describe, expect, it } from 'vitest';
import { nodeTypeName } from './node';

describe('nodeTypeName', () => {
  it('knows a run mapped from a raw SQL row (the run lifecycle\'s RETURNING rows) as a Run', () => {
    const run = runFromRow({ id: 'r', team_id: 't', sweep_id: 's', predicted_memory_bytes: '12', peak_memory_bytes: null });
    expect(nodeTypeName(run)).toBe('Run');
    expect(run.predictedMemoryBytes).toBe(12);
    expect(run.peakMemoryBytes).toBeNull();
  });
});
