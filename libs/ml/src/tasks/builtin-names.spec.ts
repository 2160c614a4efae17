import { BUILTIN_DATASETS, BUILTIN_MODELS } from '@loralab/core';
import { describe, expect, it } from 'vitest';
import { BUILTIN_TASKS } from './builtin-tasks';

describe('built-in names', () => {
  it('are the ones the API validates sweeps against', () => {
    expect(Object.keys(BUILTIN_TASKS).map((t) => `builtin:${t}`).sort()).toEqual([...BUILTIN_DATASETS].sort());
    expect(Object.keys(BUILTIN_MODELS).every((m) => m.startsWith('builtin:'))).toBe(true);
  });
});
