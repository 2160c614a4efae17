import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSweepFile, planSweep } from '@loralab/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/backend';
import { train } from './trainer';

const ROOT = join(__dirname, '../../../..');

/** The runs of examples/qlora-sweep.yaml (the README's walkthrough), as the API would queue them. */
function demoRuns() {
  const file = parseSweepFile(readFileSync(join(ROOT, 'examples/qlora-sweep.yaml'), 'utf8'));
  if (!file.ok) throw new Error(JSON.stringify(file.problems));
  const planned = planSweep({ ...file.spec, dataset: join(ROOT, file.spec.dataset) });
  if (!planned.ok) throw new Error(JSON.stringify(planned.errors));
  return planned.value.runs;
}

describe('the QLoRA demo sweep', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it("shows QLoRA's saving: FP32 weights are at least half the FP32 peak, NF4 + DQ peaks at least 3x lower (measured and predicted)", async () => {
    const runs = demoRuns();
    expect(runs.map((r) => [r.config.quantization, r.config.doubleQuant])).toEqual([
      ['FP32', false],
      ['NF4', true],
    ]);
    // One measured optimizer step of each run's configuration, one micro-batch (the peak is a
    // micro-batch's; the rest is the file's), one run after the other (tf.profile is global).
    const fp32 = await train({ config: { ...runs[0].config, steps: 1, gradientAccumulation: 1 }, evalExamples: 4 });
    const nf4 = await train({ config: { ...runs[1].config, steps: 1, gradientAccumulation: 1 }, evalExamples: 4 });
    for (const r of [fp32, nf4]) expect(r.recomputedLayers).toBe(true);
    expect(fp32.memory!.baseWeights / fp32.peakMemoryBytes!).toBeGreaterThanOrEqual(0.5);
    expect(fp32.peakMemoryBytes! / nf4.peakMemoryBytes!).toBeGreaterThanOrEqual(3);
    expect(runs[0].memory!.total / runs[1].memory!.total).toBeGreaterThanOrEqual(3);
    for (const [r, p] of [
      [fp32, runs[0].memory!],
      [nf4, runs[1].memory!],
    ] as const) {
      expect(Math.abs(p.total / r.peakMemoryBytes! - 1)).toBeLessThan(0.1);
    }
  }, 300_000);
});
