import { tf, type Tensor, type Tensor2D } from '../backend/tf';
import type { BaseWeight } from '../quant/base-weight';
import { customOp } from './custom-op';
import { matMulT, transposesAreFlags } from './mat-mul.op';

/** x W^T; an FP32 weight is read in place where the matmul takes the transpose as a flag. */
function matMulWeightT(x: Tensor2D, w: BaseWeight): Tensor2D {
  const dense = w.fp32;
  if (dense && transposesAreFlags()) return tf.matMul(x, dense, false, true);
  return tf.matMul(x, w.materialize(true));
}

export interface LinearLora {
  at: Tensor2D;
  bt: Tensor2D;
  scale: number;
  /** Inverted-dropout mask for the adapter's input (already divided by 1 - p). */
  mask?: Tensor2D;
}

/**
 * y = x W^T (+ dropout(x) A^T B^T scale) for x [n, in], W [out, in].
 * The base weight is decoded inside the op and decoded again in the backward pass, so no
 * fp32 copy of a quantized (or transposed) weight outlives its layer; only x and the small
 * x A^T are kept for backward. Gradients flow to x, to the adapter, and to W when W is a
 * trainable FP32 variable (pretraining).
 */
export function linear(x: Tensor2D, w: BaseWeight, lora?: LinearLora): Tensor2D {
  const trainableW = w.variable as Tensor2D | undefined;
  if (trainableW) {
    if (lora) throw new Error('LoRA on a trainable base weight is not supported');
    return customOp<[Tensor2D, Tensor2D], Tensor2D>(([xi, wi], save) => {
      save([xi]);
      return {
        value: matMulT(xi, wi, false, true),
        gradFunc: (dy, [sx]) => [tf.matMul(dy as Tensor2D, wi), matMulT(dy as Tensor2D, sx as Tensor2D, true, false)],
      };
    })(x, trainableW);
  }
  if (!lora) {
    return customOp<[Tensor2D], Tensor2D>(([xi], save) => {
      save([]);
      return {
        value: matMulWeightT(xi, w),
        gradFunc: (dy) => [tf.matMul(dy as Tensor2D, w.materialize(false))],
      };
    })(x);
  }
  const { scale, mask } = lora;
  return customOp<[Tensor2D, Tensor2D, Tensor2D], Tensor2D>(([xi, at, bt], save) => {
    const xd = mask ? (tf.mul(xi, mask) as Tensor2D) : xi;
    const xa = tf.matMul(xd, at);
    // The mask is saved too: tensors a tape does not save are freed when the forward ends.
    save(mask ? [xd, xa, mask] : [xd, xa]);
    const base = matMulWeightT(xi, w);
    return {
      value: tf.add(base, tf.mul(tf.matMul(xa, bt), scale)),
      gradFunc: (dy, [sxd, sxa, smask]) => {
        const g = dy as Tensor2D;
        const dxa = tf.mul(matMulT(g, bt, false, true), scale) as Tensor2D;
        const dbt = tf.mul(matMulT(sxa as Tensor2D, g, true, false), scale);
        // xd^T dxa; without free transposes as (dxa^T xd)^T: transposes of [n, r] and [r, in]
        // instead of the [n, in] input.
        const dat = transposesAreFlags()
          ? tf.matMul(sxd as Tensor2D, dxa, true, false)
          : tf.transpose(tf.matMul(tf.transpose(dxa), sxd as Tensor2D));
        let dxLora: Tensor = matMulT(dxa, at, false, true);
        if (smask) dxLora = tf.mul(dxLora, smask);
        const dx = tf.add(tf.matMul(g, w.materialize(false)), dxLora);
        return [dx, dat, dbt];
      },
    };
  })(x, lora.at, lora.bt);
}
