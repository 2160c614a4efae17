import { train } from '/work/wt-ml/libs/ml/src/train/trainer';
(async () => {
  for (const quantization of ['FP32', 'NF4'] as const) {
    const t = Date.now();
    const r = await train({
      config: { baseModel: 'builtin:tiny-llama', dataset: 'builtin:topic', rank: 8, alpha: 16, quantization, doubleQuant: false,
        targetModules: ['Q_PROJ','K_PROJ','V_PROJ','O_PROJ','GATE_PROJ','UP_PROJ','DOWN_PROJ'], learningRate: +(process.env.LR ?? 1e-2), dropout: 0, steps: +(process.env.STEPS ?? 60), batchSize: 8, sequenceLength: 32, evalInterval: 0, seed: 1 },
      evalExamples: 100,
      onStep: (m) => { if (m.step % 10 === 0) console.log(m.step, m.loss.toFixed(3), m.gradNorm.toFixed(3), Math.round(m.tokensPerSecond)); },
    });
    const { model, ...rest } = r;
    console.log(quantization, JSON.stringify(rest), (Date.now() - t) / 1000);
  }
})();
