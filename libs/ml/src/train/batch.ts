import { crossEntropyChunkRows } from '@loralab/core';
import { tf, type Tensor, type Tensor1D, type Tensor2D } from '../backend/tf';
import { customOp } from '../ops/custom-op';
import { matMulT, matMulTransposedB } from '../ops/mat-mul.op';
import type { ForwardOptions, LlamaModel } from '../model/llama/llama.model';
import type { Example } from '../tasks/task.types';
import type { Tokenizer } from '../tokenizer/tokenizer.types';

/**
 * Token ids of prompt + completion and where the completion starts; with `trained`, which
 * tokens carry the loss instead (1: predicting this token is trained).
 */
export interface EncodedExample {
  ids: number[];
  completionStart: number;
  trained?: Uint8Array;
}

export function encodeExample(tok: Tokenizer, e: Example): EncodedExample {
  if (e.segments) {
    const ids: number[] = [];
    const flags: number[] = [];
    for (const s of e.segments) {
      const t = tok.encode(s.text);
      ids.push(...t);
      flags.push(...t.map(() => (s.train ? 1 : 0)));
    }
    const first = flags.indexOf(1);
    return { ids, completionStart: first < 0 ? ids.length : first, trained: Uint8Array.from(flags) };
  }
  const p = tok.encode(e.prompt);
  const c = tok.encode(e.completion);
  return { ids: [...p, ...c], completionStart: p.length };
}

/** A language-modelling batch: inputs [b, t], target ids [b * t] (int32), loss mask [b * t, 1]. */
export interface Batch {
  inputs: Tensor2D;
  targets: Tensor1D;
  mask: Tensor2D;
  /** Number of completion tokens (loss positions). */
  tokens: number;
}

/**
 * Packs examples right-padded to `seq` (+1 for the shifted targets); an example longer than
 * that keeps its last `seq + 1` tokens (so the completion survives truncation). Loss only on
 * completion tokens (or those `trained` marks).
 */
export function makeBatch(encoded: EncodedExample[], seq: number): Batch {
  const b = encoded.length;
  const inputs = new Int32Array(b * seq);
  const targets = new Int32Array(b * seq);
  const mask = new Float32Array(b * seq);
  let tokens = 0;
  encoded.forEach((e, r) => {
    const drop = Math.max(0, e.ids.length - (seq + 1));
    const ids = e.ids.slice(drop);
    const start = e.completionStart - drop;
    for (let t = 0; t < seq && t < ids.length; t++) inputs[r * seq + t] = ids[t];
    for (let t = 0; t + 1 < ids.length && t < seq; t++) {
      targets[r * seq + t] = ids[t + 1];
      if (e.trained ? e.trained[t + 1 + drop] === 1 : t + 1 >= start) {
        mask[r * seq + t] = 1;
        tokens++;
      }
    }
  });
  return {
    inputs: tf.tensor2d(inputs, [b, seq], 'int32'),
    targets: tf.tensor1d(targets, 'int32'),
    mask: tf.tensor2d(mask, [b * seq, 1]),
    tokens,
  };
}

export function disposeBatch(b: Batch): void {
  tf.dispose([b.inputs, b.targets, b.mask]);
}

/** The output head as the loss needs it: weight [vocab, hidden]; `trainable` when it gets a gradient (pretraining). */
export interface LossHead {
  weight: () => Tensor2D;
  trainable?: tf.Variable;
}

/** z[i, targets[i]] as [rows, 1] (a flat gather: wasm's GatherV2 with batchDims reads out of bounds). */
function pick(z: Tensor2D, targets: Tensor1D): Tensor2D {
  const [rows, vocab] = z.shape;
  const flat = tf.add(tf.mul(tf.range(0, rows, 1, 'int32'), tf.scalar(vocab, 'int32')), targets);
  return tf.reshape(tf.gather(tf.reshape(z, [-1]), flat), [rows, 1]);
}

/** Log-probability of each row's target, [rows, 1], from logits [rows, vocab]. */
export function pickedLogProbs(logits: Tensor2D, targets: Tensor1D): Tensor2D {
  return tf.tidy(() => tf.sub(pick(logits, targets), tf.logSumExp(logits, -1, true)) as Tensor2D);
}

/**
 * `f` of each chunk of `hidden`'s logits through `head` (forward only: evaluation), the
 * chunks as the loss takes them (`crossEntropyChunkRows`), so at most one chunk's
 * [rows, vocab] logits and its temporaries are alive: the full [tokens, vocab] logits of an
 * evaluation batch never exist. Results are concatenated along rows.
 */
export function mapLogitChunks<T extends Tensor>(hidden: Tensor2D, head: LossHead, f: (logits: Tensor2D, start: number, rows: number) => T): T {
  return tf.tidy(() => {
    const w = head.weight();
    const n = hidden.shape[0];
    const chunk = crossEntropyChunkRows(n, w.shape[0]);
    const parts: T[] = [];
    for (let s = 0; s < n; s += chunk) {
      const rows = Math.min(chunk, n - s);
      parts.push(tf.tidy(() => f(matMulTransposedB(tf.slice(hidden, [s, 0], [rows, -1]), w), s, rows)));
    }
    return (parts.length === 1 ? parts[0] : tf.concat(parts)) as T;
  });
}

