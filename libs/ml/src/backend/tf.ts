/**
 * The one place libs/ml imports TensorFlow.js from. The wasm and cpu backends register
 * themselves on import; tfjs-node(-gpu) is loaded at run time only (see backend.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
// The full tfjs bundle registers every op's gradient (tfjs-core's CommonJS build has none).
import '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';

export { tf };
export type Tensor = tf.Tensor;
export type Tensor1D = tf.Tensor1D;
export type Tensor2D = tf.Tensor2D;
export type Tensor3D = tf.Tensor3D;
