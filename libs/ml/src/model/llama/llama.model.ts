import { moduleName, type QuantType, type TargetModule } from '@loralab/core';
import { tf, type Tensor, type Tensor1D, type Tensor2D, type Tensor3D } from '../../backend/tf';
import type { LoraConfig, LoraWeights } from '../../lora/lora.types';
import { linear } from '../../ops/linear.op';
import { customOp } from '../../ops/custom-op';
import { batchMatMul, batchMatMulTransposedB, matMul2d, matMulConstant } from '../../ops/mat-mul.op';
import { nestedGrads } from '../../backend/tfjs-runtime';
import { BaseWeight } from '../../quant/base-weight';
import type { Tokenizer } from '../../tokenizer/tokenizer.types';
import type { LossHead } from '../../train/batch';
import type { Rng } from '../../util/rng';
import { usesSlidingWindow, type LlamaConfig } from './llama.config';
import { ropeInverseFrequencies } from './rope';

export const PROJECTIONS = ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj'] as const;
export type Projection = (typeof PROJECTIONS)[number];

export function projectionOf(target: TargetModule): Projection {
  return moduleName(target) as Projection;
}

/** `model.layers.{i}.self_attn.q_proj` and friends, as Hugging Face names them. */
export function projectionPath(layer: number, p: Projection): string {
  const sub = p.endsWith('_proj') && ['q_proj', 'k_proj', 'v_proj', 'o_proj'].includes(p) ? 'self_attn' : 'mlp';
  return `model.layers.${layer}.${sub}.${p}`;
}

export interface LlamaLayer {
  inputNorm: Tensor1D;
  postAttentionNorm: Tensor1D;
  proj: Record<Projection, BaseWeight>;
  /** fp32 biases of the projections that have one (`attention_bias`, `mlp_bias`, Qwen2's q/k/v). */
  bias: Partial<Record<Projection, Tensor1D>>;
  /** Qwen3: RMSNorm weights [head_dim] applied to each query and key head before RoPE. */
  qNorm?: Tensor1D;
  kNorm?: Tensor1D;
  lora: Partial<Record<Projection, LoraWeights>>;
}

/** The projections that carry a bias under a config (Hugging Face module definitions). */
export function biasedProjections(c: LlamaConfig): Projection[] {
  const out: Projection[] = [];
  if (c.architecture === 'qwen2') out.push('q_proj', 'k_proj', 'v_proj');
  else if (c.attentionBias) out.push('q_proj', 'k_proj', 'v_proj', 'o_proj');
  if (c.mlpBias) out.push('gate_proj', 'up_proj', 'down_proj');
  return out;
}

/** Every fp32 vector of a layer besides the projections' weights (norms, biases), with its HF name. */
export function layerVectors(layer: LlamaLayer, i: number): [string, Tensor1D][] {
  const out: [string, Tensor1D][] = [
    [`model.layers.${i}.input_layernorm.weight`, layer.inputNorm],
    [`model.layers.${i}.post_attention_layernorm.weight`, layer.postAttentionNorm],
  ];
  if (layer.qNorm) out.push([`model.layers.${i}.self_attn.q_norm.weight`, layer.qNorm]);
  if (layer.kNorm) out.push([`model.layers.${i}.self_attn.k_norm.weight`, layer.kNorm]);
  for (const p of PROJECTIONS) {
    const b = layer.bias[p];
    if (b) out.push([`${projectionPath(i, p)}.bias`, b]);
  }
  return out;
}

export interface LlamaWeights {
  embed: Tensor2D;
  layers: LlamaLayer[];
  norm: Tensor1D;
  /** Absent when the head is tied to the embeddings. */
  lmHead?: BaseWeight;
}

export interface ForwardOptions {
  /** Draws the adapters' dropout masks; none means evaluation (no dropout). */
  dropoutRng?: Rng;
  /** Keep every intermediate for backprop instead of recomputing each layer (more memory). */
  noRecompute?: boolean;
}

/** Where the base's bytes are, for memory reports. */
export interface BaseQuantization {
  type: QuantType;
  doubleQuant: boolean;
}

