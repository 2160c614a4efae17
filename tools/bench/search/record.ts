/**
 * Records the tabular benchmark of sweep search (in the manner of NAS-Bench / LCBench): every
 * configuration of a fixed grid trained once with the real trainer on a built-in model and
 * task, keeping its eval-loss curve, final eval accuracy and measured peak memory. Replays
 * (replay.ts, replay_optuna.py) then compare searchers on the table without training.
 *   LORALAB_WASM_THREADS=1 node -r ./tools/scripts/register.cjs tools/bench/search/record.ts > tools/bench/search/table.json
 */
import { planSweep, type RunConfig } from '@loralab/core';
import { train } from '@loralab/ml';

export const BENCH_SPACE = {
  quantization: ['FP32', 'INT8', 'NF4', 'FP4', 'INT4'],
  rank: [2, 8, 32],
  targetModules: [['Q_PROJ', 'V_PROJ'], ['Q_PROJ', 'K_PROJ', 'V_PROJ', 'O_PROJ', 'GATE_PROJ', 'UP_PROJ', 'DOWN_PROJ']],
  learningRate: [3e-4, 1e-3, 3e-3, 1e-2, 3e-2],
};
export const BENCH_TRAINING = { steps: 24, batchSize: 8, sequenceLength: 32, evalInterval: 6, seed: 1 };

async function main() {
  const plan = planSweep({ name: 'bench', baseModel: 'builtin:tiny-llama', dataset: 'builtin:topic', training: BENCH_TRAINING, space: BENCH_SPACE });
  if (!plan.ok) throw new Error(JSON.stringify(plan.errors));
  const limit = Number(process.env.BENCH_LIMIT ?? Infinity);
  const rows = [];
  for (const [i, { config, memory }] of plan.value.runs.slice(0, limit).entries()) {
    const curve: [number, number][] = [];
    const t0 = performance.now();
    const r = await train({
      config: config as RunConfig,
      backend: 'wasm',
      onStep: (m) => {
        if (m.evalLoss !== undefined) curve.push([m.step, +m.evalLoss.toFixed(5)]);
      },
    });
    if (!curve.length || curve[curve.length - 1][0] !== r.stepsCompleted) curve.push([r.stepsCompleted, +r.evalLoss.toFixed(5)]);
    const { quantization, rank, targetModules, learningRate } = config;
    rows.push({ quantization, rank, targets: targetModules.length, learningRate, accuracy: r.accuracy, peakMemoryBytes: r.peakMemoryBytes, predictedMemoryBytes: memory?.total ?? null, curve });
    process.stderr.write(`${i + 1}/${plan.value.runs.length} ${quantization} r${rank} t${targetModules.length} lr${learningRate}: acc ${r.accuracy.toFixed(3)} peak ${r.peakMemoryBytes} (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
  }
  process.stdout.write(JSON.stringify({ model: 'builtin:tiny-llama', dataset: 'builtin:topic', training: BENCH_TRAINING, space: BENCH_SPACE, rows }) + '\n');
}

if (require.main === module) void main();
