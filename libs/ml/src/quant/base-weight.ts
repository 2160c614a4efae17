import { doubleQuantApplies, type QuantType } from '@loralab/core';
import { DEQUANTIZE_KERNEL, hasKernel, type DequantizeAttrs } from '../backend/kernels';
import { tf, type Tensor, type Tensor2D } from '../backend/tf';
import { blockScales, dequantizeInto, packedByteLength, quantize, type QuantizedTensor } from './quantize';

export interface BaseWeightOptions {
  doubleQuant?: boolean;
  blockSize?: number;
  /** FP32 only: keep the weight as a trainable variable (pretraining). */
  trainable?: boolean;
}

/** Bytes of a Uint8Array padded to whole int32 words and viewed as int32 (tfjs has no uint8 dtype). */
function packInt32(bytes: Uint8Array): Int32Array {
  const words = new Int32Array(Math.ceil(bytes.byteLength / 4));
  new Uint8Array(words.buffer).set(bytes);
  return words;
}

/**
 * A frozen (or, for FP32 pretraining, trainable) linear weight [out, in] as the tensors that
 * really hold it: one fp32 tensor, or packed codes in int32 words plus scales. `materialize`
 * decodes a temporary fp32 copy, in the layout the matmul needs, for one layer at a time.
 */
export class BaseWeight {
  readonly type: QuantType;
  readonly shape: [number, number];
  readonly doubleQuant: boolean;
  private readonly blockSize: number;
  private dense?: Tensor2D;
  private readonly parts: Tensor[] = [];
  private dqOffset = 0;
  private dqBlockSize = 256;

  private constructor(type: QuantType, shape: [number, number], blockSize: number, doubleQuant: boolean) {
    this.type = type;
    this.shape = shape;
    this.blockSize = blockSize;
    this.doubleQuant = doubleQuant;
  }

  /** Quantizes row-major fp32 values of shape [out, in] to `type`. */
  static fromFloat32(values: Float32Array, shape: [number, number], type: QuantType, options: BaseWeightOptions = {}): BaseWeight {
    const blockSize = options.blockSize ?? 64;
    // As the sweep planner: double quantization exists for 4-bit bases only, false elsewhere.
    const doubleQuant = !!options.doubleQuant && doubleQuantApplies(type);
    const w = new BaseWeight(type, shape, blockSize, doubleQuant);
    if (type === 'FP32') {
      const t = tf.tensor2d(values, shape, 'float32');
      w.dense = options.trainable ? tf.variable(t, true) : t;
      if (options.trainable) t.dispose();
      return w;
    }
    const q = quantize(values, type, { blockSize, doubleQuant });
    w.parts.push(tf.tensor1d(packInt32(q.packed), 'int32'));
    if (q.absmax) w.parts.push(tf.tensor1d(q.absmax, 'float32'));
    if (q.doubleQuant) {
      w.parts.push(tf.tensor1d(packInt32(q.doubleQuant.codes), 'int32'));
      w.parts.push(tf.tensor1d(q.doubleQuant.scales, 'float32'));
      w.dqOffset = q.doubleQuant.offset;
      w.dqBlockSize = q.doubleQuant.blockSize;
    }
    return w;
  }

  /** The [out, in] fp32 tensor of an FP32 weight (no decoding to do), if it is one. */
  get fp32(): Tensor2D | undefined {
    return this.dense;
  }

  /** The trainable variable of an FP32 weight (pretraining), if any. */
  get variable(): tf.Variable | undefined {
    return this.dense instanceof tf.Variable ? this.dense : undefined;
  }

  get size(): number {
    return this.shape[0] * this.shape[1];
  }

  /** Bytes the weight's tensors occupy (packed codes and scales). */
  get byteLength(): number {
    if (this.dense) return this.size * 4;
    return this.parts.reduce((s, t) => s + t.size * 4, 0);
  }

  /**
   * fp32 weight as [out, in], or as its transpose [in, out]. The result may be the stored
   * tensor itself (FP32, not transposed): callers must not dispose it; run under tidy.
   */
  materialize(transpose: boolean): Tensor2D {
    if (this.dense) return transpose ? tf.transpose(this.dense) : this.dense;
    const attrs: DequantizeAttrs = {
      type: this.type,
      length: this.size,
      blockSize: this.blockSize,
      rows: this.shape[0],
      cols: this.shape[1],
      transpose,
      dqOffset: this.dqOffset,
      dqBlockSize: this.dqBlockSize,
      scales: this.type === 'FP16' ? 'none' : this.doubleQuant ? 'double' : 'absmax',
    };
    if (hasKernel(DEQUANTIZE_KERNEL)) {
      return tf.engine().runKernel(DEQUANTIZE_KERNEL, Object.fromEntries(this.parts.map((t, i) => [String(i), t])), attrs as unknown as tf.NamedAttrMap) as Tensor2D;
    }
    // Backends whose memory this process cannot address (tensorflow): decode on the host.
    const out = new Float32Array(this.size);
    const q = this.toQuantizedTensor();
    dequantizeInto(q, q.packed, this.type === 'FP16' ? undefined : blockScales(q), out, transpose ? this.shape : undefined);
    return tf.tensor2d(out, transpose ? [this.shape[1], this.shape[0]] : this.shape);
  }

  /** The packed representation read back from the tensors (bitsandbytes layout). */
  toQuantizedTensor(): QuantizedTensor {
    const bytes = (t: Tensor, n: number) => {
      const words = t.dataSync() as Int32Array;
      return new Uint8Array(words.buffer, words.byteOffset, n).slice();
    };
    const n = this.size;
    if (this.dense) {
      return { type: 'FP32', length: n, blockSize: this.blockSize, packed: new Uint8Array((this.dense.dataSync() as Float32Array).slice().buffer) };
    }
    const packedBytes = packedByteLength(this.type, n);
    const q: QuantizedTensor = { type: this.type, length: n, blockSize: this.blockSize, packed: bytes(this.parts[0], packedBytes) };
    if (this.doubleQuant) {
      const blocks = Math.ceil(n / this.blockSize);
      q.doubleQuant = {
        codes: bytes(this.parts[1], blocks),
        scales: this.parts[2].dataSync() as Float32Array,
        offset: this.dqOffset,
        blockSize: this.dqBlockSize,
      };
    } else if (this.parts[1]) {
      q.absmax = this.parts[1].dataSync() as Float32Array;
    }
    return q;
  }

  /** Decoded fp32 values, row-major [out, in]. */
  toFloat32(): Float32Array {
    return tf.tidy(() => this.materialize(false).dataSync() as Float32Array).slice();
  }

  dispose(): void {
    this.dense?.dispose();
    for (const t of this.parts) t.dispose();
  }
}
