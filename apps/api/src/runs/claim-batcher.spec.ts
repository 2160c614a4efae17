import { describe, expect, it } from 'vitest';
import { ClaimBatcher } from './claim-batcher';

describe('ClaimBatcher', () => {
  it('sends claims that arrive together as one batch, and those arriving meanwhile as the next', async () => {
    const batches: string[][] = [];
    let idle = 0;
    const batcher = new ClaimBatcher<string>(
      async (ids) => {
        batches.push(ids);
        await new Promise((r) => setTimeout(r, 10));
        return ids.map((id) => `run-for-${id}`);
      },
      () => idle++,
    );
    const first = ['a', 'b', 'c'].map((id) => batcher.claim(id));
    await new Promise((r) => setTimeout(r, 2)); // the first batch is in flight
    const second = ['d', 'e'].map((id) => batcher.claim(id));
    expect(await Promise.all([...first, ...second])).toEqual(['a', 'b', 'c', 'd', 'e'].map((id) => `run-for-${id}`));
    expect(batches).toEqual([['a', 'b', 'c'], ['d', 'e']]);
    expect(idle).toBe(1);
  });

  it('gives every claim of a failed batch its error, and goes on with the next', async () => {
    let calls = 0;
    const batcher = new ClaimBatcher<string | null>(
      async (ids) => {
        if (calls++ === 0) throw new Error('connection lost');
        return ids.map(() => null);
      },
      () => undefined,
    );
    const failed = [batcher.claim('a'), batcher.claim('b')];
    await expect(failed[0]).rejects.toThrow('connection lost');
    await expect(failed[1]).rejects.toThrow('connection lost');
    await expect(batcher.claim('c')).resolves.toBeNull();
  });
});
