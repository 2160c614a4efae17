/**
 * Records the tabular benchmark of sweep search (in the manner of NAS-Bench / LCBench): every
 * configuration of a fixed grid trained once with the real trainer on a built-in model and
 * task, keeping its eval-loss curve, final eval accuracy, measured peak memory (the run's, and
 * that of its measured training steps, which rungs are judged on) and predicted peak. Replays
 * (replay.ts, replay_optuna.py) then compare searchers on the table without training.
 *   npm run bench:search:record     (LORALAB_WASM_THREADS=1; the 24-step table goes to table.json)
 *   npm run bench:search:record:96  (the 96-step table, eval every 4 steps: table-96.json)
 * BENCH_SLICE=i/n records the i-th of n slices of the grid as JSON lines, one per configuration
 * (to record on several cores); BENCH_MERGE=file1,file2,… joins such slices into the table.
 */
import { readFileSync } from 'node:fs';
import { planSweep, type RunConfig } from '@loralab/core';
import { train } from '@loralab/ml';

export const BENCH_SPACE = {
  quantization: ['FP32', 'INT8', 'NF4', 'FP4', 'INT4'],
  rank: [2, 8, 32],
  targetModules: [['Q_PROJ', 'V_PROJ'], ['Q_PROJ', 'K_PROJ', 'V_PROJ', 'O_PROJ', 'GATE_PROJ', 'UP_PROJ', 'DOWN_PROJ']],
  learningRate: [3e-4, 1e-3, 3e-3, 1e-2, 3e-2],
};
/**
 * The training of every configuration. BENCH_STEPS and BENCH_EVAL_INTERVAL set the horizon and how
 * often the eval loss is logged (the rungs early termination can judge on): table.json is 24 steps,
 * eval every 6; table-96.json is BENCH_STEPS=96 BENCH_EVAL_INTERVAL=4.
 */
const envInt = (name: string, fallback: number) => {
  const v = process.env[name];
  if (v === undefined) return fallback;
  if (!/^[1-9]\d*$/.test(v)) throw new Error(`${name} must be a positive integer, got ${JSON.stringify(v)}`);
  return Number(v);
};
export const BENCH_TRAINING = { steps: envInt('BENCH_STEPS', 24), batchSize: 8, sequenceLength: 32, evalInterval: envInt('BENCH_EVAL_INTERVAL', 6), seed: 1 };

function plan() {
  const p = planSweep({ name: 'bench', baseModel: 'builtin:tiny-llama', dataset: 'builtin:topic', training: BENCH_TRAINING, space: BENCH_SPACE });
  if (!p.ok) throw new Error(JSON.stringify(p.errors));
  return p.value.runs;
}

function tableOf(rows: object[]): string {
  return JSON.stringify({ model: 'builtin:tiny-llama', dataset: 'builtin:topic', training: BENCH_TRAINING, space: BENCH_SPACE, rows }) + '\n';
}

async function main() {
  if (process.env.BENCH_MERGE) {
    const rows = process.env.BENCH_MERGE.split(',').flatMap((f) => readFileSync(f, 'utf8').trim().split('\n').map((l) => JSON.parse(l)));
    rows.sort((a, b) => a.ordinal - b.ordinal);
    if (rows.length !== plan().length) throw new Error(`${rows.length} rows; the grid has ${plan().length}`);
    process.stdout.write(tableOf(rows.map(({ ordinal: _o, ...r }) => r)));
    return;
  }
  const [slice, slices] = (process.env.BENCH_SLICE ?? '0/1').split('/').map(Number);
  const runs = plan();
  const rows = [];
  for (const [ordinal, { config, memory }] of runs.entries()) {
    if (ordinal % slices !== slice) continue;
    const curve: [number, number][] = [];
    // The peak of the measured training steps: what the agent logs as memory/peak_bytes, and what the API judges rungs on.
    let trainPeakMemoryBytes: number | null = null;
    const t0 = performance.now();
    const r = await train({
      config: config as RunConfig,
      backend: 'wasm',
      onStep: (m) => {
        if (m.evalLoss !== undefined) curve.push([m.step, +m.evalLoss.toFixed(5)]);
        if (m.peakMemoryBytes !== undefined) trainPeakMemoryBytes = Math.max(trainPeakMemoryBytes ?? 0, m.peakMemoryBytes);
      },
    });
    if (!curve.length || curve[curve.length - 1][0] !== r.stepsCompleted) curve.push([r.stepsCompleted, +r.evalLoss.toFixed(5)]);
    const { quantization, rank, targetModules, learningRate } = config;
    const row = { quantization, rank, targets: targetModules.length, learningRate, accuracy: r.accuracy, peakMemoryBytes: r.peakMemoryBytes, trainPeakMemoryBytes, predictedMemoryBytes: memory?.total ?? null, curve };
    rows.push(row);
    if (slices > 1) process.stdout.write(JSON.stringify({ ordinal, ...row }) + '\n');
    process.stderr.write(`${ordinal + 1}/${runs.length} ${quantization} r${rank} t${targetModules.length} lr${learningRate}: acc ${r.accuracy.toFixed(3)} peak ${r.peakMemoryBytes} (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
  }
  if (slices === 1) process.stdout.write(tableOf(rows));
}

if (require.main === module) void main();
