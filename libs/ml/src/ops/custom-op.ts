import { tf, type Tensor } from '../backend/tf';

export type GradFunc = (dy: Tensor, saved: Tensor[]) => Tensor[];

/**
 * `tf.customGrad` with typed inputs: `f` gets its input tensors and the save function,
 * returns the value and a gradient for every input.
 */
export function customOp<I extends Tensor[], O extends Tensor = Tensor>(
  f: (inputs: I, save: tf.GradSaveFunc) => { value: O; gradFunc: GradFunc },
): (...inputs: I) => O {
  const g = tf.customGrad(((...args: unknown[]) => {
    const save = args.pop() as tf.GradSaveFunc;
    return f(args as I, save);
  }) as never);
  return g as unknown as (...inputs: I) => O;
}