/** Log-probability of each row's target, [rows, 1], from final hidden states [rows, hidden] (chunked, see `mapLogitChunks`). */
export function pickedLogProbsOfHidden(hidden: Tensor2D, head: LossHead, targets: Tensor1D): Tensor2D {
  return mapLogitChunks(hidden, head, (z, s, rows) => pickedLogProbs(z, tf.slice(targets, [s], [rows])));
}

/** The most likely next token of each row, [rows] int32, from final hidden states [rows, hidden] (chunked). */
export function argMaxOfHidden(hidden: Tensor2D, head: LossHead): Tensor1D {
  return mapLogitChunks(hidden, head, (z) => tf.argMax(z, -1) as Tensor1D);
}

/**
 * Mean cross-entropy over masked positions of `hidden` [n, d] (the final normed hidden
 * states) through `head` [vocab, d], target ids [n], mask [n, 1]: the head's matmul and the
 * loss run in chunks of `chunkRows` rows (as Liger Kernel's fused linear cross-entropy and
 * Unsloth do), so at most one chunk's [rows, vocab] logits are alive, in forward and in
 * backward, which recomputes each chunk's logits. One op with the closed-form gradient
 * (softmax - onehot) * mask / count: autodiff through logSumExp would keep several
 * [n, vocab] intermediates.
 */
export function chunkedCrossEntropy(
  hidden: Tensor2D,
  head: LossHead,
  targets: Tensor1D,
  mask: Tensor2D,
  chunkRows = crossEntropyChunkRows(hidden.shape[0], head.weight().shape[0]),
): tf.Scalar {
  const n = hidden.shape[0];
  const starts: number[] = [];
  for (let s = 0; s < n; s += chunkRows) starts.push(s);
  const rows = (s: number) => Math.min(chunkRows, n - s);
  const logitsOf = (h: Tensor2D, w: Tensor2D, s: number) => matMulTransposedB(tf.slice(h, [s, 0], [rows(s), -1]), w);
  const op = (h: Tensor2D, w: Tensor2D, save: tf.GradSaveFunc) => {
    const count = tf.maximum(tf.sum(mask), 1);
    const parts = starts.map((s) =>
      tf.tidy(() => {
        const z = logitsOf(h, w, s);
        const lse = tf.logSumExp(z, -1, true);
        const picked = pick(z, tf.slice(targets, [s], [rows(s)]));
        return { lse, loss: tf.sum(tf.mul(tf.sub(lse, picked), tf.slice(mask, [s, 0], [rows(s), 1]))) };
      }),
    );
    const lse = tf.concat(parts.map((p) => p.lse));
    const value = tf.div(tf.addN(parts.map((p) => p.loss)), count) as tf.Scalar;
    tf.dispose(parts.flatMap((p) => [p.lse, p.loss]));
    save([h, lse, count]);
    return value;
  };
  /**
   * d loss / d logits of one chunk: (softmax - onehot) * mask * dy / count, freeing each
   * [rows, vocab] temporary as soon as the next exists (at most three alive).
   */
  const chunkGrad = (h: Tensor2D, w: Tensor2D, lse: Tensor, scale: Tensor, s: number): Tensor2D => {
    const then = <T extends Tensor>(prev: Tensor[], next: T): T => {
      tf.dispose(prev);
      return next;
    };
    const z = logitsOf(h, w, s);
    const shifted = then([z], tf.sub(z, tf.slice(lse, [s, 0], [rows(s), 1])));
    const p = then([shifted], tf.exp(shifted));
    const ids = tf.oneHot(tf.slice(targets, [s], [rows(s)]), w.shape[0]);
    const onehot = then([ids], tf.cast(ids, 'float32'));
    const diff = then([p, onehot], tf.sub(p, onehot));
    return then([diff], tf.mul(diff, tf.slice(scale, [s, 0], [rows(s), 1])));
  };
  if (head.trainable) {
    return customOp<[Tensor2D, Tensor2D], tf.Scalar>(([h, w], save) => ({
      value: op(h, w, save),
      gradFunc: (dy, [sh, lse, count]) => {
        const w2 = head.weight();
        const scale = tf.div(tf.mul(mask, dy), count);
        let dw: Tensor = tf.zerosLike(w2);
        const dh = starts.map((s) =>
          tf.tidy(() => {
            const g = chunkGrad(sh as Tensor2D, w2, lse, scale, s);
            const next = tf.add(dw, matMulT(g, tf.slice(sh, [s, 0], [rows(s), -1]) as Tensor2D, true, false));
            dw.dispose();
            dw = tf.keep(next);
            return tf.matMul(g, w2);
          }),
        );
        return [tf.concat(dh), dw];
      },
    }))(hidden, head.trainable as unknown as Tensor2D);
  }
  return customOp<[Tensor2D], tf.Scalar>(([h], save) => ({
    value: op(h, head.weight(), save),
    gradFunc: (dy, [sh, lse, count]) => {
      const w = head.weight();
      const scale = tf.div(tf.mul(mask, dy), count);
      return [tf.concat(starts.map((s) => tf.tidy(() => tf.matMul(chunkGrad(sh as Tensor2D, w, lse, scale, s), w))))];
    },
  }))(hidden);
}

/** The model's mean completion-token cross-entropy on a batch (chunked, see `chunkedCrossEntropy`). */
export function batchLoss(model: LlamaModel, batch: Batch, options: ForwardOptions = {}): tf.Scalar {
  return chunkedCrossEntropy(model.hidden(batch.inputs, options), model.lossHead(), batch.targets, batch.mask);
}
