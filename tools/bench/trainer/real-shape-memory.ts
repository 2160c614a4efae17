/**
 * Peak memory of one LoRA training step at real model shapes (SmolLM2-135M, Llama-3.2-1B:
 * their config.json files, random weights) against the estimator in
 * libs/core/src/memory/estimate-memory.ts.
 *   LORALAB_WASM_THREADS=1 node -r ./tools/scripts/register.cjs tools/bench/trainer/real-shape-memory.ts [case...]
 * Cases: smollm2-fp32, smollm2-nf4dq, llama1b-nf4dq (default: all). Env SEQ / BATCH override
 * each case's sequence length and batch size.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TARGET_MODULES, type QuantType } from '@loralab/core';
import { initBackend, parseLlamaConfig, modelFromTensors, PROJECTIONS, projectionPath, byteTokenizer, type LlamaConfig, type FloatTensors } from '@loralab/ml';
import { measureModelStep } from './calibrate-memory';

/** The models' real config.json files, as committed with the config parser's tests. */
const configJson = (name: string): object => JSON.parse(readFileSync(join(__dirname, '../../../libs/ml/src/model/llama/fixtures/configs', name), 'utf8'));
const SMOLLM2_135M = configJson('smollm2-135m.json');
const LLAMA_32_1B = configJson('llama-3.2-1b.json');

/**
 * Random weights made when the loader asks for each one (uniform, std ≈ 0.02), so a 1B model
 * never has all its fp32 values on the host at once.
 */
function lazyRandomTensors(c: LlamaConfig): FloatTensors {
  const d = c.hiddenSize;
  const hd = c.headDim;
  const shapes = new Map<string, number[]>([['model.embed_tokens.weight', [c.vocabSize, d]], ['model.norm.weight', [d]]]);
  const proj: Record<(typeof PROJECTIONS)[number], number[]> = {
    q_proj: [c.numAttentionHeads * hd, d], k_proj: [c.numKeyValueHeads * hd, d], v_proj: [c.numKeyValueHeads * hd, d],
    o_proj: [d, c.numAttentionHeads * hd], gate_proj: [c.intermediateSize, d], up_proj: [c.intermediateSize, d], down_proj: [d, c.intermediateSize],
  };
  for (let i = 0; i < c.numHiddenLayers; i++) {
    for (const p of PROJECTIONS) shapes.set(`${projectionPath(i, p)}.weight`, proj[p]);
    shapes.set(`model.layers.${i}.input_layernorm.weight`, [d]);
    shapes.set(`model.layers.${i}.post_attention_layernorm.weight`, [d]);
  }
  let state = 0x9e3779b9;
  class Lazy extends Map<string, { shape: number[]; values: Float32Array }> {
    override has(name: string) {
      return shapes.has(name);
    }
    override get(name: string) {
      const shape = shapes.get(name);
      if (!shape) return undefined;
      const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
      if (shape.length === 1) values.fill(1);
      else
        for (let i = 0; i < values.length; i++) {
          state ^= state << 13;
          state ^= state >>> 17;
          state ^= state << 5;
          values[i] = ((state >>> 0) / 2 ** 32 - 0.5) * 0.07;
        }
      return { shape, values };
    }
  }
  return new Lazy();
}

interface Case {
  name: string;
  config: object;
  quantization: QuantType;
  doubleQuant: boolean;
  batchSize: number;
  sequenceLength: number;
}

const CASES: Case[] = [
  { name: 'smollm2-fp32', config: SMOLLM2_135M, quantization: 'FP32', doubleQuant: false, batchSize: 4, sequenceLength: 256 },
  { name: 'smollm2-nf4dq', config: SMOLLM2_135M, quantization: 'NF4', doubleQuant: true, batchSize: 4, sequenceLength: 256 },
  // FP32 Llama-3.2-1B is 4.9 GB of weights: more than a wasm32 heap addresses.
  { name: 'llama1b-nf4dq', config: LLAMA_32_1B, quantization: 'NF4', doubleQuant: true, batchSize: 1, sequenceLength: 64 },
];

export async function main(): Promise<void> {
  await initBackend('wasm');
  const wanted = process.argv.slice(2);
  for (const k of CASES.filter((x) => !wanted.length || wanted.includes(x.name))) {
    const batchSize = Number(process.env.BATCH ?? k.batchSize);
    const sequenceLength = Number(process.env.SEQ ?? k.sequenceLength);
    const config = parseLlamaConfig(k.config);
    const t0 = performance.now();
    const model = modelFromTensors(config, lazyRandomTensors(config), byteTokenizer(), { quantization: k.quantization, doubleQuant: k.doubleQuant });
    const built = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    const { measured, predicted } = await measureModelStep(model, {
      quantization: k.quantization, doubleQuant: k.doubleQuant, rank: 16, targetModules: [...TARGET_MODULES], batchSize, sequenceLength, recompute: true,
    });
    model.dispose();
    const mib = (b: number) => +(b / 2 ** 20).toFixed(1);
    console.log(
      JSON.stringify({
        case: k.name, batchSize, sequenceLength, rank: 16, targets: 7, recompute: true,
        buildSeconds: +built.toFixed(1), stepSeconds: +((performance.now() - t1) / 1000).toFixed(1),
        measuredPeakMiB: mib(measured.peakBytes), predictedPeakMiB: mib(predicted.total),
        measured: Object.fromEntries(Object.entries(measured.breakdown).map(([a, b]) => [a, mib(b)])),
        predicted: Object.fromEntries(Object.entries(predicted).map(([a, b]) => [a, mib(b)])),
        predictedOverMeasured: +(predicted.total / measured.peakBytes).toFixed(3),
      }),
    );
  }
}

if (require.main === module) void main();
export { lazyRandomTensors, SMOLLM2_135M, LLAMA_32_1B };
