import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/backend';
import { tf } from '../backend/tf';
import { AdamW, clipByGlobalNorm } from './adamw';

describe('AdamW memory', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('an update and clipping hold a few temporaries of one parameter at a time, not of all of them', async () => {
    const count = 32;
    const size = 64 * 1024;
    const params = Array.from({ length: count }, (_, i) => tf.variable(tf.fill([size], 0.01 * (i + 1)), true));
    const opt = new AdamW(params);
    const grads = params.map((_, i) => tf.fill([size], 0.5 + i));
    const before = tf.memory().numBytes;
    const info = await tf.profile(() => {
      const clipped = clipByGlobalNorm(grads, 1);
      expect(clipped.norm).toBeGreaterThan(1);
      opt.apply(clipped.grads, 1e-3);
      tf.dispose(clipped.grads);
    });
    const paramBytes = size * 4;
    // One tidy around every parameter kept about 13 parameter-sized temporaries of each: 416 here.
    expect(info.peakBytes - before).toBeLessThan(20 * paramBytes);
    expect(tf.memory().numBytes).toBe(before - count * paramBytes);
    // The update still moved every parameter against its gradient.
    for (const p of params) expect((p.dataSync() as Float32Array)[0]).toBeLessThan(0.01 * (params.indexOf(p) + 1));
    opt.dispose();
    tf.dispose(params);
  });
});
