import { tf, type Tensor } from '../backend/tf';

export type GradFunc = (dy: Tensor, saved: Tensor[]) => Tensor[];

/**
 * `tf.customGrad` with typed inputs: `f` gets its input tensors and the save function,
 * returns the value and a gradient for every input; the gradient runs under its own tidy.
 */
export function customOp<I extends Tensor[], O extends Tensor = Tensor>(
  f: (inputs: I, save: tf.GradSaveFunc) => { value: O; gradFunc: GradFunc },
): (...inputs: I) => O {
  const g = tf.customGrad(((...args: unknown[]) => {
    const save = args.pop() as tf.GradSaveFunc;
    const { value, gradFunc } = f(args as I, save);
    // tfjs runs gradient functions without a scope of their own: every temporary (decoded
    // weights included) would live until the whole backward pass ends. Free them per op.
    return { value, gradFunc: (dy: Tensor, saved: Tensor[]) => tf.tidy(() => gradFunc(dy, saved)) };
  }) as never);
  return g as unknown as (...inputs: I) => O;
}
