import { BATCH_MATMUL_KERNEL, hasKernel } from '../backend/kernels';
import { matmulImplementation } from '../backend/native-matmul';
import { tf, type Tensor, type Tensor2D, type Tensor3D } from '../backend/tf';
import { customOp } from './custom-op';

/**
 * Whether a matmul takes its transposes as flags at no cost: the wasm backend's native matmul
 * (OpenBLAS, `backend/native-matmul.ts`) does; wasm's XNNPACK path runs a transposeA/transposeB
 * matmul on a naive loop, 10-80x slower than an explicit transpose and a plain matmul
 * (`BENCH_CASE=matmul npm run bench:trainer`), and the ops below avoid them there.
 */
export function transposesAreFlags(): boolean {
  return matmulImplementation() === 'native' && tf.getBackend() === 'wasm';
}

/**
 * op(a) op(b) for rank-2 or rank-3 operands (rank 3: the last two axes): the transposes as
 * flags where they are free, else as explicit transposes and a plain matmul (rank 3: on
 * `batchMatMulForward`'s kernel). The one place that choice is made for the ops below.
 */
export function matMulT<T extends Tensor2D | Tensor3D>(a: T, b: T, transposeA = false, transposeB = false): T {
  if (transposesAreFlags()) return tf.matMul(a, b, transposeA, transposeB) as T;
  const t = (x: Tensor) => (x.rank === 3 ? tf.transpose(x, [0, 2, 1]) : tf.transpose(x));
  const [x, y] = [transposeA ? t(a) : a, transposeB ? t(b) : b];
  return (x.rank === 3 ? batchMatMulForward(x as Tensor3D, y as Tensor3D) : tf.matMul(x, y)) as T;
}

/**
 * Plain [m, k] x [k, n] matmul whose gradient uses explicit transposes: on wasm the
 * transposeA/transposeB forms that tfjs's own gradient uses are 10-20x slower.
 */
export const matMul2d = customOp<[Tensor2D, Tensor2D], Tensor2D>(([a, b], save) => {
  save([a, b]);
  return {
    value: tf.matMul(a, b),
    gradFunc: (dy, [sa, sb]) => [matMulT(dy as Tensor2D, sb as Tensor2D, false, true), matMulT(sa as Tensor2D, dy as Tensor2D, true, false)],
  };
});

/** [batch, m, k] x [batch, k, n] without transposes, on the fastest kernel this backend has. */
export function batchMatMulForward(a: Tensor3D, b: Tensor3D): Tensor3D {
  if (!transposesAreFlags() && hasKernel(BATCH_MATMUL_KERNEL)) {
    return tf.engine().runKernel(BATCH_MATMUL_KERNEL, { a, b }) as Tensor3D;
  }
  return tf.matMul(a, b);
}

/** Batched matmul with a gradient built from explicit transposes and the same fast kernel. */
export const batchMatMul = customOp<[Tensor3D, Tensor3D], Tensor3D>(([a, b], save) => {
  save([a, b]);
  return {
    value: batchMatMulForward(a, b),
    gradFunc: (dy, [sa, sb]) => [matMulT(dy as Tensor3D, sb as Tensor3D, false, true), matMulT(sa as Tensor3D, dy as Tensor3D, true, false)],
  };
});

/**
 * a b^T for [batch, m, k] x [batch, n, k] (attention scores q k^T). Its gradient needs one
 * transpose (of dy) where `batchMatMul(a, transpose(b))` needs three.
 */
export const batchMatMulTransposedB = customOp<[Tensor3D, Tensor3D], Tensor3D>(([a, b], save) => {
  save([a, b]);
  return {
    value: matMulT(a, b, false, true),
    gradFunc: (dy, [sa, sb]) => [batchMatMulForward(dy as Tensor3D, sb as Tensor3D), matMulT(dy as Tensor3D, sa as Tensor3D, true, false)],
  };
});

/** x r for a constant square r whose transpose is `rT`: the gradient flows to x only. */
export function matMulConstant(x: Tensor2D, r: Tensor2D, rT: Tensor2D): Tensor2D {
  return customOp<[Tensor2D], Tensor2D>(([xi], save) => {
    save([]);
    return { value: tf.matMul(xi, r), gradFunc: (dy) => [tf.matMul(dy as Tensor2D, rT)] };
  })(x);
}

/**
 * a b^T for a [m, k], b [n, k] (no gradient: the callers' ops have their own). With the
 * native matmul, one transposeB matmul (OpenBLAS: 124 GFLOP/s on the [85, 576] x [49,152, 576]^T
 * logits of a SmolLM2 loss chunk); on XNNPACK as (b a^T)^T: tfjs-wasm routes a `transposeB`
 * matmul to its naive loop (0.2 GFLOP/s there, against 2.6 for this form measured beside it),
 * and transposing the small `a` and the [n, m] product costs far less than transposing `b`.
 */
export function matMulTransposedB(a: Tensor2D, b: Tensor2D): Tensor2D {
  if (transposesAreFlags()) return tf.matMul(a, b, false, true);
  return tf.tidy(() => tf.transpose(tf.matMul(b, tf.transpose(a))) as Tensor2D);
}