/**
 * A Llama-family decoder (Hugging Face `LlamaForCausalLM` semantics, and the Qwen2, Qwen3 and
 * Mistral variants its config describes): RMSNorm in fp32, RoPE with rotate_half and the
 * config's frequency scaling, optional projection biases and per-head q/k norms, multi-head or
 * grouped-query causal attention with an optional sliding window per layer, SwiGLU MLP, tied or
 * untied head, optional LoRA adapters on any projection.
 */
export class LlamaModel {
  loraConfig?: LoraConfig;
  private ropeCache = new Map<number, { cos: Tensor2D; sin: Tensor2D }>();
  private rotation?: { matrix: Tensor2D; transposed: Tensor2D };
  private maskCache = new Map<string, Tensor2D>();

  constructor(
    readonly config: LlamaConfig,
    readonly weights: LlamaWeights,
    readonly tokenizer: Tokenizer,
    readonly quantization: BaseQuantization = { type: 'FP32', doubleQuant: false },
    /** Where the base came from (`builtin:tiny-llama` or a directory), for adapter_config.json. */
    public source = 'unknown',
  ) {}

  /** Logits [sequence, vocabulary], row-major, for one sequence of token ids. */
  logits(ids: number[]): Float32Array {
    return tf.tidy(() => {
      const input = tf.tensor2d([ids], [1, ids.length], 'int32');
      return this.forward(input).dataSync() as Float32Array;
    });
  }

  /** Logits [batch * seq, vocab] for int32 ids [batch, seq]. */
  forward(ids: Tensor2D, options: ForwardOptions = {}): Tensor2D {
    const hidden = this.hidden(ids, options);
    if (this.weights.lmHead) return linear(hidden, this.weights.lmHead);
    const embed = this.weights.embed;
    // A frozen tied head needs no gradient of its own (only pretraining trains it).
    if (!(embed instanceof tf.Variable)) return matMulConstant(hidden, tf.transpose(embed), embed);
    return matMul2d(hidden, tf.transpose(embed));
  }

  /** Final normed hidden states [batch * seq, hidden] for int32 ids [batch, seq]: what the head multiplies. */
  hidden(ids: Tensor2D, options: ForwardOptions = {}): Tensor2D {
    const c = this.config;
    const [batch, seq] = ids.shape;
    const n = batch * seq;
    let x: Tensor2D = this.embed(tf.reshape(ids, [n]) as Tensor1D);
    const { cos, sin } = this.rope(seq);
    const rep = c.numAttentionHeads / c.numKeyValueHeads;
    for (const [i, layer] of this.weights.layers.entries()) {
      const mask = this.causalMask(seq, rep, usesSlidingWindow(c, i) ? c.slidingWindow : undefined);
      const masks = this.dropoutMasks(layer, n, options);
      const block = (input: Tensor2D) => this.decoderLayer(layer, input, masks, batch, seq, cos, sin, mask);
      x = options.noRecompute ? block(x) : this.recomputed(layer, block, x);
    }
    return this.rmsNorm(x, this.weights.norm);
  }

  /** The output head [vocab, hidden] (the tied embeddings or lm_head) for the chunked loss; `trainable` when pretraining trains it. */
  lossHead(): LossHead {
    const head = this.weights.lmHead;
    if (head) return { weight: () => head.materialize(false), trainable: head.variable };
    const embed = this.weights.embed;
    return { weight: () => embed, trainable: embed instanceof tf.Variable ? embed : undefined };
  }

