import { tf, type Tensor2D } from '../backend/tf';
import { customOp } from '../ops/custom-op';
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

/** A language-modelling batch: inputs [b, t], one-hot targets [b * t, vocab], loss mask [b * t, 1]. */
export interface Batch {
  inputs: Tensor2D;
  targets: Tensor2D;
  mask: Tensor2D;
  /** Number of completion tokens (loss positions). */
  tokens: number;
}

/**
 * Packs examples right-padded to `seq` (+1 for the shifted targets); an example longer than
 * that keeps its last `seq + 1` tokens (so the completion survives truncation). Loss only on
 * completion tokens (or those `trained` marks).
 */
export function makeBatch(encoded: EncodedExample[], seq: number, vocab: number): Batch {
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
  return tf.tidy(() => ({
    inputs: tf.tensor2d(inputs, [b, seq], 'int32'),
    targets: tf.cast(tf.oneHot(tf.tensor1d(targets, 'int32'), vocab), 'float32') as Tensor2D,
    mask: tf.tensor2d(mask, [b * seq, 1]),
    tokens,
  }));
}

export function disposeBatch(b: Batch): void {
  tf.dispose([b.inputs, b.targets, b.mask]);
}

/**
 * Mean cross-entropy over masked positions: logits [n, vocab], one-hot targets, mask [n, 1].
 * One op with the closed-form gradient (softmax - targets) * mask / count: autodiff through
 * logSumExp keeps several [n, vocab] intermediates and spends time on its max's gradient,
 * which cancels out.
 */
export function maskedCrossEntropy(logits: Tensor2D, targets: Tensor2D, mask: Tensor2D): tf.Scalar {
  return customOp<[Tensor2D], tf.Scalar>(([z], save) => {
    const logp = tf.sub(z, tf.logSumExp(z, -1, true));
    const picked = tf.sum(tf.mul(logp, targets), -1, true);
    const count = tf.maximum(tf.sum(mask), 1);
    save([logp, count]);
    return {
      value: tf.div(tf.neg(tf.sum(tf.mul(picked, mask))), count) as tf.Scalar,
      gradFunc: (dy, [slogp, scount]) => [tf.mul(tf.sub(tf.exp(slogp), targets), tf.div(tf.mul(mask, dy), scount))],
    };
  })(logits);
}
