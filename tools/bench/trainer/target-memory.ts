/**
 * How the set of adapted projections moves a training step's activation memory, which the
 * estimator (libs/core/src/memory/estimate-memory.ts) does not model: one measured step
 * (`measureCase` of calibrate-memory.ts: the trainer's own optimizerStep, FP32 base, batch 8 ×
 * 32 tokens) per target set, on three built-in models, whole tape and recomputed, at ranks 8 and
 * 32; prints measured / predicted activations in KiB.
 *   LORALAB_WASM_THREADS=2 node -r ./tools/scripts/register.cjs tools/bench/trainer/target-memory.ts
 */
import { TARGET_MODULES, type TargetModule } from '@loralab/core';
import { initBackend } from '@loralab/ml';
import { measureCase } from './calibrate-memory';
const SETS: Record<string, TargetModule[]> = { qv: ['Q_PROJ', 'V_PROJ'], q: ['Q_PROJ'], qkvo: ['Q_PROJ', 'K_PROJ', 'V_PROJ', 'O_PROJ'], o: ['O_PROJ'], gu: ['GATE_PROJ', 'UP_PROJ'], d: ['DOWN_PROJ'], all: [...TARGET_MODULES] };
(async () => {
  await initBackend('wasm');
  for (const model of ['builtin:tiny-llama', 'builtin:small-llama', 'builtin:bench-llama'])
    for (const recompute of [false, true])
      for (const rank of [8, 32]) {
        const row: string[] = [];
        for (const [name, t] of Object.entries(SETS)) {
          const { measured, predicted } = await measureCase({ model, quantization: 'FP32', doubleQuant: false, rank, targetModules: t, batchSize: 8, sequenceLength: 32, recompute });
          row.push(`${name}:${(measured.breakdown.activations / 1024).toFixed(0)}/${(predicted.activations / 1024).toFixed(0)}`);
        }
        console.log(model, recompute ? 'rec' : 'tape', 'r' + rank, row.join(' '), '(KiB measured/predicted activations)');
      }
})();