  private embed(flatIds: Tensor1D): Tensor2D {
    const table = this.weights.embed;
    // A frozen table gets no gradient. Gathering it on the tape would make tfjs save a copy
    // of the whole [vocab, hidden] table for backprop (wasm's Identity copies): 108 MiB at
    // SmolLM2-135M, 1 GiB at Llama-3.2-1B. Inside an op of its own nothing is taped.
    if (!(table instanceof tf.Variable)) {
      return customOp<[Tensor1D], Tensor2D>(([ids]) => ({ value: tf.gather(table, ids), gradFunc: () => [tf.zerosLike(flatIds)] }))(flatIds);
    }
    // Trainable embeddings (pretraining): gather's gradient (UnsortedSegmentSum) is missing
    // on wasm, so the gradient is a one-hot matmul. wasm's OneHot with a float32 dtype
    // returns zeros: make it int32 and cast.
    return customOp<[Tensor2D], Tensor2D>(([t], save) => {
      save([flatIds]);
      return {
        value: tf.gather(t, flatIds),
        gradFunc: (dy, [ids]) => [tf.matMul(tf.transpose(tf.cast(tf.oneHot(ids as Tensor1D, table.shape[0]), 'float32')), dy as Tensor2D)],
      };
    })(table);
  }

  private decoderLayer(
    layer: LlamaLayer,
    x: Tensor2D,
    masks: Partial<Record<Projection, Float32Array>>,
    batch: number,
    seq: number,
    cos: Tensor2D,
    sin: Tensor2D,
    causal: Tensor2D,
  ): Tensor2D {
    // Masks are drawn once per step (values) and made into tensors on each run of the layer,
    // so the recomputation in backward sees exactly the forward pass's dropout.
    const lin = (p: Projection, input: Tensor2D) => {
      const m = masks[p];
      return this.linear(layer, p, input, m ? tf.tensor2d(m, input.shape) : undefined);
    };
    const h = this.rmsNorm(x, layer.inputNorm);
    const attn = this.attention(layer, lin, h, batch, seq, cos, sin, causal);
    const x1 = tf.add(x, lin('o_proj', attn)) as Tensor2D;
    const h2 = this.rmsNorm(x1, layer.postAttentionNorm);
    const gate = lin('gate_proj', h2);
    const up = lin('up_proj', h2);
    return tf.add(x1, lin('down_proj', tf.mul(tf.mul(gate, tf.sigmoid(gate)), up) as Tensor2D)) as Tensor2D;
  }

  /**
   * Gradient checkpointing: tfjs keeps every forward intermediate alive until backprop ends,
   * so each decoder layer runs as one op that saves only its input and recomputes its
   * forward pass (with the same dropout masks) when its gradient is needed.
   */
  private recomputed(layer: LlamaLayer, block: (x: Tensor2D) => Tensor2D, x: Tensor2D): Tensor2D {
    const trainable = this.layerTrainables(layer);
    return customOp<Tensor[], Tensor2D>(([xi], save) => {
      save([xi]);
      return {
        value: block(xi as Tensor2D),
        gradFunc: (dy, [sx]) => nestedGrads(() => tf.grads((input: Tensor) => block(input as Tensor2D))([sx, ...trainable], dy)),
      };
    })(x, ...trainable);
  }

  /** Tensors of a layer that receive gradients: adapters, or every weight when pretraining. */
  private layerTrainables(layer: LlamaLayer): Tensor[] {
    const out: Tensor[] = [];
    for (const p of PROJECTIONS) {
      const a = layer.lora[p];
      if (a && this.loraConfig) out.push(a.at, a.bt);
      const v = layer.proj[p].variable;
      if (v) out.push(v);
    }
    for (const [, v] of layerVectors(layer, 0)) if (v instanceof tf.Variable) out.push(v);
    return out;
  }

  private dropoutMasks(layer: LlamaLayer, rows: number, options: ForwardOptions): Partial<Record<Projection, Float32Array>> {
    const cfg = this.loraConfig;
    const masks: Partial<Record<Projection, Float32Array>> = {};
    if (!cfg || !options.dropoutRng || cfg.dropout <= 0) return masks;
    const keep = 1 - cfg.dropout;
    for (const p of PROJECTIONS) {
      if (!layer.lora[p]) continue;
      const cols = layer.proj[p].shape[1];
      const values = new Float32Array(rows * cols);
      for (let i = 0; i < values.length; i++) values[i] = options.dropoutRng.next() < keep ? 1 / keep : 0;
      masks[p] = values;
    }
    return masks;
  }

