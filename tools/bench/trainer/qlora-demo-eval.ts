/**
 * Time (wall and CPU) of one run of examples/qlora-sweep.yaml's FP32 configuration through the trainer, split
 * into training and the final evaluation (200 examples), at a given eval batch.
 *   EVAL_BATCH=1 node -r ./tools/scripts/register.cjs tools/bench/trainer/qlora-demo-eval.ts
 *   EVAL_BATCH=0 (the default: chosen automatically)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSweepFile, planSweep } from '@loralab/core';
import { initBackend, train } from '@loralab/ml';

async function main() {
  const root = join(__dirname, '../../..');
  const file = parseSweepFile(readFileSync(join(root, 'examples/qlora-sweep.yaml'), 'utf8'));
  if (!file.ok) throw new Error(JSON.stringify(file.problems));
  const planned = planSweep({ ...file.spec, dataset: join(root, file.spec.dataset) });
  if (!planned.ok) throw new Error(JSON.stringify(planned.errors));
  const config = { ...planned.value.runs.find((r) => r.config.quantization === (process.env.QUANT ?? 'FP32'))!.config, evalBatchSize: Number(process.env.EVAL_BATCH ?? '0') };
  await initBackend('wasm');
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  let evalStarted = NaN;
  let evalCpu = cpu0;
  const r = await train({
    config,
    onProgress: (p) => {
      if (p.phase === 'eval' && Number.isNaN(evalStarted)) {
        evalStarted = performance.now();
        evalCpu = process.cpuUsage();
      }
    },
  });
  const end = performance.now();
  const cpu1 = process.cpuUsage();
  const cpuSeconds = (a: NodeJS.CpuUsage, b: NodeJS.CpuUsage) => +((b.user + b.system - a.user - a.system) / 1e6).toFixed(1);
  const mib = (b: number | null) => (b == null ? null : +(b / 2 ** 20).toFixed(2));
  console.log(JSON.stringify({
    quantization: config.quantization,
    evalBatchSize: r.evalBatchSize,
    totalSeconds: +((end - started) / 1000).toFixed(1),
    trainSeconds: +((evalStarted - started) / 1000).toFixed(1),
    evalSeconds: +((end - evalStarted) / 1000).toFixed(1),
    trainCpuSeconds: cpuSeconds(cpu0, evalCpu),
    evalCpuSeconds: cpuSeconds(evalCpu, cpu1),
    accuracy: r.accuracy,
    evalLoss: r.evalLoss,
    peakMiB: mib(r.peakMemoryBytes),
    evalPeakMiB: mib(r.evalPeakMemoryBytes),
    predictedMiB: mib(r.predictedMemory.total),
  }));
}

void main();
