import { tf, type Tensor } from '../backend/tf';
import { AdamW, clipByGlobalNorm } from './adamw';

export interface OptimizerStepResult {
  loss: number;
  /** Global gradient norm before clipping (NaN when the loss was not finite). */
  gradNorm: number;
  /** Bytes of the step's gradients, for memory reports. */
  gradientBytes: number;
}

/**
 * One training step on `vars`: the loss and its gradients (summed over `loss`'s micro-batches
 * when it is a list: gradient accumulation; each loss carries its own weight), clipping at
 * global norm `maxGradNorm`, one AdamW update at `learningRate`. A non-finite loss leaves the weights
 * as they were; the caller decides how to report it (throwing here, inside `tf.profile`,
 * would leave profiling switched on).
 */
export function optimizerStep(
  loss: (() => tf.Scalar) | (() => tf.Scalar)[],
  vars: tf.Variable[],
  optimizer: AdamW,
  learningRate: number,
  maxGradNorm: number,
): OptimizerStepResult {
  let list: Tensor[] = [];
  let lossValue = 0;
  for (const micro of Array.isArray(loss) ? loss : [loss]) {
    const { value, grads } = tf.variableGrads(micro, vars);
    lossValue += value.dataSync()[0];
    value.dispose();
    const next = vars.map((v) => grads[v.name]);
    if (list.length) {
      // Summed one gradient at a time, so a third copy of them all never exists.
      list = list.map((g, i) => {
        const summed = tf.add(g, next[i]);
        tf.dispose([g, next[i]]);
        return summed;
      });
    } else list = next;
  }
  const gradientBytes = list.reduce((s, g) => s + g.size * 4, 0);
  if (!Number.isFinite(lossValue)) {
    tf.dispose(list);
    return { loss: lossValue, gradNorm: NaN, gradientBytes };
  }
  const clipped = clipByGlobalNorm(list, maxGradNorm);
  optimizer.apply(clipped.grads, learningRate);
  tf.dispose(clipped.grads);
  return { loss: lossValue, gradNorm: clipped.norm, gradientBytes };
}