  private linear(layer: LlamaLayer, p: Projection, x: Tensor2D, mask?: Tensor2D): Tensor2D {
    const adapter = layer.lora[p];
    const y =
      !adapter || !this.loraConfig
        ? linear(x, layer.proj[p])
        : linear(x, layer.proj[p], { at: adapter.at as Tensor2D, bt: adapter.bt as Tensor2D, scale: adapter.scale, mask });
    const b = layer.bias[p];
    return b ? (tf.add(y, b) as Tensor2D) : y;
  }

  private rmsNorm<T extends Tensor>(x: T, w: Tensor1D): T {
    const variance = tf.mean(tf.square(x), -1, true);
    return tf.mul(tf.mul(x, tf.rsqrt(tf.add(variance, this.config.rmsNormEps))), w) as T;
  }

  private attention(
    layer: LlamaLayer,
    lin: (p: Projection, x: Tensor2D) => Tensor2D,
    h: Tensor2D,
    batch: number,
    seq: number,
    cos: Tensor2D,
    sin: Tensor2D,
    mask: Tensor2D,
  ): Tensor2D {
    const c = this.config;
    const hd = c.headDim;
    const nh = c.numAttentionHeads;
    const nkv = c.numKeyValueHeads;
    const rep = nh / nkv;
    const heads = (t: Tensor2D, count: number, norm?: Tensor1D) => {
      const split = tf.transpose(tf.reshape(t, [batch, seq, count, hd]), [0, 2, 1, 3]);
      return norm ? this.rmsNorm(split, norm) : split;
    };
    // Grouped-query attention without repeating k and v: the `rep` query heads that share a
    // key/value head are stacked along the sequence axis, [batch * nkv, rep * seq, hd].
    const q = this.applyRope(heads(lin('q_proj', h), nh, layer.qNorm), cos, sin);
    const k = this.applyRope(heads(lin('k_proj', h), nkv, layer.kNorm), cos, sin);
    const v = heads(lin('v_proj', h), nkv);
    const q3 = tf.reshape(tf.mul(q, 1 / Math.sqrt(hd)), [batch * nkv, rep * seq, hd]) as Tensor3D;
    const scores = tf.add(batchMatMulTransposedB(q3, tf.reshape(k, [batch * nkv, seq, hd]) as Tensor3D), mask);
    const probs = tf.softmax(scores) as Tensor3D;
    const ctx = batchMatMul(probs, tf.reshape(v, [batch * nkv, seq, hd]) as Tensor3D);
    const merged = tf.transpose(tf.reshape(ctx, [batch, nh, seq, hd]), [0, 2, 1, 3]);
    return tf.reshape(merged, [batch * seq, nh * hd]);
  }

  /** x cos + rotate_half(x) sin, with rotate_half as a matmul by a fixed signed permutation. */
  private applyRope(x: Tensor, cos: Tensor2D, sin: Tensor2D): Tensor {
    const hd = this.config.headDim;
    const flat = tf.reshape(x, [-1, hd]) as Tensor2D;
    const r = this.rotationMatrix();
    const rotated = tf.reshape(matMulConstant(flat, r.matrix, r.transposed), x.shape);
    return tf.add(tf.mul(x, cos), tf.mul(rotated, sin));
  }

  private rotationMatrix(): { matrix: Tensor2D; transposed: Tensor2D } {
    if (!this.rotation) {
      const hd = this.config.headDim;
      const half = hd / 2;
      const r = new Float32Array(hd * hd);
      for (let j = 0; j < half; j++) r[(j + half) * hd + j] = -1;
      for (let j = half; j < hd; j++) r[(j - half) * hd + j] = 1;
      const matrix = tf.keep(tf.tensor2d(r, [hd, hd]));
      this.rotation = { matrix, transposed: tf.keep(tf.transpose(matrix)) };
    }
    return this.rotation;
  }

  private rope(seq: number): { cos: Tensor2D; sin: Tensor2D } {
    let e = this.ropeCache.get(seq);
    if (!e) {
      const hd = this.config.headDim;
      const inv = ropeInverseFrequencies(this.config, seq);
      const cos = new Float32Array(seq * hd);
      const sin = new Float32Array(seq * hd);
      for (let p = 0; p < seq; p++) {
        for (let j = 0; j < hd / 2; j++) {
          const angle = Math.fround(p * inv[j]);
          cos[p * hd + j] = cos[p * hd + j + hd / 2] = Math.cos(angle);
          sin[p * hd + j] = sin[p * hd + j + hd / 2] = Math.sin(angle);
        }
      }
      e = { cos: tf.keep(tf.tensor2d(cos, [seq, hd])), sin: tf.keep(tf.tensor2d(sin, [seq, hd])) };
      this.ropeCache.set(seq, e);
    }
    return e;
  }

  /**
   * Additive causal mask [rep * seq, seq]: row r * seq + t may see columns 0..t, or with a
   * sliding window the columns s with t - window < s <= t (transformers' `sliding_window_overlay`).
   */
  private causalMask(seq: number, rep: number, window?: number): Tensor2D {
    const key = `${seq}x${rep}w${window ?? 0}`;
    let m = this.maskCache.get(key);
    if (!m) {
      const v = new Float32Array(rep * seq * seq);
      const first = (t: number) => (window === undefined ? 0 : Math.max(0, t - window + 1));
      for (let r = 0; r < rep; r++)
        for (let t = 0; t < seq; t++) {
          const row = (r * seq + t) * seq;
          for (let s = 0; s < first(t); s++) v[row + s] = -1e9;
          for (let s = t + 1; s < seq; s++) v[row + s] = -1e9;
        }
      m = tf.keep(tf.tensor2d(v, [rep * seq, seq]));
      this.maskCache.set(key, m);
    }
    return m;
  }

  /** Every adapter weight, in a stable order (layer, projection, A then B). */
  loraVariables(): tf.Variable[] {
    const out: tf.Variable[] = [];
    for (const layer of this.weights.layers) {
      for (const p of PROJECTIONS) {
        const a = layer.lora[p];
        if (a) out.push(a.at, a.bt);
      }
    }
    return out;
  }

  /** Bytes of the frozen base as stored (packed codes, scales, fp32 embeddings and norms). */
  baseByteLength(): number {
    const w = this.weights;
    let bytes = w.embed.size * 4 + w.norm.size * 4 + (w.lmHead?.byteLength ?? 0);
    w.layers.forEach((l, i) => {
      for (const [, v] of layerVectors(l, i)) bytes += v.size * 4;
      for (const p of PROJECTIONS) bytes += l.proj[p].byteLength;
    });
    return bytes;
  }

  baseParameterCount(): number {
    const w = this.weights;
    let n = w.embed.size + w.norm.size + (w.lmHead?.size ?? 0);
    w.layers.forEach((l, i) => {
      for (const [, v] of layerVectors(l, i)) n += v.size;
      for (const p of PROJECTIONS) n += l.proj[p].size;
    });
    return n;
  }

  removeLora(): void {
    for (const layer of this.weights.layers) {
      for (const p of PROJECTIONS) {
        const a = layer.lora[p];
        if (a) {
          a.at.dispose();
          a.bt.dispose();
        }
      }
      layer.lora = {};
    }
    this.loraConfig = undefined;
  }

  dispose(): void {
    this.removeLora();
    const w = this.weights;
    w.embed.dispose();
    w.norm.dispose();
    w.lmHead?.dispose();
    w.layers.forEach((l, i) => {
      for (const [, v] of layerVectors(l, i)) v.dispose();
      for (const p of PROJECTIONS) l.proj[p].dispose();
    });
    for (const e of this.ropeCache.values()) tf.dispose([e.cos, e.sin]);
    for (const m of this.maskCache.values()) m.dispose();
    if (this.rotation) tf.dispose([this.rotation.matrix, this.rotation.transposed]);
    this.ropeCache.clear();
    this.maskCache.clear();
    this.rotation = undefined;
  }
}

export { BaseWeight };
